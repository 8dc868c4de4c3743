#include "casebook/casebook.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <set>

#include "casebook/same_incident.h"
#include "model/incident.h"

namespace jikenbo::casebook {
namespace {

CaseInput Case(int64_t id, std::string type, std::string date, std::string org, std::string text) {
  CaseInput c;
  c.id = id;
  c.type = std::move(type);
  c.announce_date = std::move(date);
  c.title_org = std::move(org);
  c.text = std::move(text);
  return c;
}

TEST(Casebook, NumbersFollowAnnouncementDateWithinEachYear) {
  auto a = Number({Case(1, "misdelivery", "2031-06-02", "架空市", ""),
                   Case(2, "loss_theft", "2031-05-01", "湊町", ""),
                   Case(3, "ransomware", "2030-12-24", "東雲電機株式会社", "")});
  EXPECT_EQ(a.case_no[2], "2031-001");
  EXPECT_EQ(a.case_no[1], "2031-002");
  EXPECT_EQ(a.case_no[3], "2030-001");
}

TEST(Casebook, TwoNoticesOfOneIncidentShareANumberWithAReason) {
  auto a =
      Number({Case(1, "ransomware", "2031-09-09", "架空台市", "委託先の株式会社こだまネットワーク"),
              Case(2, "ransomware", "2031-09-10", "株式会社こだまネットワーク", "架空台市から受託"),
              Case(3, "ransomware", "2031-09-11", "みなみ製薬株式会社", "子会社で被害")});
  EXPECT_EQ(a.case_no[1], a.case_no[2]);
  EXPECT_NE(a.case_no[1], a.case_no[3]);
  const auto same = std::count_if(a.links.begin(), a.links.end(),
                                  [](const Link& l) { return l.relation == "same_incident"; });
  EXPECT_EQ(same, 1);
  EXPECT_NE(a.links.front().reason.find("each notice names the other"), std::string::npos);
}

TEST(Casebook, OneSidedNamingOrOtherTypeIsNotTheSameIncident) {  // near misses
  auto a = Number({Case(1, "ransomware", "2031-09-09", "架空台市", "株式会社こだまネットワーク"),
                   Case(2, "ransomware", "2031-09-10", "株式会社こだまネットワーク", "無関係")});
  EXPECT_NE(a.case_no[1], a.case_no[2]);
  auto b = Number({Case(1, "ransomware", "2031-09-09", "架空台市", "こだまネットワーク"),
                   Case(2, "misdelivery", "2031-09-10", "株式会社こだまネットワーク", "架空台市")});
  EXPECT_NE(b.case_no[1], b.case_no[2]);
  auto c = Number({Case(1, "ransomware", "2031-01-09", "架空台市", "こだまネットワーク"),
                   Case(2, "ransomware", "2031-09-10", "株式会社こだまネットワーク", "架空台市")});
  EXPECT_NE(c.case_no[1], c.case_no[2]);
}

TEST(Casebook, ManyCasesOfOneFortnightStillLinkAndTheCandidateBoundHolds) {
  // 300 unrelated ransomware notices on one day, with the two notices of one incident at either
  // end: the trigram prefilter must not hide the pair, and the bound decides whether it is seen.
  std::vector<CaseInput> in;
  in.push_back(
      Case(1, "ransomware", "2031-09-09", "架空台市", "委託先の株式会社こだまネットワーク"));
  for (int i = 0; i < 300; ++i) {
    in.push_back(Case(10 + i, "ransomware", "2031-09-09", "無関係" + std::to_string(i) + "株式会社",
                      "別の会社" + std::to_string(i) + "の長い本文。" + std::string(200, 'x')));
  }
  in.push_back(
      Case(999, "ransomware", "2031-09-09", "株式会社こだまネットワーク", "架空台市から受託"));
  EXPECT_EQ(Number(in).case_no[1], Number(in).case_no[999]);
  Options tight;
  tight.same_incident_candidates = 100;
  auto bounded = Number(in, tight);
  EXPECT_NE(bounded.case_no[1], bounded.case_no[999]);
}

TEST(Casebook, ThePublishersNumberLinksCases) {
  auto x = Case(1, "ransomware", "2031-06-07", "架空区", "");
  auto y = Case(2, "ransomware", "2031-06-07", "社会福祉法人あおば会", "");
  x.source_ref = y.source_ref = "2031-214";
  auto a = Number({x, y});
  EXPECT_EQ(a.case_no[1], a.case_no[2]);
}

TEST(Casebook, OnePublisherNumberOnOtherDatesOrTypesIsNotOneIncident) {  // near miss
  auto x = Case(1, "ransomware", "2031-06-07", "架空区", "");
  auto y = Case(2, "misdelivery", "2031-06-07", "架空町", "");
  auto z = Case(3, "ransomware", "2031-11-20", "架空村", "");
  x.source_ref = y.source_ref = z.source_ref = "2031-214";
  auto a = Number({x, y, z});
  EXPECT_NE(a.case_no[1], a.case_no[2]);
  EXPECT_NE(a.case_no[1], a.case_no[3]);
}

TEST(Casebook, ManyCopiesOfOneIncidentMakeOneLinkEach) {
  std::vector<CaseInput> in;
  for (int i = 1; i <= 50; ++i) {
    auto c = Case(i, "ransomware", "2031-06-07", "架空区", "");
    c.source_ref = "2031-214";
    in.push_back(c);
  }
  auto a = Number(in);
  const auto same = std::count_if(a.links.begin(), a.links.end(),
                                  [](const Link& l) { return l.relation == "same_incident"; });
  EXPECT_EQ(same, 49);  // a spanning tree, not every pair
  EXPECT_EQ(a.case_no[1], a.case_no[50]);
}

TEST(Casebook, RelatedAreEarlierIncidentsOfTheSameType) {
  auto a = Number({Case(1, "misdelivery", "2031-01-01", "甲市", ""),
                   Case(2, "loss_theft", "2031-02-01", "乙町", ""),
                   Case(3, "misdelivery", "2031-03-01", "丙村", "")});
  std::vector<std::pair<int64_t, int64_t>> related;
  for (const auto& l : a.links) {
    if (l.relation == "related") related.emplace_back(l.article_id, l.other_id);
  }
  EXPECT_EQ(related, (std::vector<std::pair<int64_t, int64_t>>{{3, 1}}));
}

TEST(Casebook, DeterministicAcrossRuns) {
  std::vector<CaseInput> in{Case(1, "ddos", "2031-02-02", "甲県", ""),
                            Case(2, "ddos", "2031-02-01", "乙県", "")};
  EXPECT_EQ(Number(in).case_no, Number(in).case_no);
}

// Reports of one organisation's incidents (fictional): a first notice, its 第2報, a news
// article, a blog's copy; and near misses.
CaseInput Report(int64_t id, std::string type, std::string date, std::string key) {
  CaseInput c = Case(id, std::move(type), std::move(date), "", "");
  c.org_key = std::move(key);
  return c;
}

std::string Notice(int variant) {
  std::string text =
      "東雲精機株式会社は、当社サーバーが第三者による不正アクセスを受け、お客様情報が外部に"
      "流出した可能性があることを確認いたしました。対象はお客様の氏名、住所、電話番号です。"
      "現在、外部の専門機関と調査を進めており、判明した事実は改めてお知らせいたします。"
      "お客様には多大なご迷惑とご心配をおかけし、深くお詫び申し上げます。";
  if (variant == 1) text += "（転載）出典：東雲精機株式会社のお知らせ。編集部注：原文のまま掲載。";
  return text;
}

TEST(Casebook, AFollowUpMonthsLaterJoinsTheOrganisationsCase) {
  auto first = Report(1, "unauthorized_access", "2031-03-02", "東雲精機");
  auto second = Report(2, "ransomware", "2031-05-20", "東雲精機");
  second.follow_up = "第2報";
  auto a = Number({first, second});
  EXPECT_EQ(a.case_no[1], a.case_no[2]);
  ASSERT_EQ(a.links.size(), 1u);
  EXPECT_NE(a.links[0].reason.find("follow-up"), std::string::npos) << a.links[0].reason;
  second.follow_up.reset();  // without the wording, months apart: another incident
  auto b = Number({first, second});
  EXPECT_NE(b.case_no[1], b.case_no[2]);
}

TEST(Casebook, AFollowUpJoinsThePreviousReportNotAnOlderIncident) {
  auto old_incident = Report(1, "misdelivery", "2030-11-05", "湊市");
  auto notice = Report(2, "misdelivery", "2031-02-01", "湊市");
  auto follow = Report(3, "misdelivery", "2031-04-10", "湊市");
  follow.follow_up = "最終報";
  auto a = Number({old_incident, notice, follow});
  EXPECT_EQ(a.case_no[2], a.case_no[3]);
  EXPECT_NE(a.case_no[1], a.case_no[2]);
}

TEST(Casebook, NewsAndABlogCopyJoinTheNotice) {
  auto notice = Report(1, "unauthorized_access", "2031-07-01", "東雲精機");
  notice.text = Notice(0);
  auto news = Report(2, "unauthorized_access", "2031-07-03", "東雲精機");  // named as the victim
  auto copy = Report(3, "unauthorized_access", "2031-07-09", "");          // no organisation found
  copy.text = Notice(1);
  auto a = Number({notice, news, copy});
  EXPECT_EQ(a.case_no[1], a.case_no[2]);
  EXPECT_EQ(a.case_no[1], a.case_no[3]);
  bool copy_reason = false;
  for (const Link& l : a.links) copy_reason |= l.reason.find("near-identical") != std::string::npos;
  EXPECT_TRUE(copy_reason);
}

TEST(Casebook, AReportThatCitesTheNoticesPageJoinsIt) {
  auto notice = Report(1, "malware", "2031-07-01", "東雲精機");
  notice.doc_url = "https://shinonome-seiki.example/news/2031/0701.html";
  auto english = Report(2, "malware", "2031-07-20", "shinonome seiki");
  english.source_urls = {"https://shinonome-seiki.example/news/2031/0701.html"};
  auto a = Number({notice, english});
  EXPECT_EQ(a.case_no[1], a.case_no[2]);
}

TEST(Casebook, NearMissesStayApart) {
  // One organisation's two incidents months apart, and with incident dates far apart.
  auto a1 = Report(1, "loss_theft", "2031-01-10", "湊市");
  auto a2 = Report(2, "loss_theft", "2031-06-10", "湊市");
  EXPECT_NE(Number({a1, a2}).case_no[1], Number({a1, a2}).case_no[2]);
  auto b1 = Report(1, "loss_theft", "2031-06-01", "湊市");
  auto b2 = Report(2, "loss_theft", "2031-06-08", "湊市");
  b1.incident_date = "2031-05-28";
  b2.incident_date = "2031-01-15";
  EXPECT_NE(Number({b1, b2}).case_no[1], Number({b1, b2}).case_no[2]);
  // Two organisations, same type, same week.
  auto c1 = Report(1, "ransomware", "2031-06-01", "東雲精機");
  auto c2 = Report(2, "ransomware", "2031-06-03", "北浜物産");
  EXPECT_NE(Number({c1, c2}).case_no[1], Number({c1, c2}).case_no[2]);
  // An incident, then the same organisation's unrelated misdelivery a week later.
  auto d1 = Report(1, "ransomware", "2031-06-01", "東雲精機");
  auto d2 = Report(2, "misdelivery", "2031-06-08", "東雲精機");
  EXPECT_NE(Number({d1, d2}).case_no[1], Number({d1, d2}).case_no[2]);
}

TEST(Casebook, AChainOfCloseReportsDoesNotGrowOneCaseOverMonths) {
  // One city's misdeliveries every ten days: each close to the last, together months apart.
  std::vector<CaseInput> in;
  for (int k = 0; k < 6; ++k) {
    in.push_back(Report(k + 1, "misdelivery",
                        fmt::format("2031-0{}-{:02d}", 3 + k / 3, 1 + 10 * (k % 3)), "湊市"));
  }
  auto a = Number(in);
  std::set<std::string> cases;
  for (int k = 1; k <= 6; ++k) cases.insert(a.case_no[k]);
  EXPECT_GE(cases.size(), 3u);
}

TEST(Casebook, NumbersAreStableWhenLaterAndOlderReportsArrive) {
  auto a = Report(1, "misdelivery", "2031-03-01", "湊市");
  auto b = Report(2, "loss_theft", "2031-04-01", "乙町");
  Assignment first = Number({a, b});
  EXPECT_EQ(first.case_no[1], "2031-001");
  EXPECT_EQ(first.case_no[2], "2031-002");
  a.case_no = first.case_no[1];
  b.case_no = first.case_no[2];
  // An older notice and a follow-up arrive: the old cases keep their numbers, the older notice
  // takes the next number of its year, the follow-up joins its case.
  auto older = Report(3, "ddos", "2031-01-15", "丙村");
  auto follow = Report(4, "misdelivery", "2031-05-01", "湊市");
  follow.follow_up = "続報";
  Assignment next = Assign({a, b}, {older, follow}, first.counters);
  EXPECT_EQ(next.case_no.count(1), 0u);  // unchanged numbers are not rewritten
  EXPECT_EQ(next.case_no.count(2), 0u);
  EXPECT_EQ(next.case_no[3], "2031-003");
  EXPECT_EQ(next.case_no[4], "2031-001");
  EXPECT_EQ(next.counters["2031"], 3);
}

TEST(Casebook, NumbersAreNeverIssuedTwice) {
  // 2031-002 was issued once and its report later deleted: the counter remembers it.
  auto fresh = Report(7, "ddos", "2031-08-01", "丁県");
  Assignment a = Assign({}, {fresh}, {{"2031", 2}});
  EXPECT_EQ(a.case_no[7], "2031-003");
}

TEST(Casebook, AReportThatLinksTwoCasesJoinsOneAndFlagsTheOther) {
  auto x = Report(1, "ransomware", "2031-06-01", "東雲精機");
  x.case_no = "2031-004";
  x.source_ref = "2031-050";
  auto y = Report(2, "ransomware", "2031-06-05", "");
  y.case_no = "2031-009";
  y.source_ref = "2031-051";
  auto z = Report(3, "ransomware", "2031-06-06", "東雲精機");  // same org as x, same number as y
  z.source_ref = "2031-051";
  Assignment a = Assign({x, y}, {z}, {{"2031", 9}});
  EXPECT_TRUE(a.case_no.count(3));
  EXPECT_EQ(a.case_no.count(1) + a.case_no.count(2), 0u);  // numbered cases stay as they are
  const auto flagged = std::count_if(a.links.begin(), a.links.end(), [](const Link& l) {
    return l.relation == "possible_same" && l.reason.find("case merge") != std::string::npos;
  });
  EXPECT_EQ(flagged, 1);
}

TEST(Casebook, TheProbeNamesWhatAFreshReportCanTouch) {
  auto c = Report(1, "ddos", "2031-06-10", "丁県");
  c.source_ref = "2031-070";
  c.doc_url = "https://example.org/a";
  Probe p = ProbeFor({c});
  EXPECT_TRUE(p.org_keys.count("丁県"));
  EXPECT_TRUE(p.source_refs.count("2031-070"));
  EXPECT_TRUE(p.urls.count("https://example.org/a"));
  ASSERT_EQ(p.windows.size(), 1u);
  EXPECT_EQ(p.windows[0].type, "ddos");
  EXPECT_EQ(p.windows[0].from, "2031-05-27");
  EXPECT_EQ(p.windows[0].to, "2031-06-24");
}

TEST(Casebook, TypesASharperFollowUpMayName) {
  EXPECT_TRUE(CompatibleTypes("unauthorized_access", "ransomware"));
  EXPECT_TRUE(CompatibleTypes("malware", "ransomware"));
  EXPECT_TRUE(CompatibleTypes(std::nullopt, "misdelivery"));
  EXPECT_FALSE(CompatibleTypes("ransomware", "misdelivery"));
  EXPECT_FALSE(CompatibleTypes("loss_theft", "phishing"));
}

TEST(Casebook, AnUndatedNewsReportJoinsTheNoticeByACountWrittenAnotherWay) {
  // The notice writes "2,468 名", the news "2468人"; the news knows less of the type.
  auto notice = Report(1, "ransomware", "2031-04-14", "東雲精機");
  notice.text = "当社サーバーがランサムウェアに感染し、お客様2,468 名の情報が暗号化されました。";
  auto news = Case(2, "unauthorized_access", "", "", "東雲精機は、顧客2468人分の情報が…");
  news.announce_date.reset();
  news.org_key = "東雲精機";
  auto a = Number({notice, news});
  EXPECT_EQ(a.case_no[1], a.case_no[2]);
  // Near miss: another count, or a type that cannot be the same incident.
  auto other = news;
  other.text = "東雲精機は、顧客52人分の情報が…";
  EXPECT_NE(Number({notice, other}).case_no[1], Number({notice, other}).case_no[2]);
  auto lost = news;
  lost.type = "loss_theft";
  EXPECT_NE(Number({notice, lost}).case_no[1], Number({notice, lost}).case_no[2]);
}

TEST(Casebook, ShortFormsAndOldKanjiNameOneOrganisation) {
  // News writes 架空大 for 架空大学, and 渡辺 for 渡邊.
  auto notice = Report(1, "defacement", "2031-04-28", "港北工業大学");
  notice.text = "本学の学生ポータルが改ざんされ、在学生1,357人の成績が外部から見られる状態でした。";
  auto news = Report(2, "defacement", "", "港北工業大");
  news.announce_date.reset();
  news.text = "港北工業大の学生ポータルで在学生1357人の成績が外部から見られる状態だったという。";
  auto a = Number({notice, news});
  EXPECT_EQ(a.case_no[1], a.case_no[2]);
  EXPECT_TRUE(ProbeFor({news}).org_keys.count("港北工業大学"));
  EXPECT_TRUE(ProbeFor({notice}).org_keys.count("港北工業大"));
  EXPECT_EQ(model::OrgKeyOfCore("渡邊精機"), model::OrgKeyOfCore("渡辺精機"));
  EXPECT_EQ(model::OrgKeyOfCore("髙濱商事"), model::OrgKeyOfCore("高浜商事"));
  // Near miss: 大 is no short form of another word than 大学.
  auto other = Report(2, "defacement", "", "港北工業大会");
  other.announce_date.reset();
  other.text = news.text;
  EXPECT_NE(Number({notice, other}).case_no[1], Number({notice, other}).case_no[2]);
}

TEST(Casebook, UndatedNewsOfAnAttackJoinsTheOrganisationsOnlyIncidentOfThatType) {
  // News that dates nothing and counts nothing: the hospital has one ransomware incident.
  auto notice = Report(1, "ransomware", "2031-06-20", "架空会架空病院");
  notice.text = "当院の電子カルテシステムがランサムウェアに感染しました。";
  auto news = Report(2, "ransomware", "", "架空会架空病院");
  news.announce_date.reset();
  news.text = "架空会の架空病院がランサムウエアの攻撃を受け、電子カルテが使えなくなった。";
  auto a = Number({notice, news});
  EXPECT_EQ(a.case_no[1], a.case_no[2]);
  // Near misses: two ransomware incidents a year apart (which one?), and a kind of incident an
  // organisation has every year (a city's clerk snooping).
  auto later = Report(3, "ransomware", "2032-07-01", "架空会架空病院");
  later.text = "当院のサーバーが再びランサムウェアに感染しました。";
  auto b = Number({notice, later, news});
  EXPECT_NE(b.case_no[2], b.case_no[1]);
  EXPECT_NE(b.case_no[2], b.case_no[3]);
  auto city = Report(1, "insider", "2031-12-01", "架空市");
  city.text = "職員が住民情報を目的外に閲覧していました。";
  auto old_news = Report(2, "insider", "", "架空市");
  old_news.announce_date.reset();
  old_news.text = "架空市の職員が知人の住所を漏らしていた。";
  auto c = Number({city, old_news});
  EXPECT_NE(c.case_no[1], c.case_no[2]);
}

TEST(Casebook, NewsThatNamesTheOrganisationOnlyInItsTextJoinsTheNotice) {
  // The news names 架空精工 without a legal form: no organisation the rules know, but its text
  // names the notice's organisation and both count 12,000.
  auto notice = Case(1, "unauthorized_access", "2031-04-01", "架空精工株式会社",
                     "当社のサーバーが不正アクセスを受け、約1万2千件の個人情報が漏えいした可能性が"
                     "あります。");
  notice.org_key = "架空精工";
  notice.headline = 12000;
  auto news = Case(2, "unauthorized_access", "2031-04-02", "",
                   "精密部品メーカーの架空精工は1日、サーバーが不正アクセスを受けたと発表した。");
  news.title_org.reset();
  news.headline = 12000;
  auto a = Number({notice, news});
  EXPECT_EQ(a.case_no[1], a.case_no[2]);
  // Near miss: the same organisation named, but nothing else agrees (another count).
  news.headline = 300;
  auto b = Number({notice, news});
  EXPECT_NE(b.case_no[1], b.case_no[2]);
}

TEST(Casebook, AMunicipalBodyIsItsMunicipalitys) {
  EXPECT_EQ(MunicipalBody("架空市立みなと病院"), "架空市");
  EXPECT_EQ(MunicipalBody("架空県立図書館"), "架空県");
  EXPECT_EQ(MunicipalBody("市立病院"), "");      // no name before the body
  EXPECT_EQ(MunicipalBody("国立架空機構"), "");  // 国 is no municipality
  EXPECT_EQ(MunicipalBody("架空市"), "");
  // News of the city's hospital (4万8651人) joins the city's notice (48,651人).
  auto notice = Report(1, "other", "2031-08-07", "架空市");
  notice.text = "市立病院の端末から患者48,651人の情報が流出したおそれがあります。";
  auto news = Report(2, "outage", "", "架空市立みなと病院");
  news.announce_date.reset();
  news.text = "架空市立みなと病院の端末から患者4万8651人の情報が流出した恐れがある。";
  auto a = Number({notice, news});
  EXPECT_EQ(a.case_no[1], a.case_no[2]);
  // Near miss: another count.
  news.text = "架空市立みなと病院の端末から患者4万8000人の情報が流出した恐れがある。";
  auto b = Number({notice, news});
  EXPECT_NE(b.case_no[1], b.case_no[2]);
}

TEST(Casebook, AReportMonthsLaterJoinsOnADistinctCount) {
  auto notice = Report(1, "unauthorized_access", "2031-03-01", "東雲精機");
  notice.text = "当社サーバーが不正アクセスを受け、お客様1,357名の情報が漏えいしました。";
  auto final_report = Report(2, "unauthorized_access", "2031-07-15", "東雲精機");
  final_report.text = "調査の結果、漏えいしたのは1357人分の情報と確定しました。";
  auto a = Number({notice, final_report});
  EXPECT_EQ(a.case_no[1], a.case_no[2]);
  // Near miss: a round count repeats by chance.
  notice.text = "当社サーバーが不正アクセスを受け、お客様500名の情報が漏えいしました。";
  final_report.text = "別のサーバーで500人分の情報が漏えいしました。";
  auto b = Number({notice, final_report});
  EXPECT_NE(b.case_no[1], b.case_no[2]);
}

}  // namespace
}  // namespace jikenbo::casebook
