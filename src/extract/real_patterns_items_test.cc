// Patterns seen across real notices (the tune split of the real corpus) for data items and
// counts, each written here as a fictional text of our own, with the near miss that must keep its
// old answer.
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

// --- data items ----------------------------------------------------------------------------------
TEST(RealPatterns, ADenialHoldsForItsOwnClauseOnly) {
  const auto a = Analyze(
      "ノートパソコンの紛失について\n\n"
      "当院職員が業務用のノートパソコンを紛失しました。このパソコンには、利用者の氏名と"
      "生年月日は保存されていないものの、患者番号と病名が保存されていました。\n");
  const auto& items = a.incident.data_items;
  EXPECT_TRUE(Has(items, "health")) << ::testing::PrintToString(items);
  EXPECT_TRUE(Has(items, "other"));
  EXPECT_FALSE(Has(items, "name"));
  EXPECT_FALSE(Has(items, "birthdate"));
  // Near miss: the exposed items before the turn of the sentence still count.
  const auto b = Analyze(
      "不正アクセスによる情報流出について\n\n"
      "当社サーバーが不正アクセスを受け、お客様の氏名と住所が流出しましたが、クレジットカード番号"
      "は含まれておりません。\n");
  EXPECT_TRUE(Has(b.incident.data_items, "name"))
      << ::testing::PrintToString(b.incident.data_items);
  EXPECT_TRUE(Has(b.incident.data_items, "address"));
  EXPECT_FALSE(Has(b.incident.data_items, "credit_card_number"));
}

TEST(RealPatterns, ItemWordsOfRealNotices) {
  // 「カード名義」 is the holder's name; quoted items in a row are one enumeration; a roster
  // holds names; an identifier of a service (架空資金ID) is an item outside the vocabulary.
  const auto a = Analyze(
      "不正アクセスによるカード情報流出のお知らせ\n\n"
      "当社サイトが不正アクセスを受け、流出したおそれがあるのはカード名義、カード番号、有効期限です"
      "。"
      "\nまた、貸与者の架空資金IDも流出しました。\n");
  const auto& items = a.incident.data_items;
  for (const char* want : {"card_holder_name", "credit_card_number", "card_expiry", "other"}) {
    EXPECT_TRUE(Has(items, want)) << want << " in " << ::testing::PrintToString(items);
  }
  const auto quoted = Analyze(
      "会員台帳の紛失について\n\n"
      "紛失した台帳には、会員の「名前」「生年月日」「住所」「電話番号」「勤務先」「趣味」"
      "「紹介者」といった項目が記載されていました。\n");
  EXPECT_TRUE(Has(quoted.incident.data_items, "name"))
      << ::testing::PrintToString(quoted.incident.data_items);
  const auto member = Analyze(
      "不正アクセスによるカード情報流出\n\n"
      "漏えいしたのは、有効期限、カード番号、カード会員名の3項目です。\n"
      "流出したのは受付番号とお名前(ご住所やお電話番号はありません。)、来店日の一覧です。\n");
  EXPECT_TRUE(Has(member.incident.data_items, "card_holder_name"))
      << ::testing::PrintToString(member.incident.data_items);
  EXPECT_TRUE(Has(member.incident.data_items, "name"));
  EXPECT_FALSE(Has(member.incident.data_items, "address"));
  EXPECT_FALSE(Has(member.incident.data_items, "phone"));
  const auto roster = Analyze("名簿の紛失について\n\n部員の住所を記載した名簿を紛失しました。\n");
  EXPECT_TRUE(Has(roster.incident.data_items, "name"))
      << ::testing::PrintToString(roster.incident.data_items);
  // Near misses: 所属する教員 names no department; the address a mail went to by mistake is the
  // channel, not an exposed item.
  const auto b = Analyze(
      "メール誤送信について\n\n"
      "本学に所属する教員が、学生の氏名を記載したファイルを、メールアドレスを間違えて送信しました。"
      "\n");
  EXPECT_TRUE(Has(b.incident.data_items, "name"))
      << ::testing::PrintToString(b.incident.data_items);
  EXPECT_FALSE(Has(b.incident.data_items, "department"));
  EXPECT_FALSE(Has(b.incident.data_items, "email"));
}

TEST(RealPatterns, AnImageCaptionLabelIsNoPhotograph) {
  const auto a = Analyze(
      "雑貨通販の架空社、カード情報が流出\n\n"
      "架空社は、クレジットカード番号と有効期限が流出したと発表した。\n\nphoto "
      "架空社の告知ページ\n");
  EXPECT_FALSE(Has(a.incident.data_items, "photo"))
      << ::testing::PrintToString(a.incident.data_items);
  // Near miss: photographs said exposed are.
  const auto b = Analyze(
      "Kestrel City data breach\n\n"
      "Kestrel City said work orders and photos of residents' houses were exposed.\n");
  EXPECT_TRUE(Has(b.incident.data_items, "photo"))
      << ::testing::PrintToString(b.incident.data_items);
}

// --- counts --------------------------------------------------------------------------------------
TEST(RealPatterns, APreciseCountReplacesItsRoundedForm) {
  const auto a = Analyze(
      "架空通販に不正アクセス、会員情報およそ9万件が流出のおそれ\n\n"
      "架空通販の発表では、侵入されたサーバーに会員の個人情報9万2,500件が保存されていた。\n");
  ASSERT_FALSE(a.incident.affected.empty());
  EXPECT_EQ(a.incident.affected[0].count, 92500);
  EXPECT_EQ(a.incident.affected[0].qualifier, model::Qualifier::kExact);
  // 2.3万件 is a rounded figure of 2万2981件.
  const auto b = Analyze(
      "不正アクセスによる個人情報流出のお知らせ\n\n"
      "2.3万件のクレジットカード情報が流出した可能性があります。対象は2万2981件です。\n");
  ASSERT_FALSE(b.incident.affected.empty());
  EXPECT_EQ(b.incident.affected[0].count, 22981);
  // Near miss: two counts far apart stay two counts.
  const auto c = Analyze(
      "メール誤送信について\n\n"
      "約300件のメールアドレスが流出し、そのうち25件は取引先のものでした。\n");
  ASSERT_GE(c.incident.affected.size(), 2u);
  EXPECT_EQ(c.incident.affected[0].count, 300);
}

TEST(RealPatterns, EnglishCountsInMillions) {
  const auto a = Analyze(
      "Kestrel Corp. data breach\n\n"
      "Kestrel Corp. said on May 4, 2031 that data of 2.5 million customers was exposed.\n");
  ASSERT_FALSE(a.incident.affected.empty());
  EXPECT_EQ(a.incident.affected[0].count, 2'500'000);
  EXPECT_EQ(a.incident.affected[0].qualifier, model::Qualifier::kApprox);
  EXPECT_EQ(a.incident.affected[0].unit, "persons");
}

TEST(RealPatterns, SchoolRecordsAndSpacedIdsAreItems) {
  // 指導要録 holds a pupil's grades; 「患者 ID」 is an identifier like 患者ID.
  const auto a =
      Analyze("書類の紛失について\n児童2名分の健康診断票と指導要録の写しを紛失しました。\n");
  EXPECT_TRUE(Has(a.incident.data_items, "grades"));
  EXPECT_TRUE(Has(a.incident.data_items, "health"));
  const auto b = Analyze(
      "患者情報の流出について\n処分した端末に記録された患者 ID及びカナ氏名が流出した恐れが"
      "あります。\n");
  EXPECT_TRUE(Has(b.incident.data_items, "other"));
  EXPECT_TRUE(Has(b.incident.data_items, "name"));
}

TEST(RealPatterns, AFilesProtectionAndAWrongAddressAreNoItems) {
  // 「ファイル(一部パスワードなし)」 says how the file was protected, not that a password leaked;
  // 「送信先のメールアドレスが誤っていた」 and 「誤ったメールアドレス(以下、誤アドレス)に」 name
  // where the mail went.
  const auto a = Analyze(
      "個人情報の漏えいについて\n受講者311名の氏名と成績が記載されたファイル(一部パスワードなし)が"
      "添付されたメールが閲覧された可能性があります。\n");
  EXPECT_FALSE(Has(a.incident.data_items, "password"));
  EXPECT_TRUE(Has(a.incident.data_items, "grades"));
  const auto b = Analyze(
      "メールの誤送信について\n新入生119名分の氏名データを、誤ったメールアドレス(以下、誤アドレス)"
      "に送信し、個人情報が漏えいしました。送信先のメールアドレスが誤っていたことが判明しました。"
      "\n");
  EXPECT_FALSE(Has(b.incident.data_items, "email"));
  EXPECT_TRUE(Has(b.incident.data_items, "name"));
  // Near miss: passwords that were taken are an item.
  const auto c = Analyze(
      "不正アクセスについて\n会員のメールアドレスとパスワードが流出した可能性があります。\n");
  EXPECT_TRUE(Has(c.incident.data_items, "password"));
  EXPECT_TRUE(Has(c.incident.data_items, "email"));
}

TEST(RealPatterns, IncidentsAndBouncedMailsAreNoVictims) {
  // 「…事案が2件確認されました」 counts incidents; 「約500件の送信エラーメール」 counts bounces.
  const auto a = Analyze(
      "不正アクセスについて\n本学教員のメールアカウントが不正にアクセスされ、個人情報が含まれる"
      "メールが閲覧された可能性がある事案が2件確認されました。講義の受講者311名の氏名と成績が"
      "閲覧された可能性があります。\n");
  ASSERT_FALSE(a.incident.affected.empty());
  EXPECT_EQ(a.incident.affected[0].count, 311);
  const auto b = Analyze(
      "メールアカウントの不正利用について\n町のメールアカウントが不正に利用され、なりすましメールが"
      "送信されました。調査の結果、約500件の送信エラーメールを受信していたことを確認しました。"
      "個人情報の流出は確認されていません。\n");
  EXPECT_TRUE(b.incident.affected.empty()) << b.incident.affected[0].count;
  // Near miss: 500件 of addresses sent to the wrong people are counted.
  const auto c = Analyze(
      "メールの誤送信について\n会員約500件のメールアドレスが他の受信者に見える状態で送信されました"
      "。\n");
  ASSERT_FALSE(c.incident.affected.empty());
  EXPECT_EQ(c.incident.affected[0].count, 500);
}

TEST(RealPatterns, APoliceBoxIsThePolice) {
  const auto a = Analyze(
      "USBメモリの紛失について\n架空市立高校の教諭が生徒40人の成績を保存したUSBメモリを紛失しました"
      "。"
      "学校は20日、教諭宅近くの交番に遺失物届を提出しました。\n");
  EXPECT_TRUE(ReportedTo(a, "police"));
  // Near miss: a box for lost property on the premises is no authority.
  const auto b = Analyze(
      "USBメモリの紛失について\n教諭が生徒40人の成績を保存したUSBメモリを紛失しました。校内の"
      "落とし物箱を確認しました。\n");
  EXPECT_FALSE(ReportedTo(b, "police"));
  // A lost-property report handed in (遺失物届を出した) and a criminal complaint (告訴した) go to
  // the police.
  const auto c = Analyze(
      "記録媒体の紛失について\n架空町の水道課で、検針記録40件を入れたUSBメモリが見当たらなく"
      "なりました。町は翌日、最寄りの県警に遺失物届を出しています。\n");
  EXPECT_TRUE(ReportedTo(c, "police"));
  const auto d = Analyze(
      "元職員による住民情報の持ち出しについて\n架空町は、住民票の写しを無断で持ち出していた元"
      "職員について、県警架空署に刑事告訴したと公表した。\n");
  EXPECT_TRUE(ReportedTo(d, "police"));
}

TEST(RealPatterns, CountsOfCaseStudiesAndOfResidentsNamedByPlace) {
  // 「2 件のランサムウェア事例を取り上げます」 counts case studies, not victims.
  const auto a = Analyze(
      "ランサムウェア対応事例\n当社の対応チームが最近対処した 2 件のランサムウェア事例を取り上げ"
      "ます。どちらの被害組織もファイルが暗号化されました。\n");
  EXPECT_TRUE(a.incident.affected.empty()) << a.incident.affected[0].count;
  // "630 Kaku County residents": a place between the number and the people.
  const auto b = Analyze(
      "Notice of Data Security Incident\nKaku School District discovered that a staff email "
      "account was accessed without authorization. Approximately 630 Kaku County residents, "
      "students of the District, may have been affected by this incident.\n");
  ASSERT_FALSE(b.incident.affected.empty());
  EXPECT_EQ(b.incident.affected[0].count, 630);
  EXPECT_EQ(b.incident.affected[0].unit, "persons");
  EXPECT_EQ(b.incident.affected[0].qualifier, model::Qualifier::kApprox);
  // "more than 1,200 customers" is a minimum.
  const auto c = Analyze(
      "Notice of Data Security Incident\nAn unauthorized party accessed our systems and "
      "information of more than 1,200 customers may have been exposed.\n");
  ASSERT_FALSE(c.incident.affected.empty());
  EXPECT_EQ(c.incident.affected[0].count, 1200);
  EXPECT_EQ(c.incident.affected[0].qualifier, model::Qualifier::kMin);
}

TEST(RealPatterns, AnItemBeforeItsCountIsAnItem) {
  // 「氏名及びメールアドレス約300件」: 約 opens the count, the address is no compound word.
  const auto a = Analyze(
      "ランサムウェア被害について\n調査の結果、従業員の氏名及びメールアドレス約300件が外部に流出"
      "した可能性があることが判明しました。\n");
  EXPECT_TRUE(Has(a.incident.data_items, "email"));
  EXPECT_TRUE(Has(a.incident.data_items, "name"));
  // Near miss: a compound with the item word inside (メールアドレス帳) is no mention.
  const auto b =
      Analyze("ランサムウェア被害について\nメールアドレス帳管理サーバーが暗号化されました。\n");
  EXPECT_FALSE(Has(b.incident.data_items, "email"));
}

TEST(RealPatterns, EnglishItemsAreNotReadOffNamesOrStrayWords) {
  // "Kaku Health, Inc." is a name (no health data); "Social Security numbers" are no employee
  // numbers.
  const auto a = Analyze(
      "NOTICE OF DATA SECURITY INCIDENT\nMay 3, 2031\nKaku Health, Inc. (\"Kaku\") is notifying "
      "individuals whose information may have been involved in a data security incident. The "
      "information involved may include names, addresses, dates of birth and Social Security "
      "numbers of 2,345 individuals.\n");
  EXPECT_FALSE(Has(a.incident.data_items, "health"));
  EXPECT_FALSE(Has(a.incident.data_items, "employee_id"));
  EXPECT_TRUE(Has(a.incident.data_items, "other"));
  EXPECT_TRUE(Has(a.incident.data_items, "birthdate"));
  EXPECT_EQ(a.incident.title_org, "Kaku Health, Inc.");
  // Near miss: health information and employee numbers said involved are items.
  const auto b = Analyze(
      "NOTICE OF DATA SECURITY INCIDENT\nAn unauthorized party accessed our email system. The "
      "information involved may include names, health information and employee numbers.\n");
  EXPECT_TRUE(Has(b.incident.data_items, "health"));
  EXPECT_TRUE(Has(b.incident.data_items, "employee_id"));
}

// A password that was changed (by the attacker, or as a measure) or that opens an attached
// archive is no password exposed; grades written as a compound (成績評価, 成績基礎データ) and a
// department as 所属先 are items; a summary table's 会社名 row names the victim, no item.
TEST(RealPatterns, ChangedPasswordsTableLabelsAndCompoundItems) {
  const auto a = Analyze(
      "講座申込者情報の流出について\n"
      "申込受付サイトの管理画面が乗っ取られ、管理用のパスワードが変更されたうえで、申込者の"
      "氏名と電話番号が持ち出されました。対応として職員のパスワード等を全て初期化しました。\n");
  EXPECT_TRUE(Has(a.incident.data_items, "name"));
  EXPECT_FALSE(Has(a.incident.data_items, "password"));
  const auto b = Analyze(
      "当社を装うメールについて\n当社の端末がウイルスに感染し、取引先のメールアドレスが外部に"
      "漏れました。届いたメールには、添付された圧縮ファイルの解凍パスワードが書かれています。\n");
  EXPECT_FALSE(Has(b.incident.data_items, "password"));
  const auto c = Analyze(
      "書類の紛失について\n\n架空町立中学校で、講師が生徒の氏名と成績評価の一覧を挟んだファイル"
      "を紛失しました。ファイルには同僚の氏名や所属先を書いた名簿も含まれていました。\n");
  EXPECT_TRUE(Has(c.incident.data_items, "grades"));
  EXPECT_TRUE(Has(c.incident.data_items, "department"));
  const auto d = Analyze(
      "架空県、窓口の名簿の写しを放置\n会社名 | 架空県 |\n漏洩件数 | 31件 |\n"
      "架空県の窓口で作った名簿の写しが、氏名と住所を誰でも閲覧できる状態で置かれていた。\n");
  EXPECT_TRUE(Has(d.incident.data_items, "address"));
  EXPECT_FALSE(Has(d.incident.data_items, "company_name"));
  // Near miss: a password said leaked is an item.
  const auto e =
      Analyze("会員情報の流出について\n不正アクセスにより、会員のIDとパスワードが流出しました。\n");
  EXPECT_TRUE(Has(e.incident.data_items, "password"));
}

// 障害児 and 障害者 (disability) are no failure; a wrong file published by mistake is a
// misconfiguration.
TEST(RealPatterns, AWrongFilePublishedIsNoOutage) {
  const auto a = Analyze(
      "名簿の誤掲載について\n町のサイトに載せている障害者就労施設の案内で、差し替えの際に誤った"
      "ファイルを掲載し、利用者の個人情報が見える状態でした。住民からの指摘で判明し、ファイルを"
      "削除しました。\n");
  EXPECT_EQ(a.incident.kind, "incident");
  EXPECT_EQ(a.incident.type, "misconfiguration");
}

// A notice of a lost medium that apologises for nothing (所在不明が判明し), a news item of
// documents stolen from a car, an attack described by what it does (サーバーを停止させる攻撃) and
// items said written in the stolen papers (記されていた).
TEST(RealPatterns, LostAndStolenMediaAndAnAttackByItsEffect) {
  const auto lost = Analyze(
      "記録媒体の保管状況について\n道路課が工事台帳の写しを保存していた記録媒体3本について、"
      "棚卸しの際に所在不明となっていることが分かりました。台帳の件数は全体で143件です。\n");
  EXPECT_EQ(lost.incident.kind, "incident");
  EXPECT_EQ(lost.incident.type, "loss_theft");
  const auto stolen = Analyze(
      "介護記録が盗難 架空町\n架空町は、訪問介護の職員が自宅前に止めた車から、利用者の記録を"
      "入れた袋が盗まれたと公表した。記録には利用者の氏名と病名が記されていた。\n");
  EXPECT_EQ(stolen.incident.kind, "incident");
  EXPECT_TRUE(Has(stolen.incident.data_items, "name"));
  EXPECT_TRUE(Has(stolen.incident.data_items, "health"));
  const auto attack = Analyze(
      "回線の不調について\n一昨日からの回線の不調についてお詫びします。原因は、外部から繰り返し"
      "行われたサーバーを停止させる攻撃で、現在は遮断しています。警察にはサイバー攻撃として相談して"
      "います。\n");
  EXPECT_EQ(attack.incident.type, "ddos");
}

// The people arrested (計4名を、…の容疑で逮捕した) are culprits, not victims: no headline count.
TEST(RealPatterns, TheArrestedAreNoVictims) {
  const auto a = Analyze(
      "取引先名簿の持ち出しで逮捕 架空倉庫\n架空県警は、架空倉庫の取引先名簿を不正に持ち出した"
      "として、顧客情報の流出に関わった元従業員を含む男女計3名を、営業秘密の侵害の疑いで逮捕した。"
      "\n");
  EXPECT_EQ(a.incident.type, "insider");
  EXPECT_TRUE(a.incident.affected.empty()) << a.incident.affected.front().count;
  // Near miss: the customers whose data was taken are victims.
  const auto b = Analyze(
      "取引先名簿の持ち出しで逮捕 架空倉庫\n架空県警は、架空倉庫の取引先約300名分の名簿を不正に"
      "持ち出したとして、元社員を営業秘密の侵害の疑いで逮捕した。\n");
  ASSERT_FALSE(b.incident.affected.empty());
  EXPECT_EQ(b.incident.affected.front().count, 300);
}

}  // namespace
}  // namespace jikenbo::extract
