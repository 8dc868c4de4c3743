// Patterns seen across real notices (the tune split of the real corpus), each written here as a
// fictional text of our own, with the near miss that must keep its old answer.
#include <gtest/gtest.h>

#include <algorithm>

#include "extract/extract.h"
#include "tests/testing.h"

namespace jikenbo::extract {
namespace {

using testing::AnalyzeText;
using testing::Has;
using testing::ReportedTo;
model::Article Analyze(const std::string& text) { return AnalyzeText(text); }

// --- the announcement date ---------------------------------------------------------------------
TEST(RealPatterns, AVerbInsideARelativeClauseReportsNoAnnouncement) {
  // 「公表した資料」 modifies a noun; the sentence's predicate is 判明いたしました: the title's
  // date stays the notice's date.
  const auto a = Analyze(
      "架空大学 外部サイト上における個人情報の漏えいについて 2031年11月22日\n\n"
      "令和13年10月5日(水)、卒業生から、本学が昨年公表した研究報告書について問い合わせを"
      "受け、調べたところ、協力者の氏名を黒塗りしないまま公表していることが判明しました。\n");
  EXPECT_EQ(a.incident.announce_date, "2031-11-22");
  // Near miss: a news report whose predicate is the announcement keeps the organisation's date.
  const auto news = Analyze(
      "架空大で個人情報漏えい 2031年11月22日\n\n"
      "架空大学は10月5日、研究報告書で協力者の氏名が読める状態だったと発表した。\n");
  EXPECT_EQ(news.incident.announce_date, "2031-10-05");
}

TEST(RealPatterns, ABulletedDateIsAStepOfTheTimelineNotTheNoticesDate) {
  const auto a = Analyze(
      "本文\n架空市立みなと小学校における個人情報の紛失について\n1 概要\n"
      "令和13年4月2日(水曜日)13時頃、児童調査票を綴じたファイルを紛失した。\n2 経過\n"
      "- 令和13年4月1日(火曜日)\n教員がファイルをロッカーに戻さず帰宅した。\n");
  EXPECT_FALSE(a.incident.announce_date.has_value()) << *a.incident.announce_date;
  // Near miss: a plain date line under the title is the notice's date.
  const auto b = Analyze(
      "個人情報の紛失について\n令和13年4月4日\n"
      "令和13年4月2日(水曜日)13時頃、児童調査票を綴じたファイルを紛失しました。\n");
  EXPECT_EQ(b.incident.announce_date, "2031-04-04");
}

TEST(RealPatterns, KanjiNumeralsDateLikeDigits) {
  // Newspapers write dates in kanji numerals: the same dates as in digits.
  const auto a = Analyze(
      "二〇三一年十月十七日\n架空工業株式会社\n\n"
      "当社のサーバーが令和十三年十月三日にランサムウェアに感染しました。\n");
  EXPECT_EQ(a.incident.announce_date, "2031-10-17");
  EXPECT_EQ(a.incident.incident_date, "2031-10-03");
  const auto b = Analyze(
      "2031年10月17日\n\n架空市で名簿紛失\n\n"
      "架空市は、職員が十月十二日に持ち出した生徒名簿を紛失したと発表した。\n");
  EXPECT_EQ(b.incident.incident_date, "2031-10-12");
  // Taking a list out of the office and losing it is a loss, not an insider's act.
  EXPECT_EQ(b.incident.type, "loss_theft");
  // Near miss: 一日も早く (as soon as possible) is no date.
  const auto c = Analyze(
      "2031年10月17日\n架空工業株式会社\n\n"
      "十月の障害について、一日も早い復旧に努めております。\n");
  EXPECT_FALSE(c.incident.incident_date.has_value()) << *c.incident.incident_date;
}

TEST(RealPatterns, AWireStampDatesThePost) {
  const auto a = Analyze(
      "架空セキュリティ、上半期の調査結果を公開\n\n"
      "(架空PRワイヤー) 2031年07月31日(木)14時20分配信 架空PRワイヤー\n\n"
      "架空セキュリティ株式会社は、2031年上半期に公表された情報漏えい事故を集計した。\n");
  EXPECT_EQ(a.incident.announce_date, "2031-07-31");
}

// --- the incident date ---------------------------------------------------------------------------
TEST(RealPatterns, ADateUnderAHeadingOfWhenItWasKnownDatesTheIncident) {
  const auto a = Analyze(
      "観光課の名をかたるメールについて\n\n"
      "観光課が登録している宿泊施設に、観光課を名乗る不審なメールが届いたことがわかりました。"
      "ご迷惑をおかけし、お詫び申し上げます。\n"
      "1 把握日時\n令和13年(2031年)6月7日(土曜日) 9時30分ごろ\n"
      "2 経緯\n宿泊施設から電話で相談を受けました。\n");
  EXPECT_EQ(a.incident.incident_date, "2031-06-07");
}

// A news lead dates its event by the day alone under the article's stamp: that day of the
// stamp's month (the month before when the day is later than the stamp's), low confidence; a
// reporting sentence's day is the announcement's, not the event's.
TEST(RealPatterns, ADayAloneInANewsLeadDatesTheEventUnderItsStamp) {
  const auto a = Analyze(
      "- 2031/09/08 掲載\n架空信金の窓口端末が一時停止\n"
      "架空信用金庫の全店で8日午後、窓口の端末が利用できなくなった。システム障害が"
      "発生し、夕方までに復旧した。\n");
  EXPECT_EQ(a.incident.announce_date, "2031-09-08");
  EXPECT_EQ(a.incident.incident_date, "2031-09-08");
  EXPECT_TRUE(model::ConfidenceOf(a.incident, "incident_date").low);
  const auto b = Analyze(
      "- 2031/10/02 掲載\n架空信金の窓口端末が一時停止\n"
      "架空信用金庫の全店で29日朝、窓口の端末が利用できなくなった。システム障害が発生した。\n");
  EXPECT_EQ(b.incident.incident_date, "2031-09-29");
  const auto c = Analyze(
      "- 2031/10/02 掲載\n架空信金の窓口端末が一時停止\n"
      "架空信用金庫は2日、窓口の端末でシステム障害が発生したと発表した。\n");
  EXPECT_NE(c.incident.incident_date, "2031-10-02");
}

// 「(1)侵入の日時」 heads the date of the intrusion, even at the end of a sentence's line.
TEST(RealPatterns, TheDateUnderAnIntrusionsHeadingDatesTheIncident) {
  const auto a = Analyze(
      "予約サイトへの侵入について\n"
      "予約サイトに外部から侵入され、利用者の連絡先が見られた可能性があることが分かりました。"
      "ご迷惑をおかけし申し訳ございません。\n"
      "これまでに分かったことは次のとおりです。(1)侵入の日時\n2031/5/10 深夜\n"
      "(2)見られた可能性のある情報\n氏名と電話番号\n");
  EXPECT_EQ(a.incident.incident_date, "2031-05-10");
  EXPECT_FALSE(a.incident.announce_date.has_value()) << *a.incident.announce_date;
}

TEST(RealPatterns, TheDateOfADecisionOrOfAnEarlierNoticeIsNoIncidentDate) {
  const auto a = Analyze(
      "職員の懲戒処分について\n\n"
      "架空市は4月10日付で、税務課の職員を停職1か月の懲戒処分にしたと発表した。\n"
      "職員は2030年12月ごろ、知人の住所を業務と関係なく閲覧していたという。\n");
  EXPECT_EQ(a.incident.incident_date, "2030-12");
  const auto b = Analyze(
      "会員情報の表示に関する調査結果\n\n"
      "2031年11月11日付「会員情報の表示に関するお知らせ」(https://example.com/news/1111.pdf)で"
      "お知らせした件につき、その後の調査結果をご報告します。\n"
      "2031年11月8日、会員様から、他の会員の個人情報が画面に表示される不具合があるとのご連絡を"
      "いただきました。ご迷惑をおかけし、深くお詫び申し上げます。\n");
  EXPECT_EQ(b.incident.incident_date, "2031-11-08");
}

TEST(RealPatterns, WhatStaffFoundDatesTheIncident) {
  const auto a = Analyze(
      "架空病院でランサムウエア感染\n\n"
      "架空町立みなと病院は2031年10月31日、ランサムウエアの被害を受けたと発表した。病院によると、"
      "同日未明、当直の職員がプリンターから脅迫文が出力され続けているのを発見した。\n");
  EXPECT_EQ(a.incident.incident_date, "2031-10-31");
}

TEST(RealPatterns, AnAsOfDateIsNoIncidentDate) {
  const auto a = Analyze(
      "不正アクセスによるお客様情報漏えいに関するお詫び\n\n"
      "2031年4月5日時点で対象と確認できたお客様には、メールでお知らせしています。\n1.経緯\n"
      "2031年3月17日、決済代行会社から、カード情報が流出したおそれがあるとの連絡を受けました。\n");
  EXPECT_EQ(a.incident.incident_date, "2031-03-17");
}

TEST(RealPatterns, ReadingWithoutCauseIsAnEvent) {
  const auto a = Analyze(
      "職員の懲戒処分について\n\n"
      "架空市によると、職員は去年の3月から、窓口の端末で知人の家族の情報を無断で盗み見ていた。"
      "市は2031年3月22日、職員を減給処分とした。\n");
  EXPECT_EQ(a.incident.incident_date, "2030-03");
}

TEST(RealPatterns, AnAddendumIsAFollowUp) {
  const auto a = Analyze(
      "2031年3月2日追記:取引先向けの共有サービスでも不正アクセスの調査を行いました\n\n"
      "その結果、取引先の担当者に関する情報42件の漏えいが判明しました。\n");
  EXPECT_TRUE(a.incident.follow_up.has_value());
  const auto second = Analyze(
      "当社ウェブサイトの改ざんについて(第二報)\n\n"
      "当社ウェブサイトが第三者による不正アクセスを受けて改ざんされた件の、その後の調査結果です。"
      "\n");
  EXPECT_EQ(second.incident.follow_up.value_or(""), "第二報");
  // Near miss: a first notice says nothing of an earlier one.
  const auto b = Analyze(
      "不正アクセスによる情報漏えいに関するお知らせ\n\n"
      "当社サーバーへの不正アクセスにより、利用者に関する情報42件の漏えいが判明しました。\n");
  EXPECT_FALSE(b.incident.follow_up.has_value());
}

// --- kinds ---------------------------------------------------------------------------------------
TEST(RealPatterns, NewsOfAMailboxAbusedForSpamIsAnIncidentThoughItQuotesAWarning) {
  const auto a = Analyze(
      "架空女子大学のホームページより\n"
      "架空女子大学は23日、学生1人のメールアカウントが不正にアクセスを受け、迷惑メールの送信に"
      "悪用されたと明らかにした。大学は「不審なメールへの注意喚起を強める」と話している。\n");
  EXPECT_EQ(a.incident.kind, "incident");
  EXPECT_EQ(a.incident.type, "account_compromise");
}

TEST(RealPatterns, AMailAccountUsedWithoutAuthorityIsAnIncident) {
  const auto a = Analyze(
      "2031年6月20日、本学の教員1名のメールアカウントが不正に使用され、多数の宛先に不審なメールが"
      "送られました。全教職員に多要素認証を導入しました。\n");
  EXPECT_EQ(a.incident.kind, "incident");
}

TEST(RealPatterns, StatisticsOverManyIncidentsAreCommentary) {
  const auto a = Analyze(
      "架空セキュリティ、2031年1〜6月の被害公表は320件\n\n"
      "架空セキュリティ株式会社は、国内の企業や団体が1〜6月に公表した情報漏えい事故の件数を"
      "まとめた。前年同期比で1割増え、不正アクセスによる事故が最も多かった。\n");
  EXPECT_EQ(a.incident.kind, "commentary");
}

TEST(RealPatterns, MalwareAnalysisVocabularyMakesAThreatReport) {
  const auto a = Analyze(
      "新種マルウェアのローダーの解析\n\n"
      "今回入手した検体は、PowerShell で難読化されたペイロードを取得し、レジストリに永続化の"
      "設定を書き込む。MITRE ATT&CK の T1059 に当たる。\n");
  EXPECT_EQ(a.incident.kind, "threat_report");
}

TEST(RealPatterns, AnEventAnnouncementIsOffTopic) {
  const auto a = Analyze(
      "11月5日から7日まで、架空市の国際展示場で情報セキュリティの展示会「KSEC2031」が開催される。"
      "約200社が出展し、ブースではサイバー攻撃や情報漏えいの対策製品が紹介される。来場者は3万人を"
      "見込む。\n");
  EXPECT_EQ(a.incident.kind, "off_topic");
}

TEST(RealPatterns, DocumentsDestroyedByMistakeAreSecurityRelevant) {
  const auto a = Analyze(
      "保存文書の誤廃棄について\n\n"
      "市民課で保存期間中の申請書類を誤廃棄していたことがわかりました。\n");
  EXPECT_EQ(a.incident.kind, "incident");
  // Near miss: a notice about office hours is no security event.
  const auto b = Analyze("窓口の受付時間について\n\n年末年始の窓口受付時間をお知らせします。\n");
  EXPECT_EQ(b.incident.kind, "off_topic");
}

// --- patterns of further real texts (labelled outside the repository) --------------------------
TEST(RealPatterns, CountsOfAccountsEventsAndMediaAreNoHeadline) {
  // The owner of the account taken over is not whom the spam reached.
  const auto a = Analyze(
      "架空大学は、利用者1名分のメールアカウントに不正アクセスがあり、約3万件の迷惑メールが"
      "送信されたと発表した。\n");
  ASSERT_FALSE(a.incident.affected.empty());
  EXPECT_EQ(a.incident.affected[0].count, 30000);
  EXPECT_EQ(a.incident.affected[0].unit, "emails");
  // 85件のメールアドレス counts addresses.
  const auto b = Analyze(
      "メールの誤送信について\n会員事業所85件のメールアドレスが表示される状態で送信しました。\n");
  ASSERT_FALSE(b.incident.affected.empty());
  EXPECT_EQ(b.incident.affected[0].unit, "emails");
  EXPECT_EQ(b.incident.type, "misdelivery");
  // 事案が2件発生 counts events; the students are the victims.
  const auto c = Analyze(
      "県立高校における個人情報の紛失について\n県立高校において個人情報の事案が2件発生しました。"
      "生徒19名の健康調査票を記載したしおりを紛失しました。\n");
  ASSERT_FALSE(c.incident.affected.empty());
  EXPECT_EQ(c.incident.affected[0].count, 19);
  // あわせて N人分 is a stated total; one attached file is only the medium.
  const auto d = Analyze(
      "書類を誤廃棄\n書類など900枚のうち、業者120人、住民30人などあわせて150人分の氏名が"
      "記載されていた。\n");
  ASSERT_FALSE(d.incident.affected.empty());
  EXPECT_EQ(d.incident.affected[0].count, 150);
  const auto e = Analyze(
      "メール誤送信について\n事務書類1ファイルを誤って添付しました。ファイルには会員の氏名"
      "(208名)が記載されていました。\n");
  ASSERT_FALSE(e.incident.affected.empty());
  EXPECT_EQ(e.incident.affected[0].count, 208);
}

TEST(RealPatterns, AlteredPagesAreDefacementAndAnIncident) {
  const auto a = Analyze(
      "架空県立図書館のホームページを閉鎖\n\n架空県立図書館は、不正アクセスでHPの一部が改ざん"
      "されたと判断し、ホームページを閉鎖した。\n");
  EXPECT_EQ(a.incident.type, "defacement");
  const auto b = Analyze(
      "当社ホームページにおける不適切なURLリンクの掲載について\n\n当社ホームページの一部に、"
      "不適切なURLリンクが組み込まれ、外部の不審なサーバに接続される状態であったことを確認"
      "しました。ご迷惑をおかけしましたことを深くお詫び申し上げます。\n");
  EXPECT_EQ(b.incident.type, "defacement");
  // A news report in plain style: 改ざんされ … 発生した is an incident, not a threat report.
  const auto c = Analyze(
      "架空市の買い物支援サイトが、改ざんされ不正な内容に書き換えられる事態が発生した。"
      "サイトには攻撃者による書き込みが行われていた。\n");
  EXPECT_EQ(c.incident.kind, "incident");
  EXPECT_EQ(c.incident.type, "defacement");
}

TEST(RealPatterns, ANewsArticleOnOneLineHasItsItemsThere) {
  // A page whose whole article is one line has no title line: its items are in that line.
  const auto a = Analyze(
      "架空区は12月10日、区立小学校の教諭がUSBメモリを紛失したと発表した。紛失したUSBメモリには、"
      "児童28名分の個人情報(氏名、住所、電話番号、生年月日)が記録されていた。\n");
  EXPECT_TRUE(Has(a.incident.data_items, "name"));
  EXPECT_TRUE(Has(a.incident.data_items, "birthdate"));
  // Near miss: a title line that names an item states no exposure of it.
  const auto b = Analyze("氏名の表記に関するお知らせ\n\n当社のUSBメモリを紛失しました。\n");
  EXPECT_FALSE(Has(b.incident.data_items, "name"));
}

TEST(RealPatterns, ANewsArticleOnOneLineDatesItsEventThere) {
  const auto a = Analyze(
      "架空町立病院は2031年10月31日、ランサムウエアに感染したと発表した。同病院によると、"
      "同日の午前0時半、電子カルテシステムで脅迫文が大量に印刷されているのを看護師が発見した。\n");
  EXPECT_EQ(a.incident.incident_date, "2031-10-31");
  // Report idioms and stamps date no event: known by a day, a sanction's day, a revision.
  const auto b = Analyze(
      "架空商店のECサイトが不正アクセスを受け、カード情報120件が流出したことが2031年5月15日"
      "までに分かった。\n");
  EXPECT_FALSE(b.incident.incident_date.has_value()) << *b.incident.incident_date;
  const auto c = Analyze(
      "架空市の職員が知人の住所を無断で盗み見ていたとして、2031年3月22日、戒告の懲戒処分を受け"
      "ました。\n");
  EXPECT_FALSE(c.incident.incident_date.has_value()) << *c.incident.incident_date;
  const auto d = Analyze(
      "2031年2月14日追記および修正:社外のサービスについても不正アクセスに係る調査を実施しました。"
      "\n\n当社のサーバーに不正アクセスがあり、情報が漏えいしたことが判明しました。\n");
  EXPECT_NE(d.incident.incident_date, "2031-02-14");
  // What a lost file held is dated by its records, not by the loss.
  const auto e = Analyze(
      "診療記録の紛失について\n\n紛失したファイルには、2030年4月1日から2031年3月31日までに"
      "手術を受けた患者の氏名が記載されていました。2031年5月10日に保管場所にファイルがないことが"
      "発覚しました。\n");
  EXPECT_EQ(e.incident.incident_date, "2031-05-10");
}

TEST(RealPatterns, APublishedReportAndARevisionStampDateThePage) {
  // 「…報告書を公開した」 is the publisher's announcement.
  const auto a = Analyze(
      "カクウテック、上半期の脅威動向\n\nカクウテックは2031年9月21日、国内外のセキュリティ動向を"
      "まとめた報告書「2031年上半期の脅威」を公開した。ランサムウェアの検出が増えた。\n");
  EXPECT_EQ(a.incident.announce_date, "2031-09-21");
  // 改訂日 is the page's stamp: the notice's date when nothing else dates it.
  const auto b = Analyze(
      "不正アクセスを受けたときの手順\n掲載情報の概要\n- 改訂日: 2031年9月3日\n"
      "- 不正アクセスによる個人情報漏洩の疑いがある場合の対応をまとめました。\n");
  EXPECT_EQ(b.incident.announce_date, "2031-09-03");
}

TEST(RealPatterns, AStampLineAndAnEarlierAnnouncementDateNoEvent) {
  // 公開日 and 更新日 on one line: the notice is of its publication day.
  const auto a = Analyze(
      "公開日 2031/04/01  更新日 2031/04/05\n\n不正アクセスについて\n\n"
      "当社サーバーが不正アクセスを受けたことが判明しました。\n");
  EXPECT_EQ(a.incident.announce_date, "2031-04-01");
  // The month of an earlier announcement is no incident date.
  const auto b = Analyze(
      "(お知らせ)不正アクセスについて\n\n2031年4月1日\n架空株式会社\n\n当社が2030年12月に"
      "公表した不正アクセスについて、調査結果をお知らせします。2031年2月10日に不正アクセスの痕跡を"
      "確認しました。\n");
  EXPECT_EQ(b.incident.incident_date, "2031-02-10");
}

TEST(RealPatterns, AHeadlinesRoundFigureAndTheTotalOfAList) {
  // 2700人分 in the headline rounds the body's 2,747人分: one count, the precise one.
  const auto a = Analyze(
      "職員の個人情報流出か="
      "2700人分、氏名や住所\n\n架空市は13日、全職員に相当する2747人分の氏名や住所など"
      "の個人情報が流出した可能性が高いと発表した。\n");
  ASSERT_FALSE(a.incident.affected.empty());
  EXPECT_EQ(a.incident.affected[0].count, 2747);
  // 7万件超 is the floor of 7万1,943件; 「Aを含む、B」: B is the total.
  const auto b = Analyze(
      "架空通販に不正アクセス、クレカ7万件超漏洩の可能性\n\n架空通販は、クレジットカード情報等"
      "7万1943件を含む、個人情報29万2707件が漏洩した可能性があると発表した。\n");
  ASSERT_FALSE(b.incident.affected.empty());
  EXPECT_EQ(b.incident.affected[0].count, 292707);
  // など closing a list of people's records is the total; など before sheets is not.
  const auto c = Analyze(
      "資料の紛失について\n\n紛失したのは、成績一覧表(6人分)、クラブ活動名簿(148人分)など"
      "151人分の個人情報です。\n");
  ASSERT_FALSE(c.incident.affected.empty());
  EXPECT_EQ(c.incident.affected[0].count, 151);
  const auto d = Analyze(
      "書類の誤廃棄について\n\n散乱した資料は、名簿や書類など1130枚。このうち160枚に業者148人、"
      "住民24人などあわせて172人分の氏名が記載されていた。\n");
  ASSERT_FALSE(d.incident.affected.empty());
  EXPECT_EQ(d.incident.affected[0].count, 172);
}

TEST(RealPatterns, ReportsOfSurveysProductsAndSeminarsAreNoIncidents) {
  // A vendor's survey of infections: a threat report, though it is news and 分かった.
  const auto a = Analyze(
      "情報窃取型マルウエアについて、セキュリティー会社「架空セキュア」が主要な10種を対象に国内の"
      "端末を調査したところ、毎月数百台から検出されたことが6日、同社への取材で分かった。\n");
  EXPECT_EQ(a.incident.kind, "threat_report");
  // A research firm's yearly count of leaks: commentary.
  const auto b = Analyze(
      "架空リサーチは1月19日、2031年「上場企業の個人情報漏えい事故」調査の結果を発表した。"
      "漏えい事故を公表した上場企業は150社で、社数と事故件数は2年連続で最多を更新した。\n");
  EXPECT_EQ(b.incident.kind, "commentary");
  // A product's support extended, a seminar held, a hiring story: off topic.
  const auto c = Analyze(
      "架空ITS、セキュリティソフトで旧OSのサポートを継続\n\n架空ITソリューションズは8月20日、"
      "セキュリティソフトウェアのライセンス製品で旧OSのサポートを2033年まで継続すると発表した。\n");
  EXPECT_EQ(c.incident.kind, "off_topic");
  const auto d = Analyze(
      "中小企業の情報セキュリティー対策を推進するセミナーが3日、架空市のホールで開かれた。県警の"
      "担当者がサイバー攻撃を受けた場合の対処法について講演した。\n");
  EXPECT_EQ(d.incident.kind, "off_topic");
  // Near miss: a notice of an attack stays an incident.
  const auto e = Analyze(
      "ランサムウェア被害のお知らせ\n\n当社のサーバーがランサムウェアに感染したことが判明しました。"
      "深くお詫び申し上げます。\n");
  EXPECT_EQ(e.incident.kind, "incident");
}

TEST(RealPatterns, AWarningAboutSpoofedSendersIsAnAdvisory) {
  const auto a = Analyze(
      "送信元が偽装されたSMSに関するご注意\n掲載日:2031年3月4日\n当社またはその他の企業名を"
      "送信元として偽装したSMSによるフィッシング詐欺の被害が発生しております。URLのクリックには"
      "細心の注意を払ってください。\n");
  EXPECT_EQ(a.incident.kind, "advisory");
}

TEST(RealPatterns, APostStampWithItsTimeDatesTheNews) {
  const auto a = Analyze(
      "Toで送信、架空県がアドレス45件流出\n\n 2031/09/16 20:47\n 架空県は16日、報道機関の担当者らの"
      "メールアドレス45件が流出したと発表した。\n");
  EXPECT_EQ(a.incident.announce_date, "2031-09-16");
  EXPECT_FALSE(a.incident.incident_date.has_value()) << *a.incident.incident_date;
  ASSERT_FALSE(a.incident.affected.empty());
  EXPECT_EQ(a.incident.affected[0].unit, "emails");  // メールアドレス45件
  // Near miss: a dated heading with a weekday is a step of the account, not a stamp.
  const auto b = Analyze(
      "文書の滅失について\n\n経過\n【令和13年2月19日(水曜日)"
      "】\n保存箱を誤って廃棄したことが判明。\n");
  EXPECT_FALSE(b.incident.announce_date.has_value()) << *b.incident.announce_date;
}

TEST(RealPatterns, RecordsStaffCouldNotOpenAreNoSnooping) {
  const auto a = Analyze(
      "架空西病院へサイバー攻撃 電子カルテの一部閲覧できない状態\n\n架空西病院で、患者の電子カルテ"
      "の一部が閲覧できない状態になっている。12月3日午後10時ごろ、病院の職員が電子カルテの一部が"
      "閲覧できないことに気付いた。\n");
  EXPECT_NE(a.incident.type, "insider");
}

TEST(RealPatterns, EnglishNoticesReportToLawEnforcement) {
  const auto a = Analyze(
      "Notice of Data Security Incident\n\nWe discovered unauthorized access to our network. We "
      "notified law enforcement and are cooperating with their investigation.\n");
  EXPECT_TRUE(ReportedTo(a, "police"));
}

TEST(RealPatterns, StaffWhoseAccountWasBrokenIntoAreNoInsiders) {
  // 「教職員が使っているメールアカウントに不正アクセスがあり」: the staff are the victims.
  const auto a = Analyze(
      "架空大は28日、教職員が使っている電子メールアカウントに不正アクセスがあり、受講者311人の"
      "氏名や成績が含まれるメールが閲覧された可能性があると発表した。教員のメールアドレスから"
      "大量のメールが送信され、アカウントが乗っ取られていた。\n");
  EXPECT_NE(a.incident.type, "insider");
  // Near miss: a former employee who broke in is the insider.
  const auto b = Analyze(
      "元社員の逮捕について\n当社の元社員が在職中から退職後まで、社内サーバーに不正アクセスし、"
      "業務を妨害した容疑で逮捕されました。\n");
  EXPECT_EQ(b.incident.type, "insider");
}

TEST(RealPatterns, ThePeriodOfTheRecordsIsNoIncidentDate) {
  // 「2029年6月から2030年10月までの間、端末に記録された患者」 dates what the device held.
  const auto a = Analyze(
      "架空市立みなと病院で患者情報流出の恐れ\n市立病院によると、移転の際に処分を委託した業者が"
      "データを消さないままレジ端末を流通させた。漏えいした恐れがあるのは、2029年6月から2030年"
      "10月までの間、端末に記録された患者4万8651人のカナ氏名などです。\n");
  EXPECT_FALSE(a.incident.incident_date.has_value()) << *a.incident.incident_date;
  // Near miss: a period in which the attack went on is the incident's.
  const auto b = Analyze(
      "不正アクセスについて\n2031年6月から7月までの間、当社サーバーに不正アクセスがありました。\n");
  EXPECT_EQ(b.incident.incident_date.value_or("").substr(0, 7), "2031-06");
}

TEST(RealPatterns, AHardWrappedNewsSentenceDatesTheReport) {
  // 「DATE、…で、\n…を\n流出させていたことがわかった。」: one sentence over three lines, and
  // its date is when the leak became known (the report's), not the leak's.
  const auto a = Analyze(
      "【架空県】県立高校、生徒159人分の個人情報を流出\n\n2031年4月24日、架空県の県立高等学校で、\n"
      "生徒159人分の個人情報を\n流出させていたことがわかった。\n");
  EXPECT_EQ(a.incident.announce_date, "2031-04-24");
  EXPECT_FALSE(a.incident.incident_date.has_value()) << *a.incident.incident_date;
}

TEST(RealPatterns, AVendorsHalfYearCountOfPhishingDomainsIsAThreatReport) {
  // Statistics of a half year read like commentary (下半期, 本稿); a team that collects and
  // counts phishing sites' domains in its own voice publishes a threat report.
  const auto a = Analyze(
      "2031/02/28 K-FILTER,フィッシング\n2030年下半期フィッシングサイト ドメイン集計\n"
      "カクウアーツでは、日々様々なWebサイトについて調査・収集を行っています。2030年下半期に"
      "収集したフィッシングサイトURLから、ドメインを集計した結果を公開します。\n本稿では、"
      "よく使われたトップレベルドメインを紹介します。\n");
  EXPECT_EQ(a.incident.kind, "threat_report");
  EXPECT_EQ(a.incident.title_org, "カクウアーツ");
  // Near miss: a columnist's half-year look at incidents stays commentary.
  const auto b = Analyze(
      "2030年下半期の個人情報漏えいを振り返る\n本稿では、2030年下半期に公表された事故の件数を"
      "整理し、その傾向について考えます。件数は前年比で増えており、対策が大切だと思います。\n");
  EXPECT_EQ(b.incident.kind, "commentary");
}

TEST(RealPatterns, ADateUnderAnEventsLabelIsTheEventsNotTheNotices) {
  const auto a = Analyze(
      "個人情報の漏えいについて\n\n1 発生日時\n\n令和13年4月1日\n\n2 概要\n"
      "当社のサーバーが不正アクセスを受け、顧客の氏名が漏えいしました。\n");
  EXPECT_FALSE(a.incident.announce_date.has_value()) << *a.incident.announce_date;
  EXPECT_EQ(a.incident.incident_date, "2031-04-01");
  // Near miss: a date line under the title, with no label, is the notice's.
  const auto b = Analyze(
      "個人情報の漏えいについて\n\n令和13年4月3日\n\n2 概要\n"
      "当社のサーバーが不正アクセスを受け、顧客の氏名が漏えいしました。\n");
  EXPECT_EQ(b.incident.announce_date, "2031-04-03");
}

TEST(RealPatterns, AdviceOnBuyingSecuritySoftwareCheaplyIsOffTopic) {
  const auto a = Analyze(
      "ウイルス対策ソフトは年末に買うのがおすすめ\nウイルス対策ソフトはなるべく安く購入したいところ"
      "です。年末はどこでも値引きセールをやるのはご存知かと思います。\n");
  EXPECT_EQ(a.incident.kind, "off_topic");
  // Near miss: a warning of phishing mails that promise a coupon stays an advisory.
  const auto b = Analyze(
      "架空銀行をかたるフィッシングメールにご注意ください\nクーポンがもらえると偽るメールが"
      "確認されています。メール内のリンクにはアクセスしないでください。\n");
  EXPECT_EQ(b.incident.kind, "advisory");
}

TEST(RealPatterns, AnIncidentResponseTeamsCaseStudiesAreAThreatReport) {
  // Two victims' files were encrypted, but the text is a response team's account of its cases.
  const auto a = Analyze(
      "ランサムウェア攻撃への早期介入\nカクウ社のインシデント対応チームが最近対処した 2 件の"
      "ランサムウェア事例を取り上げます。一方の被害組織ではファイルが暗号化されました。\n");
  EXPECT_EQ(a.incident.kind, "threat_report");
  // Near miss: a notice that its own response team is investigating stays an incident.
  const auto b = Analyze(
      "ランサムウェア被害のお知らせ\n当社サーバーがランサムウェアに感染し、ファイルが暗号化され"
      "ました。当社のインシデント対応チームが調査を進めております。ご迷惑をおかけし申し訳ございませ"
      "ん。"
      "\n");
  EXPECT_EQ(b.incident.kind, "incident");
}

}  // namespace
}  // namespace jikenbo::extract
