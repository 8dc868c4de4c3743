#include "segment/segment.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "base/utf8.h"
#include "segment/words.h"
#include "tests/testing.h"

namespace jikenbo::segment {
namespace {

using testing::DefaultSegmenter;
using testing::NormalizeOrDie;

// Canonical dump: one article per line, then the front matter's size.
std::string Dump(const Segmentation& s) {
  std::string out;
  if (!s.front_matter.empty()) {
    out += fmt::format("front_matter  {} bytes\n", s.front_matter.size());
  }
  for (const auto& a : s.articles) {
    out += fmt::format("L{}-L{}  {}  ref={}  \"{}\"\n", a.line, a.end_line, a.start_rule,
                       a.incident.source_ref.value_or("-"), a.title);
  }
  return out;
}

Segmentation SplitOrDie(const std::string& text) {
  auto s = DefaultSegmenter().Split(NormalizeOrDie(text));
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : Segmentation{};
}

TEST(SegmentGolden, EveryFixture) {
  auto inputs = testing::Fixtures("src/segment/testdata", ".txt");
  auto md = testing::Fixtures("src/segment/testdata", ".md");
  inputs.insert(inputs.end(), md.begin(), md.end());
  ASSERT_GE(inputs.size(), 4u);
  for (const auto& in : inputs) {
    SCOPED_TRACE(in.string());
    testing::ExpectGolden(Dump(SplitOrDie(testing::ReadFile(in))), testing::GoldenFor(in));
  }
}

TEST(Segment, CasebookHeaderStartsAnArticleAndKeepsThePublishersNumber) {
  auto s = SplitOrDie("【事件簿#2031-004】架空市 メール誤送信について\n\n本文です。\n");
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_EQ(s.articles[0].start_rule, "casebook");
  EXPECT_EQ(s.articles[0].incident.source_ref, "2031-004");
  EXPECT_EQ(s.articles[0].title, "架空市 メール誤送信について");
}

TEST(Segment, AHugeFirstLineMakesAShortTitleAndKeepsItsText) {
  std::string line = "●";
  while (line.size() < 100'000) line += "不正アクセスについてのお知らせ ";
  const Segmentation s = SplitOrDie(line + "\n本文。\n");
  ASSERT_EQ(s.articles.size(), 1u);
  const model::Article& a = s.articles[0];
  EXPECT_LE(a.title.size(), 600u + 3u);
  EXPECT_TRUE(a.title.ends_with("…")) << a.title;
  EXPECT_TRUE(utf8::IsValid(a.title));
  EXPECT_EQ(a.title.rfind("不正アクセスについてのお知らせ", 0), 0u) << a.title.substr(0, 60);
  EXPECT_GT(a.text.size(), 100'000u);  // the text is whole
}

TEST(Segment, FullWidthCasebookNumberIsRecognised) {
  auto s = SplitOrDie("前置き。\n\n【事件簿＃２０３１－００５】架空町 紛失\n\n本文。\n");
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_EQ(s.articles[0].incident.source_ref, "2031-005");
  EXPECT_EQ(s.front_matter, "前置き。");
}

TEST(Segment, BracketWithoutNumberIsNoCasebookHeader) {  // near miss
  auto s = SplitOrDie("【お知らせ】架空市 メール誤送信について\n\n本文です。\n");
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_EQ(s.articles[0].start_rule, "document");
}

TEST(Segment, BlackCircleHeadlineInsideMarkdownHeading) {
  auto s = SplitOrDie("## ●見出しその一\n\n本文。\n\n●見出しその二\n\n本文。\n");
  ASSERT_EQ(s.articles.size(), 2u);
  EXPECT_EQ(s.articles[0].title, "見出しその一");
  EXPECT_EQ(s.articles[1].line, 5u);
}

TEST(Segment, WhiteCircleIsNoHeadline) {  // near miss
  auto s = SplitOrDie("●見出し\n\n本文。\n\n○補足の項目\n\n本文。\n");
  EXPECT_EQ(s.articles.size(), 1u);
}

TEST(Segment, ArticleTextLineAndSourceOffsetsAgree) {
  const std::string doc = "前書きの文章です。\n\n●項目A\n本文A。\n\n\n●項目B\n本文B。\n";
  auto norm = NormalizeOrDie(doc);
  auto s = DefaultSegmenter().Split(norm);
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->articles.size(), 2u);
  for (const auto& a : s->articles) {
    EXPECT_EQ(doc.substr(a.source_begin, a.source_end - a.source_begin), a.text);
    EXPECT_EQ(norm.LineOf(a.source_begin), a.line);
    EXPECT_EQ(a.text.substr(a.title_span.begin, a.title_span.end - a.title_span.begin),
              std::string(norm.Line(a.line - 1)));
  }
  EXPECT_EQ(s->articles[0].text, "●項目A\n本文A。");  // trailing blank lines dropped
  EXPECT_EQ(s->articles[1].end_line, 8u);
}

TEST(Segment, RepairedBytesKeepAMapBackToTheSource) {
  const std::string doc = "●項目\n本文\xFF\xFEです。\n";
  auto s = DefaultSegmenter().Split(NormalizeOrDie(doc));
  ASSERT_TRUE(s.ok());
  ASSERT_EQ(s->articles.size(), 1u);
  const auto& a = s->articles[0];
  EXPECT_FALSE(a.source_map.empty());
  const size_t desu = a.text.find("です");
  EXPECT_EQ(doc.substr(a.source_begin + a.source_map.ToOrigin(desu), 6), "です");
  EXPECT_EQ(a.source_end, doc.size() - 1);
}

TEST(Segment, PostTitleWithStockNoticePhrasesIsStillATitle) {
  // "のお知らせ" would make the line half hiragana; title_phrase rules discount it.
  auto s = SplitOrDie(
      "●前の項目\n前の項目の本文です。\n\n会員情報漏えいのお知らせ\n\n\n"
      "当会の会員情報が漏えいした可能性があることが判明しました。会員情報には氏名が含まれます。\n");
  ASSERT_EQ(s.articles.size(), 2u);
  EXPECT_EQ(s.articles[1].start_rule, "post");
  EXPECT_EQ(s.articles[1].line, 4u);
}

TEST(Segment, SentenceFragmentBeforeBlankLinesIsNoTitle) {  // near miss
  auto s = SplitOrDie(
      "●項目\n本文です。\n\n気になったのは以下の資料\n\n\n資料には資産の棚卸しの手順が書かれていた"
      "。\n");
  EXPECT_EQ(s.articles.size(), 1u);
}

TEST(Segment, NewTopicNeedsWordsSharedWithTheTextBelow) {  // near miss: no shared words
  auto s = SplitOrDie("●項目\n本文です。\n\n会場の様子と写真\n\n\n翌日は朝から雨が降っていた。\n");
  EXPECT_EQ(s.articles.size(), 1u);
}

// A news page: a date stamp, the story's headline and text, then the site's footer, which the
// segmenter takes for a post of its own. The story before it is an article, not front matter.
TEST(Segment, AStampOverAHeadlineBeforeAFooterPostIsAnArticle) {
  const std::string footer =
      "\n\n\n架空日報トップ\n\n\n\n架空日報のグループ会社\n\n架空日報のアプリ\n\n"
      "読者のみなさまへ\n\n会員登録のご案内\n\n会員になると過去10年分の記事を検索できます。\n";
  auto s = SplitOrDie(
      "2031年8月20日(火)\n\n架空市の図書館、利用者カードの控えを盗まれる\n\n"
      "架空市は4日、市立図書館の職員が駐輪場に置いたかばんから、利用者カードの控えの束が"
      "盗まれたと発表した。控えには利用者の氏名と電話番号が書かれていた。" +
      footer);
  ASSERT_GE(s.articles.size(), 1u);
  EXPECT_EQ(s.articles[0].line, 1u);
  EXPECT_NE(s.articles[0].text.find("盗まれた"), std::string::npos);
  EXPECT_TRUE(s.front_matter.empty());
  // Near miss: a site's menu (no date stamp) above the first post stays the page's front matter.
  auto menu = SplitOrDie("ホーム 事業案内 お問い合わせ\nサイトの説明です。" + footer);
  EXPECT_FALSE(menu.front_matter.empty());
}

// A news article whose lead tells the story in sentences and whose only ● line heads a
// section (●情報漏えいの概要) is one article; two ● items after an introduction stay a digest.
TEST(Segment, ALoneItemHeadingUnderALeadIsASectionNotAnItem) {
  auto s = SplitOrDie(
      "架空工科大学の発表によると、学内の履修登録システムを保守する会社のサーバーに何者かが侵入"
      "し、在学生の連絡先が外に出たおそれがある。大学は該当する学生に順次メールで知らせている。"
      "\n\n●流出したおそれのある情報 在学生836名の氏名とメールアドレス\n\n"
      "保守会社は警察に相談している。\n");
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_EQ(s.articles[0].line, 1u);
  EXPECT_NE(s.articles[0].text.find("侵入"), std::string::npos);
  auto digest = SplitOrDie(
      "今週の事件をまとめました。\n\n●架空市で誤送信\n架空市は、メールを誤送信したと発表した。\n\n"
      "●架空商事に不正アクセス\n架空商事は、不正アクセスを受けたと発表した。\n");
  EXPECT_EQ(digest.articles.size(), 2u);
  // Near miss: a list's short preamble over its one item is the page's front matter.
  auto list = SplitOrDie("この一覧は毎週更新しています。\n\n●架空市で誤送信\n架空市は発表した。\n");
  ASSERT_EQ(list.articles.size(), 1u);
  EXPECT_EQ(list.articles[0].line, 3u);
}

TEST(Segment, EmptyDocumentHasNoArticles) {
  EXPECT_TRUE(SplitOrDie("\n \n\xE3\x80\x80\n").articles.empty());
}

TEST(Segment, TooManyArticlesIsAnError) {
  std::string doc;
  for (int i = 0; i < 30; ++i) doc += fmt::format("●項目{}\n\n本文。\n\n", i);
  const std::string path = testing::SourceDir() + "/rules/segment.rules";
  auto seg = Segmenter::Create({path, testing::ReadFile(path)}, Options{.max_articles = 10});
  ASSERT_TRUE(seg.ok());
  auto s = seg->Split(NormalizeOrDie(doc));
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().what().find("more than 10 articles"), std::string::npos);
}

TEST(SegmentRules, BadPatternNamesFileAndLine) {
  auto s = Segmenter::Create({"my.rules", "# comment\nstart\tx\t^(unclosed\n"});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().where(), "my.rules:2");
}

TEST(SegmentRules, UnknownKindAndSettingAreErrors) {
  EXPECT_FALSE(Segmenter::Create({"r", "begin\tx\t^a\n"}).ok());
  EXPECT_FALSE(Segmenter::Create({"r", "start\tx\t^a\nset\tnope\t1\n"}).ok());
  EXPECT_FALSE(Segmenter::Create({"r", "start\tx\t^a\nset\ttitle_min_chars\tabc\n"}).ok());
  EXPECT_FALSE(Segmenter::Create({"r", "# no start rule\n"}).ok());
  EXPECT_TRUE(Segmenter::Create({"r", "start\tx\t^a\nset\toverlap_min\t0.5\n"}).ok());
}

TEST(SegmentRules, UserRuleExtendsTheLayout) {
  // A new blog marks items with ◆; one rules line teaches it.
  const std::string path = testing::SourceDir() + "/rules/segment.rules";
  std::string rules = testing::ReadFile(path) + "start\tdiamond\t^◆\\S\n";
  auto seg = Segmenter::Create({"custom", rules});
  ASSERT_TRUE(seg.ok()) << seg.status().ToString();
  auto s = seg->Split(NormalizeOrDie("◆一件目\n本文。\n◆二件目\n本文。\n"));
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->articles.size(), 2u);
}

TEST(Words, KanjiAndKatakanaRunsArePairsLatinWordsWhole) {
  auto terms = TitleTerms("ChatGPTをSOC支援ツールに");
  ASSERT_EQ(terms.size(), 4u);
  EXPECT_EQ(terms[0].parts, std::vector<std::string>{"chatgpt"});
  EXPECT_EQ(terms[2].parts, std::vector<std::string>{"支援"});
  EXPECT_EQ(terms[3].parts, (std::vector<std::string>{"ツー", "ール"}));
}

TEST(Words, OverlapAndHiraganaShare) {
  auto terms = TitleTerms("誤認逮捕事件");
  EXPECT_GT(Overlap(terms, "男性を誤って逮捕した事件"), 0.3);
  EXPECT_EQ(Overlap(terms, "無関係な文章"), 0.0);
  EXPECT_GT(HiraganaShare("になったのは以下の"), 0.5);
  EXPECT_LT(HiraganaShare("個人情報の漏えい事案"), 0.4);
}

TEST(Segment, APageWithoutATitleLineIsTitledByItsHeadline) {
  // Page chrome and a stamp, then the headline, then the body.
  auto s = SplitOrDie(
      "メインメニューへ移動 本文へ移動\nページ番号:1234\n更新日:2031年5月21日\n"
      "架空市立中学校における生徒証の紛失について\n"
      "市立中学校において、生徒証1枚を紛失する事態が発生しました。深くお詫び申し上げます。\n");
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_EQ(s.articles[0].title, "架空市立中学校における生徒証の紛失について");
  const auto& a = s.articles[0];
  EXPECT_EQ(a.text.substr(a.title_span.begin, a.title_span.end - a.title_span.begin),
            "架空市立中学校における生徒証の紛失について");
}

TEST(Segment, WithoutAHeadlineTheFirstSentenceTitlesThePage) {  // not a date stamp
  auto s = SplitOrDie(
      "発表日時2031/3/1\n架空町にてメールサーバに不正アクセスがあり、不審なメールが送信された。"
      "職員が大量の返信に気づいた。\n");
  ASSERT_EQ(s.articles.size(), 1u);
  EXPECT_EQ(s.articles[0].title,
            "架空町にてメールサーバに不正アクセスがあり、不審なメールが送信された");
}

TEST(Segment, BulletListsOfMarkersInsideANoticeAreNoHeadlines) {
  auto s = SplitOrDie(
      "USBメモリの紛失について\n\n当院で紛失が判明しました。\n2.原因\n●規程に反し持ち出した\n"
      "●保管場所を施錠していなかった\n3.対策\n●持ち出しを禁止します\n");
  EXPECT_EQ(s.articles.size(), 1u);
}

}  // namespace
}  // namespace jikenbo::segment
