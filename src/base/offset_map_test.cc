#include "base/offset_map.h"

#include <gtest/gtest.h>

namespace jikenbo {
namespace {

TEST(OffsetMap, EmptyIsIdentity) {
  OffsetMap m;
  EXPECT_EQ(m.ToOrigin(42), 42u);
  EXPECT_EQ(m.ToOriginEnd(42, 100), 42u);
}

TEST(OffsetMap, LinearPiecesShiftAndNonLinearPiecesSnap) {
  // derived: "ab" + 3-byte replacement + "cd"; origin: "ab" + 1 bad byte + "cd"
  OffsetMap m;
  m.Add(0, 0, true);
  m.Add(2, 2, false);
  m.Add(5, 3, true);
  EXPECT_EQ(m.ToOrigin(1), 1u);
  EXPECT_EQ(m.ToOrigin(3), 2u);        // inside the replacement: its start
  EXPECT_EQ(m.ToOriginEnd(3, 5), 3u);  // end inside it: the next piece's start
  EXPECT_EQ(m.ToOrigin(6), 4u);
}

TEST(OffsetMap, MergesContinuingLinearPieces) {
  OffsetMap m;
  m.Add(0, 0, true);
  m.Add(10, 10, true);
  EXPECT_EQ(m.anchors().size(), 1u);
}

TEST(OffsetMap, SliceRebasesAndDropsLinearOnlyMaps) {
  OffsetMap m;
  m.Add(0, 0, true);
  m.Add(10, 10, false);
  m.Add(13, 11, true);
  OffsetMap s = m.Slice(5, 20);
  ASSERT_FALSE(s.empty());
  EXPECT_EQ(s.ToOrigin(9), 7u);  // derived 14 -> origin 12 -> rebased 12-5
  EXPECT_TRUE(m.Slice(13, 20).empty());
}

}  // namespace
}  // namespace jikenbo
