// The quality bar, as a regression test: the fictional notices of tests/notices (always) and the
// seed documents of ../shared (skipped with a message when absent).
#include "report/eval.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "ingest/ingest.h"
#include "tests/testing.h"

namespace jikenbo::report {
namespace {

class Silent : public ingest::Reporter {
 public:
  void OnDocument(const ingest::DocumentReport& r) override {
    EXPECT_NE(r.outcome, ingest::Outcome::kFailed) << r.status.ToString();
  }
  void OnError(const Status& s) override { ADD_FAILURE() << s.ToString(); }
};

EvalResult IngestAndEvaluate(const std::filesystem::path& dir, const std::filesystem::path& gold) {
  auto store = store::OpenSqliteStore(":memory:");
  EXPECT_TRUE(store.ok());
  auto files = NewDiskFileSource();
  ingest::Ingester ingester(*files, **store, testing::DefaultPipeline());
  Silent reporter;
  ingester.Run({dir.string()}, reporter);
  auto res = Evaluate(testing::ReadFile(gold), **store);
  EXPECT_TRUE(res.ok()) << res.status().ToString();
  return res.ok() ? *res : EvalResult{};
}

void ExpectBar(const EvalResult& res, size_t min_items) {
  EXPECT_GE(res.gold_items, min_items);
  EXPECT_EQ(res.missing, 0u);
  EXPECT_EQ(res.extra, 0u);
  for (const Metric& m : res.metrics()) {
    EXPECT_TRUE(m.passed()) << m.name << " = " << m.value << " < " << m.threshold;
  }
  if (!res.passed()) {
    for (const auto& m : res.mismatches) ADD_FAILURE() << m.ToString();
  }
}

TEST(QualityBar, FictionalNotices) {
  const auto dir = std::filesystem::path(testing::SourceDir()) / "tests/notices";
  ExpectBar(IngestAndEvaluate(dir, dir / "expected.jsonl"), 40);
}

TEST(QualityBar, SeedDevSet) {
  const auto shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "../shared is absent: seed quality bar skipped";
  ExpectBar(IngestAndEvaluate(*shared / "seeds", *shared / "gold/seeds.jsonl"), 28);
}

TEST(Evaluate, CountsMismatchesAndMissingArticles) {
  auto store = store::OpenSqliteStore(":memory:");
  ASSERT_TRUE(store.ok());
  auto res = Evaluate(R"({"file":"a.txt","line":1,"key":"k","kind":"incident"})", **store);
  ASSERT_TRUE(res.ok());
  EXPECT_EQ(res->missing, 1u);
  EXPECT_FALSE(res->passed());
  EXPECT_FALSE(Evaluate("{not json", **store).ok());
}

}  // namespace
}  // namespace jikenbo::report
