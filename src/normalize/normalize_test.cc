#include "normalize/normalize.h"

#include <gtest/gtest.h>

namespace jikenbo::normalize {
namespace {

TEST(Normalize, FullWidthDigitsAndLatinBecomeAsciiInTheView) {
  auto n = Normalize("被害は１２３名、ＵＳＢメモリ");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->nfkc(), "被害は123名、USBメモリ");
  EXPECT_EQ(n->text(), "被害は１２３名、ＵＳＢメモリ");  // the original is kept
}

TEST(Normalize, ViewOffsetsMapBackToTheOriginalCharacters) {
  auto n = Normalize("件数：１２件");
  ASSERT_TRUE(n.ok());
  const std::string& v = n->nfkc();
  const size_t at = v.find("12");
  ASSERT_NE(at, std::string::npos);
  const uint64_t b = n->nfkc_to_text().ToOrigin(at);
  const uint64_t e = n->nfkc_to_text().ToOriginEnd(at + 2, n->text().size());
  EXPECT_EQ(n->text().substr(b, e - b), "１２");
}

TEST(Normalize, InvalidBytesBecomeReplacementWithWarningAndOffset) {
  auto n = Normalize(std::string("ok\n\xFF\xFEtext"));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->invalid_bytes(), 2u);
  ASSERT_EQ(n->warnings().size(), 2u);
  EXPECT_EQ(n->warnings()[0].offset, 3u);
  EXPECT_NE(n->warnings()[0].message.find("byte offset 3"), std::string::npos);
  EXPECT_EQ(n->text(), "ok\n\xEF\xBF\xBD\xEF\xBF\xBDtext");
  // "text" starts at 9 in the repaired text and at 5 in the source.
  EXPECT_EQ(n->text_to_source().ToOrigin(9), 5u);
}

TEST(Normalize, WarningsAreCappedWithASummary) {
  auto n = Normalize(std::string(100, '\xFF'), Options{.max_warnings = 3});
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->warnings().size(), 4u);
  EXPECT_NE(n->warnings().back().message.find("97 more"), std::string::npos);
}

TEST(Normalize, BomIsDroppedAndOffsetsStillPointIntoTheSource) {
  auto n = Normalize(
      "\xEF\xBB\xBF"
      "abc");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(n->text(), "abc");
  EXPECT_EQ(n->text_to_source().ToOrigin(1), 4u);
}

TEST(Normalize, LinesAreKeptAndNumberedFromOne) {
  auto n = Normalize("一行目\r\n二行目\n\n四行目");
  ASSERT_TRUE(n.ok());
  ASSERT_EQ(n->line_count(), 4u);
  EXPECT_EQ(n->Line(0), "一行目");  // CR dropped
  EXPECT_EQ(n->NfkcLine(3), "四行目");
  EXPECT_EQ(n->LineOf(n->text().find("四")), 4u);
  EXPECT_EQ(n->LineOf(0), 1u);
}

TEST(Normalize, NfkcHelperRepairsToo) {
  EXPECT_EQ(Nfkc("ｈｔｔｐｓ：／／"), "https://");
  EXPECT_EQ(Nfkc("a\xFF"), "a\xEF\xBF\xBD");
}

}  // namespace
}  // namespace jikenbo::normalize
