// The catalogue serve answers lists, filters and statistics from: its rows must give what the
// cases themselves (report::CollectCases) give, and the heads it reads back from the store must
// carry the cases' merged fields.
#include "serve/catalog.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "ingest/fetch.h"
#include "ingest/ingest.h"
#include "report/stats.h"
#include "tests/testing.h"

namespace jikenbo::serve {
namespace {

using Quiet = testing::QuietReporter;

// On each backend: SQLite (a file) and PostgreSQL (a database of the test server).
class CatalogTest : public ::testing::TestWithParam<std::string> {
 protected:
  CatalogTest() : casebook_(GetParam()) {}
  void SetUp() override {
    ASSERT_FALSE(casebook_.db.empty());
    auto store = store::OpenStore(casebook_.db);
    ASSERT_TRUE(store.ok()) << store.status().what();
    store_ = std::move(*store);
    auto files = NewDiskFileSource();
    ingest::Ingester ingester(*files, *store_, testing::DefaultPipeline());
    Quiet quiet;
    ingester.Run({testing::SourceDir() + "/examples"}, quiet);
    // One incident told twice (a first notice and a follow-up): a case of two reports.
    MemFileSource mem;
    mem.Add("first.txt",
            "ランサムウェア被害に関するお知らせ\n\n2031年6月2日\n株式会社架空精機\n\n"
            "当社のファイルサーバーがランサムウェアに感染し、取引先120名の氏名とメールアドレスが"
            "暗号化されたことが判明しました。警察に相談しております。\n");
    mem.Add("second.txt",
            "ランサムウェア被害に関するお知らせ(第2報)\n\n2031年6月9日\n株式会社架空精機\n\n"
            "6月2日にお知らせしたランサムウェア感染について、調査の結果、取引先120名の氏名、"
            "メールアドレスおよび電話番号が外部に流出した可能性があることが分かりました。"
            "個人情報保護委員会に報告いたしました。\n");
    ingest::Ingester more(mem, *store_, testing::DefaultPipeline());
    more.Run({"first.txt", "second.txt"}, quiet);
    report::CaseQuery all;
    all.kinds = {"incident", "advisory", "threat_report", "commentary"};
    auto cases = report::CollectCases(*store_, all);
    ASSERT_TRUE(cases.ok());
    cases_ = std::move(*cases);
    auto snapshot = Catalog::Build(*store_);
    ASSERT_TRUE(snapshot.ok()) << snapshot.status().what();
    snapshot_ = std::move(*snapshot);
  }
  void TearDown() override { store_.reset(); }

  // The primary ids of the cases the filter keeps, computed from the cases themselves.
  std::vector<int64_t> Expected(const CaseFilter& f) const {
    std::vector<int64_t> out;
    for (const report::CaseFile& c : cases_) {
      const model::Incident& inc = c.primary.article.incident;
      if (!report::InWindow(c.date, f.from, f.to)) continue;
      if (!f.types.empty() &&
          std::find(f.types.begin(), f.types.end(), inc.type.value_or("")) == f.types.end()) {
        continue;
      }
      if (f.kind && inc.kind != f.kind) continue;
      if (f.org_kind && inc.org_kind != f.org_kind) continue;
      if (f.data_item && std::find(inc.data_items.begin(), inc.data_items.end(), *f.data_item) ==
                             inc.data_items.end()) {
        continue;
      }
      if (f.reported_to &&
          std::none_of(inc.reported_to.begin(), inc.reported_to.end(),
                       [&](const model::ReportedTo& r) { return r.authority == *f.reported_to; })) {
        continue;
      }
      out.push_back(c.primary.id);
    }
    return out;
  }
  static std::vector<int64_t> Ids(const std::vector<const CaseRow*>& rows) {
    std::vector<int64_t> out;
    for (const CaseRow* r : rows) out.push_back(r->primary);
    return out;
  }

  testing::TestCasebook casebook_;
  std::unique_ptr<store::Store> store_;
  std::vector<report::CaseFile> cases_;
  std::shared_ptr<Snapshot> snapshot_;
};

INSTANTIATE_TEST_SUITE_P(Backends, CatalogTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST_P(CatalogTest, RowsAreTheCasesInTheirOrder) {
  ASSERT_GT(cases_.size(), 10u);
  ASSERT_EQ(snapshot_->rows.size(), cases_.size());
  size_t several = 0;
  for (size_t k = 0; k < cases_.size(); ++k) {
    const CaseRow& row = snapshot_->rows[k];
    const report::CaseFile& c = cases_[k];
    EXPECT_EQ(row.primary, c.primary.id) << k;
    EXPECT_EQ(row.date, c.date) << k;
    EXPECT_EQ(row.case_no, c.primary.article.incident.case_no.value_or("")) << k;
    EXPECT_EQ(row.others.size() + 1, c.reports.size()) << k;
    several += c.reports.size() > 1;
    if (!row.case_no.empty()) {
      EXPECT_EQ(snapshot_->FindCase(row.case_no), &row);
    }
  }
  EXPECT_GT(several, 0u) << "the examples have cases of several reports";
  EXPECT_EQ(snapshot_->FindCase("1999-999"), nullptr);
  // The index holds ids and codes, not reports: well under a kilobyte a case.
  EXPECT_LT(snapshot_->Bytes(), 256 * cases_.size() + 4096);
}

TEST_P(CatalogTest, FiltersKeepWhatTheCasesWouldKeep) {
  std::vector<CaseFilter> filters(1);  // no filter at all
  for (const report::CaseFile& c : cases_) {
    const model::Incident& inc = c.primary.article.incident;
    CaseFilter f;
    if (inc.type) f.types = {*inc.type};
    filters.push_back(f);
    f = {};
    f.kind = inc.kind;
    filters.push_back(f);
    f = {};
    f.org_kind = inc.org_kind;
    filters.push_back(f);
    for (const std::string& item : inc.data_items) {
      f = {};
      f.data_item = item;
      filters.push_back(f);
    }
    for (const model::ReportedTo& r : inc.reported_to) {
      f = {};
      f.reported_to = r.authority;
      filters.push_back(f);
    }
    if (c.date.size() >= 7) {
      f = {};
      f.from = f.to = c.date.substr(0, 7);
      filters.push_back(f);
      f.kind = "incident";
      filters.push_back(f);
    }
  }
  CaseFilter none;
  none.data_item = "no_such_item";
  filters.push_back(none);
  size_t nonempty = 0;
  for (const CaseFilter& f : filters) {
    const auto expected = Expected(f);
    EXPECT_EQ(Ids(snapshot_->Filter(f)), expected);
    nonempty += !expected.empty();
  }
  EXPECT_GT(nonempty, filters.size() / 2);
  EXPECT_TRUE(snapshot_->Filter(none).empty());
  // A search's ids: a case is kept when any of its reports is among them.
  const CaseRow* several = nullptr;
  for (const CaseRow& r : snapshot_->rows) {
    if (!r.others.empty()) several = &r;
  }
  ASSERT_NE(several, nullptr);
  CaseFilter by_ids;
  by_ids.by_ids = true;
  by_ids.ids = {several->others.back()};
  EXPECT_EQ(Ids(snapshot_->Filter(by_ids)), std::vector<int64_t>{several->primary});
}

TEST_P(CatalogTest, StatisticsOfRowsAreTheStatisticsOfTheCases) {
  for (const std::string& by : report::StatGroupings()) {
    std::vector<const CaseRow*> rows;
    for (const CaseRow& r : snapshot_->rows) rows.push_back(&r);
    EXPECT_EQ(report::StatsJson(snapshot_->Stats(rows, by)),
              report::StatsJson(report::ComputeStats(cases_, by)))
        << by;
  }
  const report::Stats stats = snapshot_->Stats(snapshot_->Filter({}), "type");
  EXPECT_GT(stats.total.incidents, 5);
}

TEST_P(CatalogTest, HeadsCarryTheMergedFieldsWithoutTheText) {
  std::vector<const CaseRow*> rows;
  for (const CaseRow& r : snapshot_->rows) rows.push_back(&r);
  auto heads = snapshot_->Heads(*store_, rows);
  ASSERT_TRUE(heads.ok());
  ASSERT_EQ(heads->size(), cases_.size());
  for (size_t k = 0; k < cases_.size(); ++k) {
    const model::Article& want = cases_[k].primary.article;
    const model::Article& got = (*heads)[k].head.primary.article;
    EXPECT_EQ((*heads)[k].row, rows[k]);
    EXPECT_EQ(got.title, want.title);
    EXPECT_EQ(got.incident.type, want.incident.type);
    EXPECT_EQ(got.incident.title_org, want.incident.title_org);
    EXPECT_EQ(got.incident.data_items, want.incident.data_items);
    EXPECT_EQ(got.incident.affected.size(), want.incident.affected.size());
    EXPECT_TRUE(got.text.empty());
    EXPECT_TRUE((*heads)[k].head.reports.empty());
  }
  // Read whole, a case has all its reports, the primary first.
  for (size_t k = 0; k < cases_.size(); ++k) {
    if (cases_[k].reports.size() < 2) continue;
    auto whole = ReadCases(*store_, {rows[k]}, Detail::kWhole);
    ASSERT_TRUE(whole.ok());
    ASSERT_EQ(whole->size(), 1u);
    ASSERT_EQ(whole->front().reports.size(), cases_[k].reports.size());
    EXPECT_EQ(whole->front().reports.front().id, cases_[k].primary.id);
    EXPECT_FALSE(whole->front().primary.article.text.empty());
  }
}

TEST(HeadCache, StaysWithinItsBytesAndDropsTheLeastRecentlyUsed) {
  report::CaseFile head;
  head.primary.article.title = std::string(1000, 'x');
  HeadCache cache(8 * 1024);
  for (int64_t id = 1; id <= 40; ++id) {
    cache.Put(id, head);
    if (id > 1) {
      EXPECT_TRUE(cache.Find(1).has_value()) << id;  // kept by being used
    }
    EXPECT_LE(cache.bytes(), 8u * 1024);
  }
  EXPECT_FALSE(cache.Find(2).has_value());  // the oldest unused went first
  EXPECT_TRUE(cache.Find(40).has_value());  // the newest stays
  EXPECT_EQ(cache.Find(40)->primary.article.title.size(), 1000u);
  report::CaseFile huge;
  huge.primary.article.text = std::string(16 * 1024, 'y');
  cache.Put(99, huge);  // larger than the whole cache: not kept
  EXPECT_FALSE(cache.Find(99).has_value());
}

}  // namespace
}  // namespace jikenbo::serve
