// Cases across ingests, end to end through the real pipeline and store: one incident's reports
// (a notice, its 第2報, a news article) share one stable number; analysts' corrections, merges
// and splits are logged, refused when invalid and survive re-analysis. Fictional notices.
#include "report/cases.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "ingest/ingest.h"
#include "report/timeline.h"
#include "tests/testing.h"

namespace jikenbo::ingest {
namespace {

class Silent : public Reporter {
 public:
  void OnDocument(const DocumentReport& r) override {
    EXPECT_NE(r.outcome, Outcome::kFailed) << r.status.ToString();
  }
  void OnError(const Status& s) override { ADD_FAILURE() << s.ToString(); }
};

// On each backend: SQLite and PostgreSQL (a database of the test server).
class CasesTest : public ::testing::TestWithParam<std::string> {
 protected:
  CasesTest() : casebook_(GetParam()) {}
  void TearDown() override { store_.reset(); }
  void SetUp() override {
    ASSERT_FALSE(casebook_.db.empty());
    auto s = store::OpenStore(casebook_.db);
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    store_ = std::move(s).value();
    for (const char* name :
         {"notice.txt", "followup.txt", "news.txt", "other.txt", "older.txt", "english.txt"}) {
      files_.Add(name, Fixture(name));
    }
  }
  // tests/fixtures/cases: a notice, its 第2報, a news article about it, its English version
  // (which gives the Japanese name in brackets), the same company's later unrelated incident,
  // and an older notice of a town.
  static std::string Fixture(const std::string& name) {
    return testing::ReadFile(std::filesystem::path(testing::SourceDir()) / "tests/fixtures/cases" /
                             name);
  }
  void Ingest(const std::vector<std::string>& paths) {
    Ingester ingester(files_, *store_, testing::DefaultPipeline());
    Silent reporter;
    ingester.Run(paths, reporter);
  }
  // The case number of the article of a document.
  std::vector<store::ArticleRecord> All() {
    auto all = store_->List({});
    EXPECT_TRUE(all.ok());
    return all.ok() ? std::move(*all) : std::vector<store::ArticleRecord>{};
  }
  std::string CaseOf(const std::string& path) {
    for (const auto& r : All()) {
      if (r.doc_path == path) return r.article.incident.case_no.value_or("");
    }
    return "";
  }
  int64_t IdOf(const std::string& path) {
    for (const auto& r : All()) {
      if (r.doc_path == path) return r.id;
    }
    return 0;
  }
  testing::TestCasebook casebook_;
  MemFileSource files_;
  std::unique_ptr<store::Store> store_;
};

INSTANTIATE_TEST_SUITE_P(Backends, CasesTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST_P(CasesTest, ReportsOfOneIncidentShareOneStableNumberAcrossIngests) {
  Ingest({"notice.txt", "other.txt"});
  const std::string first = CaseOf("notice.txt");
  const std::string other = CaseOf("other.txt");
  EXPECT_EQ(first, "2031-001");
  EXPECT_EQ(other, "2032-001");
  Ingest({"followup.txt", "news.txt", "older.txt"});  // a follow-up, news, an older notice
  EXPECT_EQ(CaseOf("notice.txt"), first);
  EXPECT_EQ(CaseOf("followup.txt"), first);
  EXPECT_EQ(CaseOf("news.txt"), first);
  EXPECT_EQ(CaseOf("other.txt"), other);       // the same company's other incident
  EXPECT_EQ(CaseOf("older.txt"), "2031-002");  // the next number, not a renumbering
  EXPECT_TRUE(store_->PendingIncidents()->empty());
  // The case page's view: three reports, the follow-up's count wins over news, both kept.
  report::CaseQuery q;
  q.case_no = first;
  q.kinds = {"incident"};
  auto cases = report::CollectCases(*store_, q);
  ASSERT_TRUE(cases.ok());
  ASSERT_EQ(cases->size(), 1u);
  const report::CaseView view = report::BuildCase(cases->front().reports);
  ASSERT_EQ(view.timeline.size(), 3u);
  EXPECT_EQ(view.timeline[0].role, "notice");
  EXPECT_EQ(view.timeline[1].role, "news");
  EXPECT_EQ(view.timeline[2].role, "follow_up");
  ASSERT_FALSE(view.merged.affected.empty());
  EXPECT_EQ(view.merged.affected.front().count, 612);
  EXPECT_EQ(view.merged.type, "ransomware");
  EXPECT_EQ(view.merged.announce_date, "2031-07-01");
  EXPECT_EQ(view.from.at("affected"), IdOf("followup.txt"));
  EXPECT_FALSE(view.conflicts.empty());  // ~500 and 612: both stay, the case says which
  bool count_change = false;
  for (const auto& c : view.timeline[2].changes) count_change |= c.find("612") != std::string::npos;
  EXPECT_TRUE(count_change);
}

TEST_P(CasesTest, TheEnglishVersionOfANoticeJoinsItsCaseByTheNameItGivesInBrackets) {
  Ingest({"notice.txt", "other.txt"});
  Ingest({"english.txt"});
  const std::string first = CaseOf("notice.txt");
  ASSERT_FALSE(first.empty());
  EXPECT_EQ(CaseOf("english.txt"), first);
  EXPECT_NE(CaseOf("other.txt"), first);
  for (const auto& r : All()) {
    if (r.doc_path != "english.txt") continue;
    const model::Incident& inc = r.article.incident;
    EXPECT_EQ(inc.org_key.value_or(""), "kakuseiki");  // "Co., Ltd." is a legal form
    ASSERT_EQ(inc.org_aliases.size(), 1u);
    EXPECT_EQ(inc.org_aliases[0], model::OrgKeyOfCore("架空精機"));
    bool evidence = false;
    for (const auto& e : inc.evidence) evidence |= e.field == "org_aliases";
    EXPECT_TRUE(evidence);
  }
  // English legal forms go as words only: "Costco" keeps its letters.
  EXPECT_EQ(model::OrgKeyOfCore("Northgate, Inc."), "northgate");
  EXPECT_EQ(model::OrgKeyOfCore("Costco"), "costco");
}

TEST_P(CasesTest, NumberingLeftUndoneByAKillIsFinishedByTheNextIngest) {
  // Articles written, numbering never run (as if the process died in between).
  auto prepared = Prepare("notice.txt", Fixture("notice.txt"), testing::DefaultPipeline());
  ASSERT_TRUE(prepared.ok());
  ASSERT_TRUE(store_->AddDocument((*prepared)[0].document, (*prepared)[0].articles).ok());
  EXPECT_EQ(store_->PendingIncidents()->size(), 1u);
  EXPECT_EQ(CaseOf("notice.txt"), "");
  Ingest({"followup.txt"});
  EXPECT_EQ(CaseOf("notice.txt"), "2031-001");
  EXPECT_EQ(CaseOf("followup.txt"), "2031-001");
}

TEST_P(CasesTest, NumberingInChunksGivesTheNumbersOfNumberingAllAtOnce) {
  // Many pending reports (a large ingest) are numbered a chunk at a time, oldest first; a chunk
  // sees the cases earlier chunks opened, so the result is that of numbering them together.
  auto whole = store::OpenSqliteStore(":memory:");
  ASSERT_TRUE(whole.ok());
  const std::vector<std::string> names = {"news.txt", "other.txt", "followup.txt", "older.txt",
                                          "notice.txt"};
  for (store::Store* s : {store_.get(), whole->get()}) {
    for (const std::string& name : names) {
      auto prepared = Prepare(name, Fixture(name), testing::DefaultPipeline());
      ASSERT_TRUE(prepared.ok());
      ASSERT_TRUE(s->AddDocument((*prepared)[0].document, (*prepared)[0].articles).ok());
    }
  }
  ASSERT_EQ(store_->PendingIncidents()->size(), names.size());
  auto oldest = store_->PendingIncidents(2);
  ASSERT_TRUE(oldest.ok());
  ASSERT_EQ(oldest->size(), 2u);
  EXPECT_LE(oldest->front().announce_date.value_or(""), oldest->back().announce_date.value_or(""));
  ASSERT_TRUE(Renumber(*store_, 1).ok());
  ASSERT_TRUE(Renumber(**whole, 0).ok());
  EXPECT_TRUE(store_->PendingIncidents()->empty());
  auto all = (*whole)->List({});
  ASSERT_TRUE(all.ok());
  std::set<std::string> numbers;
  for (const auto& r : *all) {
    EXPECT_EQ(CaseOf(r.doc_path), r.article.incident.case_no.value_or("?")) << r.doc_path;
    numbers.insert(r.article.incident.case_no.value_or("?"));
  }
  EXPECT_EQ(numbers.size(), 3u);  // the notice, its follow-up and the news share one case
}

TEST_P(CasesTest, CorrectionsAreLoggedRefusedWhenInvalidAndSurviveReanalysis) {
  Ingest({"notice.txt", "other.txt"});
  const int64_t id = IdOf("other.txt");
  const auto before = store_->Get(id)->article.incident;
  // An invalid edit among valid ones changes nothing.
  Status bad = store_->Correct(id, {{"type", '=', "ransomware"}, {"type", '=', "nonsense"}}, "kai");
  EXPECT_EQ(bad.code(), Code::kInvalidInput);
  EXPECT_EQ(store_->Get(id)->article.incident.type, before.type);
  EXPECT_EQ(store_->Correct(id, {{"colour", '=', "red"}}, "kai").code(), Code::kInvalidInput);
  EXPECT_EQ(store_->Correct(id, {{"incident_date", '=', "2032-13-01"}}, "kai").code(),
            Code::kInvalidInput);
  ASSERT_TRUE(store_
                  ->Correct(id,
                            {{"incident_date", '=', "2032-02-07"},
                             {"data_items", '+', "name"},
                             {"reported_to", '+', "ppc"}},
                            "kai")
                  .ok());
  auto log = store_->Log("");
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 3u);
  EXPECT_EQ((*log)[0].who, "kai");
  EXPECT_EQ((*log)[0].field, "incident_date");
  EXPECT_EQ((*log)[0].old_value, "2032-02-08");
  EXPECT_EQ((*log)[0].new_value, "2032-02-07");
  // New rules (here: the same rules) over the archived originals keep the corrections, the
  // article ids and the case numbers.
  const std::string case_no = CaseOf("other.txt");
  auto done = Reanalyse(*store_, testing::DefaultPipeline(), nullptr);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->documents, 2u);
  EXPECT_EQ(done->corrections, 3u);
  const auto after = store_->Get(id)->article.incident;
  EXPECT_EQ(after.incident_date, "2032-02-07");
  EXPECT_NE(std::find(after.data_items.begin(), after.data_items.end(), "name"),
            after.data_items.end());
  ASSERT_EQ(after.reported_to.size(), 1u);
  EXPECT_EQ(after.reported_to[0].authority, "ppc");
  EXPECT_EQ(CaseOf("other.txt"), case_no);
  auto corrections = store_->Corrections();
  ASSERT_TRUE(corrections.ok());
  EXPECT_EQ(corrections->size(), 3u);
}

TEST_P(CasesTest, AnArticleThatStopsBeingAnIncidentLeavesItsCase) {
  Ingest({"other.txt"});
  const int64_t id = IdOf("other.txt");
  ASSERT_TRUE(store_->Correct(id, {{"kind", '=', "advisory"}}, "kai").ok());
  EXPECT_EQ(CaseOf("other.txt"), "");
  ASSERT_TRUE(store_->Correct(id, {{"kind", '=', "incident"}}, "kai").ok());
  ASSERT_TRUE(Renumber(*store_).ok());
  EXPECT_EQ(CaseOf("other.txt"), "2032-002");  // a new number: 2032-001 was issued once
}

TEST_P(CasesTest, AMergeThatIsSplitAgainRestoresBothNumbers) {
  Ingest({"notice.txt", "older.txt"});
  const std::string a = CaseOf("older.txt"), b = CaseOf("notice.txt");
  ASSERT_NE(a, b);
  EXPECT_EQ(store_->MergeCases(a, a, "kai").code(), Code::kInvalidInput);
  EXPECT_EQ(store_->MergeCases(a, "2099-001", "kai").code(), Code::kNotFound);
  ASSERT_TRUE(store_->MergeCases(a, b, "kai").ok());
  EXPECT_EQ(CaseOf("notice.txt"), a);
  EXPECT_EQ(store_->RetiredCase(b)->value_or(""), a);
  auto split = store_->SplitReport(IdOf("notice.txt"), "kai");
  ASSERT_TRUE(split.ok());
  EXPECT_EQ(*split, b);
  EXPECT_EQ(CaseOf("notice.txt"), b);
  EXPECT_EQ(CaseOf("older.txt"), a);
  EXPECT_FALSE(store_->RetiredCase(b)->has_value());
  // Alone in its case: nothing to split.
  EXPECT_EQ(store_->SplitReport(IdOf("notice.txt"), "kai").status().code(), Code::kInvalidInput);
  auto log = store_->Log(a);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].action, "merge");
  EXPECT_EQ((*log)[1].action, "split");
}

}  // namespace
}  // namespace jikenbo::ingest
