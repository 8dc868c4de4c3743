#include "casebook/casebook.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace jikenbo::casebook
