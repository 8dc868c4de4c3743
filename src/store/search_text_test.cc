#include "store/search_text.h"

#include <gtest/gtest.h>

namespace jikenbo::store {
namespace {

TEST(SearchText, JapaneseRunsBecomePairsPlusLastCharacter) {
  EXPECT_EQ(IndexText("個人情報の漏洩"), " 個人 人情 情報 報の の漏 漏洩 洩 ");
  EXPECT_EQ(IndexText("USBメモリ紛失"), "USB メモ モリ リ紛 紛失 失 ");
}

TEST(SearchText, EnglishPassesThrough) {
  EXPECT_EQ(IndexText("Ransomware attack, 3 May"), "Ransomware attack, 3 May");
}

TEST(SearchText, TwoCharacterQueryIsOnePairPhrase) {
  EXPECT_EQ(MatchExpression("紛失"), "\"紛失\"");
  EXPECT_EQ(MatchExpression("個人情報"), "\"個人 人情 情報\"");
}

TEST(SearchText, OneCharacterQueryIsAPrefixQuery) { EXPECT_EQ(MatchExpression("漏"), "\"漏\"*"); }

TEST(SearchText, WordsAreAndedFullWidthNormalisedAndOperatorsNeutralised) {
  EXPECT_EQ(MatchExpression("Ransomware ＶＰＮ"), "\"ransomware\" \"vpn\"");
  EXPECT_EQ(MatchExpression("a\" OR x:* NEAR("), "\"a\" \"or\" \"x\" \"near\"");
  EXPECT_EQ(MatchExpression("  ・、。 "), "");
}

TEST(SearchText, QueryTermsSplitScripts) {
  EXPECT_EQ(QueryTerms("USBメモリ 紛失"), (std::vector<std::string>{"usb", "メモリ", "紛失"}));
}

}  // namespace
}  // namespace jikenbo::store
