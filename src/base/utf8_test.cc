#include "base/utf8.h"

#include <gtest/gtest.h>

namespace jikenbo::utf8 {
namespace {

TEST(Utf8, DecodesOneToFourByteSequences) {
  const std::string s = "a\xC3\xA9\xE4\xBA\x8B\xF0\x9F\x98\x80";  // a é 事 😀
  EXPECT_EQ(Next(s, 0).cp, U'a');
  EXPECT_EQ(Next(s, 1).cp, U'é');
  EXPECT_EQ(Next(s, 1).len, 2u);
  EXPECT_EQ(Next(s, 3).cp, U'事');
  EXPECT_EQ(Next(s, 6).cp, char32_t{0x1F600});
  EXPECT_EQ(CountCodePoints(s), 4u);
}

TEST(Utf8, RejectsOverlongsSurrogatesAndTruncation) {
  EXPECT_EQ(Next("\xC0\xAF", 0).cp, kInvalid);          // overlong '/'
  EXPECT_EQ(Next("\xED\xA0\x80", 0).cp, kInvalid);      // surrogate
  EXPECT_EQ(Next("\xF4\x90\x80\x80", 0).cp, kInvalid);  // > U+10FFFF
  EXPECT_EQ(Next("\xE4\xBA", 0).cp, kInvalid);          // truncated
  EXPECT_EQ(Next("\xE4\xBA", 0).len, 1u);
  EXPECT_FALSE(IsValid("ok\xFF"));
  EXPECT_TRUE(IsValid("漏洩"));
}

TEST(Utf8, RepairReplacesEachBadByteAndReportsOffsets) {
  std::string out;
  std::vector<size_t> bad;
  EXPECT_EQ(Repair("a\xFF"
                   "b\xE4\xBA"
                   "c",
                   &out, &bad),
            3u);
  EXPECT_EQ(out,
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD\xEF\xBF\xBD"
            "c");
  EXPECT_EQ(bad, (std::vector<size_t>{1, 3, 4}));
  EXPECT_TRUE(IsValid(out));
}

TEST(Utf8, RepairKeepsValidTextUnchanged) {
  std::string out;
  EXPECT_EQ(Repair("個人情報 leak", &out, nullptr), 0u);
  EXPECT_EQ(out, "個人情報 leak");
}

TEST(Utf8, TrimKnowsIdeographicAndNoBreakSpaces) {
  EXPECT_EQ(Trim("\xE3\x80\x80 本文\xC2\xA0\t"), "本文");
  EXPECT_TRUE(IsBlank(" \xC2\xA0\xE3\x80\x80\r"));
  EXPECT_FALSE(IsBlank(" ・ "));
}

TEST(Utf8, PrevStepsBackOneCodePoint) {
  const std::string s = "a事b";  // a(0) 事(1..3) b(4)
  EXPECT_EQ(Prev(s, 5), 4u);
  EXPECT_EQ(Prev(s, 4), 1u);
  EXPECT_EQ(Prev(s, 1), 0u);
  EXPECT_EQ(Prev(s, 0), 0u);
}

TEST(Utf8, ScriptClasses) {
  EXPECT_TRUE(IsHan(U'漏'));
  EXPECT_TRUE(IsHan(U'々'));
  EXPECT_TRUE(IsHiragana(U'の'));
  EXPECT_TRUE(IsKatakana(U'ー'));
  EXPECT_FALSE(IsKatakana(U'・'));
  EXPECT_FALSE(IsCjk(U'A'));
}

TEST(Utf8, PrefixNeverCutsACharacter) {
  const std::string s =
      "ab\xE3\x81\x82"
      "c";  // a b あ c
  EXPECT_EQ(Prefix(s, 100), s);
  EXPECT_EQ(Prefix(s, 2), "ab");
  EXPECT_EQ(Prefix(s, 3), "ab");
  EXPECT_EQ(Prefix(s, 4), "ab");
  EXPECT_EQ(Prefix(s, 5), "ab\xE3\x81\x82");
  EXPECT_EQ(Prefix(s, 0), "");
}

}  // namespace
}  // namespace jikenbo::utf8
