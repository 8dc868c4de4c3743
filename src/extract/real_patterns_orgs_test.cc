// Patterns seen across real notices, for the announcing organisation: each written here as a
// fictional text of our own, with the near miss that must keep its old answer.
#include <gtest/gtest.h>

#include "extract/extract.h"
#include "tests/testing.h"

namespace jikenbo::extract {
namespace {

using testing::AnalyzeText;
model::Article Analyze(const std::string& text) { return AnalyzeText(text); }

// --- the announcing organisation ---------------------------------------------------------------
TEST(RealPatterns, ANoticeThatDefinesItsOwnNameAnnouncesIt) {
  const auto a = Analyze(
      "会費決済の代行会社における情報流出について\n\n"
      "架空福祉会(以下「本会」)の会費決済を委託している代行会社で不正アクセスがあり、会員の"
      "カード情報が流出したおそれがあることが分かりました。\n");
  EXPECT_EQ(a.incident.title_org, "架空福祉会");
  // Near misses: a subsidiary defined as 当社子会社, a head office as 本社, are not the voice.
  const auto sub = Analyze(
      "子会社における情報流出に関するご報告\n\n"
      "この度、架空ロジスティクス(以下「当社子会社」)のサーバーが不正アクセスを受けたことが"
      "判明いたしました。\n");
  EXPECT_NE(sub.incident.title_org, "架空ロジスティクス");
  const auto office = Analyze(
      "書類の紛失について\n\n"
      "架空住宅供給公社本社(以下「本社」)において、入居者名簿を紛失したことが判明しました。\n");
  EXPECT_NE(office.incident.title_org, "架空住宅供給公社本社");
}

TEST(RealPatterns, WordsEndingInAnOfficeWordAreNoOrganisations) {
  // 退庁 (leaving the office) and 反省 (regret) end like 警察庁 and 総務省; 「架空機構も注意喚起」
  // names 架空機構 (after a legal form the name runs on to a particle).
  const auto a = Analyze(
      "顧客名簿の紛失について\n\n"
      "当社職員が退庁時に顧客名簿を持ち出し、紛失しました。深く反省しております。\n");
  EXPECT_FALSE(a.incident.org_key.has_value()) << *a.incident.org_key;
  const auto b = Analyze(
      "ウイルス感染について\n\n"
      "当社社員のパソコンがマルウェアに感染したことを確認いたしました。なお、独立行政法人架空情報機"
      "構も注意喚起を"
      "行っています。\n");
  EXPECT_EQ(b.incident.org_key.value_or(""), "架空情報機構");
}

TEST(RealPatterns, ANewsReportIsAboutTheInstitutionNotItsCity) {
  // 「架空市の医療法人架空会「架空病院」が…」: the city says where, the quoted hospital run by the
  // corporation is whom; its key is the notice's (医療法人架空会 架空病院).
  const auto a = Analyze(
      "病院にランサムウエア攻撃\n\n"
      "架空市の医療法人架空会「架空山上病院」で電子カルテが開けなくなり、ランサムウエアによる"
      "攻撃と分かった。\n");
  EXPECT_EQ(a.incident.org_key.value_or(""), "架空会架空山上病院");
  const auto notice = Analyze(
      "医療法人架空会 架空山上病院\n電子カルテシステムの障害について\n\n"
      "当院の電子カルテシステムがランサムウェアに感染したことが判明しました。\n");
  EXPECT_EQ(notice.incident.org_key, a.incident.org_key);
}

TEST(RealPatterns, ASignatureLineMaySpaceTheNameFromItsForm) {
  const auto a = Analyze(
      "弊社オンラインショップへの不正アクセスに関するお詫び\n"
      "お客様各位\n"
      "株式会社 架空玉(かくうだま)\n"
      "このたび、弊社が運営するオンラインショップが第三者による不正アクセスを受けました。\n");
  EXPECT_EQ(a.incident.title_org, "株式会社 架空玉");
  EXPECT_EQ(a.incident.org_key.value_or(""), "架空玉");
  // Near miss: a legal form that ends a name, then the title's words, is no spaced name.
  const auto b = Analyze(
      "架空物産株式会社 不正アクセスによる情報流出について\n\n"
      "当社サーバーが不正アクセスを受けました。\n");
  EXPECT_EQ(b.incident.title_org, "架空物産株式会社");
}

TEST(RealPatterns, ListNumbersAndThePoliceAreNotWhomANoticeIsAbout) {
  const auto a = Analyze(
      "システムへのサイバー攻撃に関するご報告\n\n"
      "当会が使っている会計システムが不正アクセスを受け、ランサムウェアに感染しました。\n3."
      "\u3231架空システムの対応\n"
      "・6月5日、警視庁に相談しました。\n");
  EXPECT_NE(a.incident.org_key.value_or(""), "3");
  const auto b = Analyze(
      "クレジットカード情報漏洩に関するQ&A\n\n"
      "弊社ウェブショップに外部からの不正アクセスがあり、カード情報が漏洩しました。"
      "警視庁にも届け出ております。\n");
  EXPECT_FALSE(b.incident.org_key.has_value()) << *b.incident.org_key;
}

TEST(RealPatterns, WhomAReportIsAbout) {
  // A unit of the notice's own organisation, a numbered item, and a ministry a shop reported to
  // are not whom the notice is about.
  const auto a = Analyze(
      "不正アクセスに関するお知らせ\n\n"
      "弊社総合情報処理センターのサーバーが不正アクセスを受けました。\n"
      "経済産業省および警察に報告いたしました。\n");
  EXPECT_FALSE(a.incident.org_key.has_value()) << *a.incident.org_key;
  const auto numbered = Analyze(
      "不正アクセスに関するお知らせ\n\n当会のサーバーが不正アクセスを受けました。\n"
      "2.架空情報センター\nお問い合わせは下記まで。\n");
  EXPECT_EQ(numbered.incident.org_key.value_or(""), "架空情報センター");
  // A library with its city in brackets is the library; a newspaper's byline is its source.
  const auto b = Analyze(
      "不正アクセスか、県立図書館ホームページを閉鎖\n"
      "架空県立図書館(架空市)は27日、サイトに無関係な英文が書き込まれていたため、不正アクセスの"
      "疑いで公開を止めたと発表した。\n");
  EXPECT_EQ(b.incident.org_key.value_or(""), "架空県立図書館");
  const auto c = Analyze(
      "ある読者のブログ\n\n架空南高、新入生の書類を誤って焼却\n\n架空新聞\n"
      "2031年04月18日(金)07時10分\n\n"
      "架空南高は17日、新入生の住所や氏名が載った書類の写しを、処分する書類と一緒に焼却してしまった"
      "と発表した。\n");
  EXPECT_EQ(c.incident.title_org, std::nullopt) << *c.incident.title_org;
  EXPECT_NE(c.incident.org_key.value_or(""), "架空新聞");
}

TEST(RealPatterns, WhatAProviderDidIsNoPartOfItsName) {
  const auto a = Analyze(
      "お知らせ\n\n弊社サイトに導入していた表示変換サービス(株式会社カソラ提供)に第三者による"
      "不正アクセスがあり、カード情報が流出しました。\n");
  EXPECT_EQ(a.incident.org_key.value_or(""), "カソラ");
}

TEST(RealPatterns, ABrandTheHeadlineOpensWithIsTheSubjectOfTheNews) {
  const auto a = Analyze(
      "KasoraNet、会員情報12万件が外部に流出 委託先の端末から侵入\n\n"
      "KasoraNetは、外部からの侵入によって会員情報が流出したとウェブサイトで公表した。\n");
  EXPECT_EQ(a.incident.org_key.value_or(""), "kasoranet");
  // Near miss: a subject that the headline does not open with names nobody.
  const auto b = Analyze(
      "会員情報12万件が外部に流出 委託先の端末から侵入\n\n"
      "KasoraNetは、外部からの侵入によって会員情報が流出したとウェブサイトで公表した。\n");
  EXPECT_FALSE(b.incident.org_key.has_value()) << *b.incident.org_key;
}

TEST(RealPatterns, AMinistrysShortFormIsTheMinistry) {
  const auto a = Analyze(
      "厚労省の電子申請で他人の受付情報が表示\n\n"
      "厚労省は29日、電子申請の窓口で別人の受付情報が表示される不具合があり、約300人分の氏名が"
      "閲覧できる状態だったと明らかにした。\n");
  EXPECT_EQ(a.incident.org_key.value_or(""), "厚生労働省");
}

// --- patterns of further real texts (labelled outside the repository) --------------------------
TEST(RealPatterns, TheNoticesWordForItselfNamesItsOrganisation) {
  // 本県 and one prefecture named: the prefecture, not the call centre on the contact line.
  const auto a = Analyze(
      "委託先における個人情報の不正持ち出しについて\n\n"
      "架空県が業務を委託した株式会社架空データの従業者が、委託業務の情報を不正に持ち出していた"
      "ことが判明しました。本県が提供した情報の流出は確認されていません。\n\n"
      "特設コールセンター\n電話 0120-000-000\n");
  EXPECT_EQ(a.incident.title_org, "架空県");
  // Near miss: two prefectures named, 本県 points to neither for sure.
  const auto b = Analyze(
      "委託先における個人情報の不正持ち出しについて\n\n"
      "架空県と仮想県が業務を委託した株式会社架空データの従業者が、情報を不正に持ち出していた"
      "ことが判明しました。本県が提供した情報の流出は確認されていません。\n");
  EXPECT_NE(b.incident.title_org, "架空県");
  // 本市場 is no 本市.
  const auto c = Analyze(
      "相場情報の配信停止について\n\n本市場の相場情報の配信が停止しました。架空市の卸売業者"
      "からの連絡で判明しました。\n");
  EXPECT_NE(c.incident.title_org, "架空市");
}

TEST(RealPatterns, AContactLineNamesANoticeThatSpeaksOnlyOfItself) {
  const auto a = Analyze(
      "この度、弊社のパソコンがマルウェアに感染し、弊社社員を装ったメールが送信されていることが"
      "確認されました。\n深くお詫び申し上げます。\n問い合わせ先 架空自動車販売株式会社\n"
      "総務部\n");
  EXPECT_EQ(a.incident.title_org, "架空自動車販売株式会社");
  // Near miss: a notice not in its own voice keeps no announcer from a contact line.
  const auto b = Analyze(
      "市内の販売店でマルウェア感染\n\n販売店のパソコンがマルウェアに感染したことが分かった。\n"
      "問い合わせ先 架空自動車販売株式会社\n");
  EXPECT_FALSE(b.incident.title_org.has_value()) << *b.incident.title_org;
}

TEST(RealPatterns, ASiteNameWithItsEnglishFormHeadsThePage) {
  const auto a = Analyze(
      "架空言語教育学会:Kaku Society for Language Education\n\nmenu\n\n"
      "決済サービス会社における情報流出に関するご報告\n\n2031年3月1日\n\n"
      "この度、会費の決済に利用している決済サービス会社において情報流出が発生しました。\n");
  EXPECT_EQ(a.incident.title_org, "架空言語教育学会");
  // Near miss: a brand, a colon and a Japanese headline is the topic of a threat report.
  const auto b = Analyze(
      "Kakuchat: 犯罪者の新しい遊び場\n\nKakuchatは近年人気を集めている。攻撃者はその"
      "Webhookを悪用してマルウェアを配布している。\n");
  EXPECT_FALSE(b.incident.title_org.has_value()) << *b.incident.title_org;
}

TEST(RealPatterns, TitlesNameTheirOrganisationInCommonShapes) {
  // 「X株式会社における…」: the form ends the name; what follows is no company.
  const auto a = Analyze(
      "【お詫び】架空商会株式会社における個人情報漏えいについて\n\n2031年4月1日\n\n"
      "このたび、当社サーバーが不正アクセスを受けたことが判明しました。\n");
  EXPECT_EQ(a.incident.title_org, "架空商会株式会社");
  // A label before the title's words, then the name and the subject.
  const auto b =
      Analyze("[重要] 架空市 個人情報の紛失について\n\n市職員が住民の名簿を紛失しました。\n");
  EXPECT_EQ(b.incident.title_org, "架空市");
  // The name set apart at the title's end.
  const auto c =
      Analyze("個人情報の漏えいについて(架空市)\n\n市職員が住民の名簿を紛失しました。\n");
  EXPECT_EQ(c.incident.title_org, "架空市");
  const auto d =
      Analyze("個人情報含む資料を誤廃棄 - 架空県\n\n県の事務所で書類を誤って廃棄しました。\n");
  EXPECT_EQ(d.incident.title_org, "架空県");
  // Near miss: a municipality inside the title's phrase is where, not who.
  const auto e = Analyze(
      "架空市内の病院で個人情報を紛失\n\n市内の病院で患者の名簿が紛失したことが分かった。\n");
  EXPECT_NE(e.incident.title_org, "架空市");
}

TEST(RealPatterns, AHeadOfALocalGovernmentSignsForIt) {
  const auto a = Analyze(
      "個人情報を含む書類の紛失について\n\n令和13年4月1日\n架空市長 架空太郎\n\n"
      "市職員が住民の名簿を紛失しました。\n");
  EXPECT_EQ(a.incident.title_org, "架空市");
  const auto b = Analyze(
      "個人情報を含む書類の紛失について\n\n令和13年4月1日\n仮想県知事　架空 花子\n\n"
      "県職員が住民の名簿を紛失しました。\n");
  EXPECT_EQ(b.incident.title_org, "仮想県");
  // Near miss: a sentence about a mayor signs nothing.
  const auto c = Analyze(
      "個人情報を含む書類の紛失について\n\n架空市長 架空太郎は記者会見で謝罪した。"
      "市職員が住民の名簿を紛失した。\n");
  EXPECT_NE(c.incident.title_org, "架空市");
}

TEST(RealPatterns, EnglishNoticesNameTheirOrganisation) {
  const auto a = Analyze(
      "Notice of Data Security Incident\n\nApril 5, 2031\n\nKaku Medical Center is providing "
      "notice of an incident that may have affected patient information. On March 3, 2031, Kaku "
      "Medical Center discovered unauthorized access to an employee email account.\n");
  EXPECT_EQ(a.incident.title_org, "Kaku Medical Center");
  EXPECT_EQ(a.incident.announce_date, "2031-04-05");
  const auto b = Analyze(
      "Notice of Data Security Incident\n\nKaku Health, Inc. (\"Kaku\") is notifying individuals "
      "of a data security incident. On March 3, 2031, we discovered unauthorized access to our "
      "network.\n");
  EXPECT_EQ(b.incident.title_org, "Kaku Health, Inc.");
  // An opening sentence is no title: its dates are the body's.
  const auto c = Analyze(
      "Kaku Corp. (\"Kaku\") announced that it was the victim of a ransomware attack. We "
      "discovered the attack on April 2, 2031.\n");
  EXPECT_EQ(c.incident.incident_date, "2031-04-02");
  EXPECT_FALSE(c.incident.announce_date.has_value()) << *c.incident.announce_date;
  // "Institute" and "University" may be followed by what they are of: the name goes on over
  // capitalised words and "and".
  const auto d = Analyze(
      "Notice on a misaddressed message\nNovember 21, 2031\n"
      "Kakuland Advanced Institute of Marine Science and Technology\nOur office accidentally sent "
      "a message with applicants' personal information to the wrong recipient.\n");
  EXPECT_EQ(d.incident.title_org, "Kakuland Advanced Institute of Marine Science and Technology");
  const auto e = Analyze(
      "Notice of a data security incident\n\nUniversity of Kakuland announced that an e-mail "
      "account of its staff was compromised on March 3, 2031.\n");
  EXPECT_EQ(e.incident.title_org, "University of Kakuland");
}

TEST(RealPatterns, AThreatReportsPublisherNamedInQuotesOrInItsOwnVoice) {
  // 「セキュリティー会社「X」が」: the quotes make the word a company, the publisher.
  const auto a = Analyze(
      "情報窃取型マルウエアについて、セキュリティー会社「カクウセキュア」が主要な10種を対象に国内の"
      "端末を調査したところ、毎月数百台から検出されたことが6日、同社への取材で分かった。"
      "架空庁によると、不正取引額は増えている。\n");
  EXPECT_EQ(a.incident.kind, "threat_report");
  EXPECT_EQ(a.incident.title_org, "カクウセキュア");
  // 「Xでは、日々…を調査・収集しています」: the research team's own voice.
  const auto b = Analyze(
      "2031年上半期フィッシングサイトのドメイン分析\nカクウアーツでは、日々様々なWebサイトに"
      "ついて調査・収集を行っています。収集したフィッシングサイトのURLを分析した結果を公開します。"
      "攻撃者は短縮URLを悪用している。\n");
  EXPECT_EQ(b.incident.title_org, "カクウアーツ");
  // Near miss: 「では、」 after a place is no organisation.
  const auto c =
      Analyze("ヨーロッパでは、各地で観測された手口を攻撃者が悪用している。手口を分析した。\n");
  EXPECT_FALSE(c.incident.title_org.has_value()) << *c.incident.title_org;
}

TEST(RealPatterns, ABlogsFooterSignsNoIncidentItReports) {
  // A blog's entry about another organisation's notice ends with ranking banners; the banner's
  // 〜村 is no village, and a page that does not speak for itself signs no incident.
  const std::string body =
      "メール誤送信の件\n\n2031年6月3日、架空協会のサイトに「会員へのメール誤送信について」が"
      "掲載されました。\n\n会員450名の氏名とメールアドレスを誤って宛先に入れて送信したとの"
      "ことです。\n\nどうして誤ったのかの説明はありません。\n\n再発防止策が大切だと思います。\n\n"
      "山田一郎\n\nランキングに参加しています\n\n";
  const auto a = Analyze(body + "ゆめみブログ村 士業ブログへ\n\nby law | 2031-06-05\n");
  EXPECT_EQ(a.incident.kind, "incident");
  EXPECT_EQ(a.incident.type, "misdelivery");
  EXPECT_FALSE(a.incident.title_org.has_value()) << *a.incident.title_org;
  // No municipality's name holds the long-vowel mark: ゲームパーク村 is no village.
  const auto b = Analyze(body + "ゲームパーク村 士業ブログへ\n");
  for (const std::string& v : b.incident.victim_orgs) EXPECT_EQ(v.find("村"), std::string::npos);
  // Near miss: a notice in its own voice signs at the bottom.
  const auto c = Analyze(
      "会員へのメール誤送信について\n\n当協会において、会員450名の氏名とメールアドレスを誤って"
      "宛先に入れて送信する事案が発生いたしました。\n\n深くお詫び申し上げます。\n\n"
      "対象の会員には個別に連絡いたしました。\n\n今後は送信前の確認を徹底します。\n\n"
      "ご迷惑をおかけしました。\n\n以上\n\n一般社団法人架空協会\n");
  EXPECT_EQ(c.incident.title_org, "一般社団法人架空協会");
}

TEST(RealPatterns, APhotosCaptionSignsNothingAndDatesNothing) {
  // A news page without a headline: its caption 「架空市の新庁舎(2030年12月撮影)」 is no issuer
  // line, and its date is no reference for 「昨年12月28日」.
  const auto a = Analyze(
      "【架空】架空市が、市民約1万8千人の個人情報が入ったハードディスクを、昨年12月28日の"
      "新庁舎への引っ越しの際に紛失していたことが27日分かった。市は同日、ホームページにおわびを"
      "掲載した。\n\n架空市の新庁舎(2030年12月撮影)"
      "\n\n現時点で個人情報の流出は確認されていない。\n");
  EXPECT_FALSE(a.incident.title_org.has_value()) << *a.incident.title_org;
  EXPECT_EQ(a.incident.org_key, "架空市");
  EXPECT_FALSE(a.incident.incident_date.has_value()) << *a.incident.incident_date;
  // Near miss: a signature line 「架空市 総務課」 under a notice in its own voice still signs it.
  const auto b = Analyze(
      "ハードディスクの紛失について\n本市において、市民の個人情報が入ったハードディスクを紛失"
      "しました。\n\n架空市 総務課\n");
  EXPECT_EQ(b.incident.title_org, "架空市");
}

TEST(RealPatterns, ANewspapersDatelineIsTheSourceAndDatesTheDayOfItsLead) {
  // 「架空新聞 2031年8月2日」 over 「架空電機は1日、…と発表した」: the report is about 架空電機,
  // which announced on August 1 (the day before the paper's date).
  const auto a = Analyze(
      "架空新聞 2031年8月2日\n架空電機、不正アクセスで顧客情報5万件流出か\n架空電機は1日、同社の"
      "サーバーが不正アクセスを受け、顧客約5万件の氏名や住所が流出した可能性があると発表した。"
      "7月25日に異常を検知したという。\n");
  EXPECT_EQ(a.incident.org_key, "架空電機");
  EXPECT_FALSE(a.incident.title_org.has_value()) << *a.incident.title_org;
  EXPECT_EQ(a.incident.announce_date, "2031-08-01");
  EXPECT_EQ(a.incident.incident_date, "2031-07-25");
  // A day after the paper's is in the month before: 28日 under 8月2日 is July 28.
  const auto b = Analyze(
      "架空新聞 2031年8月2日\n架空電機、不正アクセスで顧客情報流出か\n架空電機は28日、サーバーが"
      "不正アクセスを受けたと発表した。\n");
  EXPECT_EQ(b.incident.announce_date, "2031-07-28");
  // Near miss: a day that is no reporting sentence's keeps the paper's date.
  const auto c = Analyze(
      "架空新聞 2031年8月2日\n架空電機で不正アクセス\n架空電機のサーバーが不正アクセスを受けた。"
      "社員は28日、異常に気付いた。\n");
  EXPECT_EQ(c.incident.announce_date, "2031-08-02");
}

}  // namespace
}  // namespace jikenbo::extract
