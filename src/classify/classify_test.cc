#include "classify/classify.h"

#include <gtest/gtest.h>

#include "tests/testing.h"

namespace jikenbo::classify {
namespace {

model::Article Art(const std::string& text, const std::string& start_rule = "document") {
  model::Article a;
  a.text = text;
  a.start_rule = start_rule;
  return a;
}

Classification ClassifyOne(const model::Article& a) {
  return testing::DefaultPipeline().classifier.Classify(ArticleText(a));
}

TEST(Classify, IncidentNoticeGetsItsTypeWithCuesAndRunnerUp) {
  const auto a =
      Art("ランサムウェア被害について\n当社サーバーがランサムウェアに感染し、ファイルが暗号化"
          "されました。不正アクセスの経路を調査中です。深くお詫び申し上げます。\n");
  const auto c = ClassifyOne(a);
  EXPECT_EQ(c.kind, "incident");
  EXPECT_EQ(c.type_decision.winner, "ransomware");
  EXPECT_EQ(c.type_decision.runner_up, "unauthorized_access");
  ASSERT_FALSE(c.type_decision.cues.empty());
  for (const Cue& cue : c.type_decision.cues) {  // every cue's span is real text
    EXPECT_FALSE(cue.span.empty());
    EXPECT_LE(cue.span.end, a.text.size());
  }
  const Cue& first = c.type_decision.cues.front();
  EXPECT_EQ(a.text.substr(first.span.begin, first.span.end - first.span.begin), "ランサムウェア");
  EXPECT_EQ(first.weight, 18);  // 9, doubled in the title
}

TEST(Classify, SpansCountAByteOrderMarkThatStartsTheArticle) {
  // Normalisation drops a leading U+FEFF; the spans must still point into the article's text.
  const auto a =
      Art("\xEF\xBB\xBFランサムウェア被害について\n当社サーバーがランサムウェアに感染し"
          "ました。\n");
  const auto c = ClassifyOne(a);
  ASSERT_FALSE(c.type_decision.cues.empty());
  const Cue& first = c.type_decision.cues.front();
  EXPECT_EQ(a.text.substr(first.span.begin, first.span.end - first.span.begin), "ランサムウェア");
}

TEST(Classify, CasebookEntriesAreIncidents) {
  EXPECT_EQ(ClassifyOne(Art("架空市 お知らせ\n本文。\n", "casebook")).kind, "incident");
}

TEST(Classify, PostWithoutSecurityVocabularyIsOffTopic) {
  EXPECT_EQ(
      ClassifyOne(Art("温泉旅行クーポンの配布\n\n秋の旅行で使えるクーポンを配布しています。\n"))
          .kind,
      "off_topic");
}

TEST(Classify, PhishingWarningIsAnAdvisory) {
  const auto c =
      ClassifyOne(Art("架空銀行を騙るフィッシングメールにご注意ください\n偽サイトに誘導されます。"
                      "リンクにアクセスしないでください。\n"));
  EXPECT_EQ(c.kind, "advisory");
  EXPECT_EQ(c.type_decision.winner, "phishing");
}

TEST(Classify, AttackerTradecraftIsAThreatReport) {
  EXPECT_EQ(
      ClassifyOne(
          Art("Webhookを悪用する手口\n攻撃者は情報窃取型マルウェアで盗んだ情報を送信する手口を"
              "使っており、研究者が観測しています。\n"))
          .kind,
      "threat_report");
}

TEST(Classify, OpinionIsCommentary) {
  EXPECT_EQ(ClassifyOne(
                Art("多要素認証について\n多要素認証を必ず使うべきだと思います。フィッシングの前では"
                    "パスワードは無力であると言えるでしょう。\n"))
                .kind,
            "commentary");
}

TEST(Classify, MisdeliveryBeatsAMerePersonalDataMention) {
  EXPECT_EQ(
      ClassifyOne(
          Art("メール誤送信のお詫び\nBCCで送るべきところTOで送信し、個人情報が流出しました。\n"))
          .type_decision.winner,
      "misdelivery");
}

TEST(ClassifyRules, ErrorsNameFileAndLine) {
  const RuleFile kinds{"k.rules", "incident\t1\tお詫び\n"};
  auto bad_type = Classifier::Create(kinds, {"t.rules", "# c\nnot_a_type\t1\tx\n"});
  ASSERT_FALSE(bad_type.ok());
  EXPECT_EQ(bad_type.status().where(), "t.rules:2");
  auto bad_re = Classifier::Create(kinds, {"t.rules", "ransomware\t1\t(unclosed\n"});
  ASSERT_FALSE(bad_re.ok());
  EXPECT_NE(bad_re.status().what().find("bad pattern"), std::string::npos);
  EXPECT_FALSE(Classifier::Create({"k", "incident\tx\tお詫び\n"}, {"t", ""}).ok());
  EXPECT_TRUE(Classifier::Create(kinds, {"t", "ransomware\t2\tランサム\n"}).ok());
}

}  // namespace
}  // namespace jikenbo::classify
