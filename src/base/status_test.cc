#include "base/status.h"

#include <gtest/gtest.h>

namespace jikenbo {
namespace {

Result<int> Half(int x) {
  if (x % 2 != 0) return Status::InvalidInput("odd", std::to_string(x));
  return x / 2;
}

Result<int> Quarter(int x) {
  JK_ASSIGN_OR_RETURN(int h, Half(x));
  return Half(h);
}

TEST(Status, ToStringSaysWhatAndWhere) {
  EXPECT_EQ(Status::InvalidInput("bad UTF-8", "a.txt@1042").ToString(),
            "InvalidInput: bad UTF-8: a.txt@1042");
  EXPECT_EQ(Status::Ok().ToString(), "OK");
}

TEST(Result, PropagatesErrors) {
  EXPECT_EQ(*Quarter(8), 2);
  EXPECT_FALSE(Quarter(6).ok());
  EXPECT_EQ(Quarter(6).status().where(), "3");
}

TEST(Result, OkStatusIsNotAValue) {
  Result<int> r{Status::Ok()};
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), Code::kInternal);
}

}  // namespace
}  // namespace jikenbo
