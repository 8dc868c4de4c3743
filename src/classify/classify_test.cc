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

TEST(Classify, AHardWrappedSentenceGoesOnPastTheLineBreak) {
  // Lines that end with 、 or a particle are inside a sentence; a title, a blank line or a
  // bullet still ends one.
  const auto a =
      Art("個人情報の流出について\n2031年4月24日、架空県の県立高校で、\n生徒159人分の個人情報を\n"
          "流出させていたことがわかった。\n・成績の一覧");
  const ArticleText t(a);
  std::vector<std::string> sentences;
  for (const Piece& s : t.sentences()) sentences.emplace_back(t.Text(s));
  ASSERT_EQ(sentences.size(), 3u);
  EXPECT_EQ(sentences[0], "個人情報の流出について");
  EXPECT_EQ(sentences[1],
            "2031年4月24日、架空県の県立高校で、\n生徒159人分の個人情報を\n"
            "流出させていたことがわかった。");
  EXPECT_EQ(sentences[2], "・成績の一覧");
  EXPECT_EQ(t.lines().size(), 5u);
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

TEST(Classify, APublishedDocumentWithoutItsRedactionIsAMisconfiguration) {
  EXPECT_EQ(
      ClassifyOne(Art("ウェブ掲載資料における個人情報の漏えいについて\n当学の報告書をウェブに掲載"
                      "した際、受賞者の連絡先にかけるはずの秘匿処理が漏れていたことが判明"
                      "しました。受賞者の電話番号が閲覧可能な状態でした。\n"))
          .type_decision.winner,
      "misconfiguration");
  // Near miss: a redacted document handed to the wrong recipient is a misdelivery.
  EXPECT_EQ(ClassifyOne(Art("書類の誤送付について\n秘匿処理を施した書類を、誤って別の方に郵送"
                            "しました。\n"))
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

TEST(ClassifyAccuracy, ANewsReportOfAnIncidentIsAnIncident) {
  // Third-person news: the organisation is the subject, no first person, no apology.
  const auto c = ClassifyOne(Art(
      "架空市の旧ドメイン、第三者が取得\n架空市は10月2日、過去に使用していたドメインが"
      "オークションで第三者に取得されたことが分かったと発表した。市は注意を呼びかけている。\n"));
  EXPECT_EQ(c.kind, "incident");
  EXPECT_EQ(c.type_decision.winner, "domain_hijack");
}

TEST(ClassifyAccuracy, ExplainersSurveysAndSalesAreNotIncidents) {
  EXPECT_EQ(ClassifyOne(Art("ランサムウェアとは?仕組みと対策のポイントを解説\n"
                            "ランサムウェアとは何か、攻撃の手口と対策のポイントを解説します。\n"))
                .kind,
            "commentary");
  EXPECT_EQ(ClassifyOne(Art("架空情報協会は5月1日、中小企業のセキュリティ対策の実態調査の結果を"
                            "発表した。アンケートに回答した1,000社のうち、ウイルス対策ソフトを"
                            "導入しているのは8割だった。\n"))
                .kind,
            "commentary");
  EXPECT_EQ(ClassifyOne(Art("ウイルス対策ソフトは年末のセールで購入するのがおすすめ\n"
                            "各社が値引きセールを行うので、更新前に価格を比べましょう。\n"))
                .kind,
            "off_topic");
}

// A warning that states the publisher's own compromise is an incident (PRODUCT.md: an advisory
// states none), however much it warns; a warning that denies one stays an advisory.
TEST(ClassifyAccuracy, AWarningThatStatesAnInfectionOfItsOwnIsAnIncident) {
  const model::Article a = Art(
      "当社名をかたる迷惑メールについてのお詫びと注意喚起\n先週、弊社営業部の端末1台がウイルスに"
      "感染し、その端末に残っていた連絡先あてに、当社を装った迷惑メールが届いております。"
      "心当たりのないメールのリンクは押さずに破棄してください。ご注意ください。\n");
  const Classification c = ClassifyOne(a);
  EXPECT_EQ(c.kind, "incident");
  ASSERT_TRUE(c.compromise.has_value());
  const std::string stated =
      a.text.substr(c.compromise->begin, c.compromise->end - c.compromise->begin);
  EXPECT_TRUE(stated.starts_with("弊社営業部の") && stated.ends_with("に感染し、")) << stated;
  model::Article applied = a;
  testing::DefaultPipeline().classifier.Apply(ArticleText(a), &applied);
  const model::FieldConfidence kind = model::ConfidenceOf(applied.incident, "kind");
  EXPECT_TRUE(kind.low);  // it outweighed the warning
  EXPECT_NE(kind.reason.find("compromise"), std::string::npos);
  const Classification denied = ClassifyOne(
      Art("当社名をかたる迷惑メールにご注意ください\n当社を装った迷惑メールが出回っています。"
          "当社の機器への不正アクセスの痕跡はございません。心当たりのないメールは破棄して"
          "ください。ご注意ください。\n"));
  EXPECT_EQ(denied.kind, "advisory");
  EXPECT_FALSE(denied.compromise.has_value());
  // Near miss: the infection of someone the publisher deals with (本会と取引のある…) is no
  // compromise of the publisher's.
  const Classification partner = ClassifyOne(
      Art("本会をかたる迷惑メールにご注意ください\n本会を装った迷惑メールが会員から転送されて"
          "きました。本会と取引のある団体の端末がウイルスに感染し、そこから送られたものと"
          "みております。心当たりのないメールは破棄してください。\n"));
  EXPECT_EQ(partner.kind, "advisory");
  EXPECT_FALSE(partner.compromise.has_value());
}

// Shapes of incident notices seen on real pages: headings in brackets and spaced out
// (「(原 因)」), a summary site's table of one leak, English notices of a misdirected mail and
// of a service interruption.
TEST(ClassifyAccuracy, BracketedHeadingsTablesAndEnglishNoticesAreIncidents) {
  const Classification form = ClassifyOne(
      Art("見学会参加者名の表示について\n架空町立図書館の見学会の受付画面で、参加者52人の氏名が"
          "他の参加者にも見える設定になっていた。住所などは見えず、漏洩したのは氏名のみで、"
          "件数の集計結果も表示されていた。\n(経 緯)\n5月1日から5月9日まで表示\n(原 因)\n"
          "画面の設定を取り違えたこと。\n"));
  EXPECT_EQ(form.kind, "incident");
  const Classification table =
      ClassifyOne(Art("会社名 | 架空県 |\n漏洩件数 | 31件 |\n漏洩内容 | 氏名/住所 |\n"
                      "発表日時 | 2031/5/13 |\n架空県の窓口で作った名簿の写しが、誰でも見られる"
                      "場所に置かれていた。\n"));
  EXPECT_EQ(table.kind, "incident");
  const Classification mail = ClassifyOne(
      Art("Notice on list messages delivered to the wrong person\nKakuland Institute of Marine "
          "Science apologises: messages with personal information on an office list were "
          "accidentally forwarded to a student outside the office for a year.\n"));
  EXPECT_EQ(mail.kind, "incident");
  EXPECT_EQ(mail.type_decision.winner, "misdelivery");
  const Classification down = ClassifyOne(
      Art("Apology for the service interruption on March 3\nWe apologize for the service "
          "interruption: users could not access the portal for three hours after a system "
          "update. The system was restored at 17:10.\n"));
  EXPECT_EQ(down.kind, "incident");
  EXPECT_EQ(down.type_decision.winner, "outage");
}

// A leaver who took data to the competitor he moved to (転職先, 転職した) is no job advert; a
// news report that an organisation was attacked is an incident though it names the attackers
// (アクター); a mail sent to the wrong address (あて先を誤り) is a misdelivery.
TEST(ClassifyAccuracy, WordsOfJobsActorsAndAddressesInIncidentReports) {
  const Classification leaver = ClassifyOne(
      Art("元社員が転職先に顧客名簿 架空倉庫\n架空県警は、架空倉庫を辞めて競合会社に転職した"
          "男性が在職中に顧客名簿を不正に持ち出したとして、男性を逮捕した。\n"));
  EXPECT_EQ(leaver.kind, "incident");
  EXPECT_EQ(leaver.type_decision.winner, "insider");
  const Classification attacked = ClassifyOne(
      Art("架空村のサイト停止、攻撃グループのアクターが犯行声明\n架空村は、村のサイトがDDoS攻撃を"
          "受けたことを明らかにした。つながりにくい時間が半日ほど続いた。\n"));
  EXPECT_EQ(attacked.kind, "incident");
  EXPECT_EQ(attacked.type_decision.winner, "ddos");
  const Classification wrong = ClassifyOne(
      Art("部活動連絡網の取り扱いについて\n顧問の教員が部員の個人情報を含む名簿を、あて先を誤り"
          "別の部の保護者にメールで送ってしまいました。\n"));
  EXPECT_EQ(wrong.type_decision.winner, "misdelivery");
}

TEST(ClassifyAccuracy, SkimmingIsSkimmingEvenWhenCalledUnauthorisedAccess) {
  const auto c = ClassifyOne(
      Art("不正アクセスによる個人情報漏えいに関するお詫び\n当社が運営する通販サイトが第三者による"
          "不正アクセスを受け、お客様のクレジットカード情報が漏えいした可能性があります。\n"));
  EXPECT_EQ(c.type_decision.winner, "web_skimming");
  EXPECT_EQ(c.type_decision.runner_up, "unauthorized_access");  // the refined type is explained
}

TEST(ClassifyAccuracy, DeniedAndHypotheticalCuesDoNotCount) {
  // 不正アクセス is denied (は確認されておりません) or a risk (などの危険): a warning, phishing.
  const auto c = ClassifyOne(Art(
      "当社を装ったメールにご注意ください\n当社社員を装った不審なメールが届いているとの連絡が"
      "ありました。当社のシステムへの不正アクセスは確認されておりません。開封するとウイルス感染や"
      "不正アクセスなどの危険がありますので、削除してください。\n"));
  EXPECT_EQ(c.kind, "advisory");
  EXPECT_EQ(c.type_decision.winner, "phishing");
}

TEST(ClassifyAccuracy, AnAccountUsedToSendSpamIsAccountCompromise) {
  const auto c = ClassifyOne(
      Art("メールアカウントの不正利用について\n本学教員のメールアカウントが第三者に不正に利用され、"
          "当該メールアドレスを利用して迷惑メールが大量に送信されました。\n"));
  EXPECT_EQ(c.type_decision.winner, "account_compromise");
}

TEST(ClassifyAccuracy, ConfidenceIsLowWhereTheDecisionRestsOnLittle) {
  auto strong =
      Art("ランサムウェア被害について\n当社サーバーがランサムウェアに感染し、ファイルが"
          "暗号化されました。深くお詫び申し上げます。\n");
  testing::DefaultPipeline().classifier.Apply(ArticleText(strong), &strong);
  EXPECT_FALSE(model::ConfidenceOf(strong.incident, "type").low);
  EXPECT_FALSE(model::ConfidenceOf(strong.incident, "kind").low);
  auto weak = Art("お知らせ\n当社の一部サービスで障害が発生しました。お詫び申し上げます。\n");
  testing::DefaultPipeline().classifier.Apply(ArticleText(weak), &weak);
  const auto c = model::ConfidenceOf(weak.incident, "type");
  EXPECT_TRUE(c.low);
  EXPECT_FALSE(c.reason.empty());
}

TEST(ClassifyRules, NegatePreferAndAdvisoryRowsAreChecked) {
  const RuleFile kinds{"k", "incident\t1\tx\n"};
  EXPECT_FALSE(Classifier::Create(kinds, {"t", "negate\tsideways\tx\n"}).ok());
  EXPECT_FALSE(Classifier::Create(kinds, {"t", "prefer\tweb_skimming\t5\n"}).ok());
  EXPECT_FALSE(Classifier::Create(kinds, {"t", "prefer\tweb_skimming>nonsense\t5\n"}).ok());
  EXPECT_FALSE(Classifier::Create(kinds, {"t", "advisory\t-\tphishing,nonsense\n"}).ok());
  EXPECT_TRUE(Classifier::Create(kinds, {"t",
                                         "prefer\tweb_skimming>unauthorized_access\t5\n"
                                         "advisory\t-\tphishing\nnegate\tafter\t^は無い\n"})
                  .ok());
}

}  // namespace
}  // namespace jikenbo::classify
