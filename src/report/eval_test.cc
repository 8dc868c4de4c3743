// The quality bar, as a regression test: the fictional notices of tests/notices (always) and the
// seed documents of ../shared (skipped with a message when absent).
#include "report/eval.h"

#include <gtest/gtest.h>

#include <cstdlib>
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

EvalResult IngestAndEvaluate(const std::vector<std::string>& dirs, const std::string& gold_text,
                             const EvalOptions& options = {}) {
  auto store = store::OpenSqliteStore(":memory:");
  EXPECT_TRUE(store.ok());
  auto files = NewDiskFileSource();
  ingest::Ingester ingester(*files, **store, testing::DefaultPipeline());
  Silent reporter;
  ingester.Run(dirs, reporter);
  auto res = Evaluate(gold_text, **store, options);
  EXPECT_TRUE(res.ok()) << res.status().ToString();
  return res.ok() ? *res : EvalResult{};
}

EvalResult IngestAndEvaluate(const std::filesystem::path& dir, const std::string& gold_text,
                             const EvalOptions& options = {}) {
  return IngestAndEvaluate(std::vector<std::string>{dir.string()}, gold_text, options);
}

EvalResult IngestAndEvaluate(const std::filesystem::path& dir, const std::filesystem::path& gold) {
  return IngestAndEvaluate(dir, testing::ReadFile(gold));
}

// Every metric of every split (all, tune, check) at or above its floor.
void ExpectFloorsOnEverySplit(const EvalResult& res) {
  for (const SplitScores& split : res.splits) {
    for (const Metric& m : split.metrics) {
      EXPECT_TRUE(m.passed()) << split.name << " " << m.name << " = " << m.value << " < floor "
                              << m.threshold;
    }
  }
}

void ExpectBar(const EvalResult& res, size_t min_items) {
  EXPECT_GE(res.gold_items, min_items);
  EXPECT_EQ(res.missing, 0u);
  EXPECT_EQ(res.extra, 0u);
  for (const Metric& m : res.metrics()) {
    EXPECT_TRUE(m.passed()) << m.name << " = " << m.value << " < " << m.threshold;
  }
  // Our own notices and the seeds are right to the last value (the issue's bar is for notices
  // nobody tuned for): any mismatch fails.
  for (const auto& m : res.mismatches) ADD_FAILURE() << m.ToString();
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

// The real corpus (../shared/corpus/real, texts pulled outside the repository as its README
// says): scored on both splits against floors a few points under what the rules reach, so that
// a score can never fall silently. Skipped when the texts are not there (CI cannot pull them).
TEST(QualityBar, RealCorpusFloors) {
  const auto shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "../shared is absent: real-corpus evaluation skipped";
  const char* env = std::getenv("JIKENBO_REAL_TEXTS");
  const std::filesystem::path texts = env && *env ? env : "/tmp/jikenbo-real/texts";
  std::string gold;
  for (const char* part : {"a", "b", "c", "d"}) {
    const auto path = *shared / "corpus/real" / (std::string("gold-") + part + ".jsonl");
    ASSERT_TRUE(std::filesystem::exists(path)) << path << " is missing from ../shared";
    gold += testing::ReadFile(path);
  }
  if (!std::filesystem::is_directory(texts) || std::filesystem::is_empty(texts)) {
    GTEST_SKIP() << "real-corpus texts not found in " << texts
                 << " (pull them as ../shared/corpus/real/README.md says, or set "
                    "JIKENBO_REAL_TEXTS): evaluation skipped";
  }
  // Floors: a few points under the lowest of the tune and check scores reached (README).
  EvalOptions floors;
  floors.floors = {{"kind", 0.83},          {"type", 0.83},           {"title_org", 0.66},
                   {"announce_date", 0.73}, {"incident_date", 0.74},  {"affected_headline", 0.84},
                   {"data_items_f1", 0.79}, {"reported_to_f1", 0.72}, {"same_case_precision", 0},
                   {"same_case_recall", 0}};
  const EvalResult res = IngestAndEvaluate(texts, gold, floors);
  EXPECT_EQ(res.gold_items, 157u);
  EXPECT_EQ(res.missing, 0u) << "some texts were not pulled into " << texts;
  ExpectFloorsOnEverySplit(res);
}

// Further real notices labelled by the project (tests/real-extra.jsonl: gold facts, urls and
// queries, no text; the texts pulled into $JIKENBO_REAL_EXTRA or /tmp/jikenbo-real/extra-texts):
// rounds r2 and r3 were scored before any rule was written from them, so they tell how far the
// rules generalise. Floors a few points under what the rules reach; skipped without the texts.
TEST(QualityBar, RealExtraFloors) {
  const char* env = std::getenv("JIKENBO_REAL_EXTRA");
  const std::filesystem::path texts = env && *env ? env : "/tmp/jikenbo-real/extra-texts";
  if (!std::filesystem::is_directory(texts) || std::filesystem::is_empty(texts)) {
    GTEST_SKIP() << "texts of tests/real-extra.jsonl not found in " << texts
                 << " (pull them as README.md, \"Accuracy on real notices\", says, or set "
                    "JIKENBO_REAL_EXTRA): evaluation skipped";
  }
  const std::string gold =
      testing::ReadFile(std::filesystem::path(testing::SourceDir()) / "tests/real-extra.jsonl");
  EvalOptions floors;
  floors.floors = {{"kind", 0.80},          {"type", 0.72},           {"title_org", 0.79},
                   {"announce_date", 0.80}, {"incident_date", 0.78},  {"affected_headline", 0.75},
                   {"data_items_f1", 0.66}, {"reported_to_f1", 0.67}, {"same_case_precision", 0},
                   {"same_case_recall", 0}};
  const EvalResult res = IngestAndEvaluate(texts, gold, floors);
  EXPECT_EQ(res.gold_items, 153u);
  EXPECT_EQ(res.missing, 0u) << "some texts were not pulled into " << texts;
  ExpectFloorsOnEverySplit(res);
}

// Reports of one incident (tests/real-groups.jsonl: keys and group ids of other reports of
// real-corpus incidents, and near misses, whose texts are pulled beside the corpus into
// $JIKENBO_REAL_GROUPS or /tmp/jikenbo-real/groups/texts): "same case" pairwise precision and
// recall against floors under what the casebook reaches. Skipped when the texts are absent.
TEST(QualityBar, RealCaseGroupsFloors) {
  const auto shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "../shared is absent: case-group evaluation skipped";
  const char* env = std::getenv("JIKENBO_REAL_TEXTS");
  const std::filesystem::path texts = env && *env ? env : "/tmp/jikenbo-real/texts";
  const char* genv = std::getenv("JIKENBO_REAL_GROUPS");
  const std::filesystem::path groups = genv && *genv ? genv : "/tmp/jikenbo-real/groups/texts";
  for (const auto& dir : {texts, groups}) {
    if (!std::filesystem::is_directory(dir) || std::filesystem::is_empty(dir)) {
      GTEST_SKIP() << "texts not found in " << dir << ": case-group evaluation skipped";
    }
  }
  std::string gold;
  for (const char* part : {"a", "b", "c", "d"}) {
    gold += testing::ReadFile(*shared / "corpus/real" / (std::string("gold-") + part + ".jsonl"));
  }
  gold +=
      testing::ReadFile(std::filesystem::path(testing::SourceDir()) / "tests/real-groups.jsonl");
  EvalOptions floors;
  for (const auto& [name, bar] :
       std::vector<std::pair<const char*, double>>{{"kind", 0},
                                                   {"type", 0},
                                                   {"title_org", 0},
                                                   {"announce_date", 0},
                                                   {"incident_date", 0},
                                                   {"affected_headline", 0},
                                                   {"data_items_f1", 0},
                                                   {"reported_to_f1", 0}}) {
    floors.floors[name] = bar;
  }
  floors.floors["same_case_precision"] = 0.95;
  floors.floors["same_case_recall"] = 0.55;
  const EvalResult res =
      IngestAndEvaluate(std::vector<std::string>{texts.string(), groups.string()}, gold, floors);
  EXPECT_EQ(res.missing, 0u) << "some texts were not pulled into " << groups;
  ExpectFloorsOnEverySplit(res);
}

TEST(Evaluate, SplitIsFixedByTheKeyAboutTwoToOne) {
  EXPECT_EQ(SplitOf("a-b23-165-nippon-concrete"), SplitOf("a-b23-165-nippon-concrete"));
  size_t check = 0;
  for (int i = 0; i < 3000; ++i) check += SplitOf("key-" + std::to_string(i)) == "check";
  EXPECT_GT(check, 900u);
  EXPECT_LT(check, 1100u);
}

TEST(Evaluate, SplitsConfusionEvidenceAndFloors) {
  // Two fictional notices, one scored right and one wrong, on whichever splits their keys fall.
  const auto dir = std::filesystem::path(testing::SourceDir()) / "tests/notices";
  const std::string gold =
      R"({"file":"n16_fax.txt","line":1,"key":"k1","kind":"incident","type":"misdelivery"})"
      "\n"
      R"({"file":"n17_theft_pc.txt","line":1,"key":"k2","kind":"incident","type":"ransomware"})"
      "\n";
  EvalOptions loose;
  loose.floors["type"] = 0.5;
  const EvalResult res = IngestAndEvaluate(dir, gold, loose);
  ASSERT_EQ(res.splits.size(), 3u);
  EXPECT_EQ(res.splits[0].name, "all");
  EXPECT_EQ(res.splits[0].items, 2u);
  EXPECT_EQ(res.splits[1].items + res.splits[2].items, 2u);
  const Metric& type = res.metrics()[1];
  EXPECT_EQ(type.name, "type");
  EXPECT_EQ(type.correct, 1u);
  EXPECT_EQ(type.total, 2u);
  EXPECT_EQ(type.threshold, 0.5);
  EXPECT_EQ(res.confusion.at("type").at("ransomware").at("loss_theft"), 1u);
  EXPECT_EQ(res.confusion.at("kind").at("incident").at("incident"), 2u);
  bool seen = false;
  for (const Mismatch& m : res.mismatches) {
    if (m.key != "k2" || m.field != "type") continue;
    seen = true;
    EXPECT_EQ(m.gold, "ransomware");
    EXPECT_EQ(m.got, "loss_theft");
    EXPECT_FALSE(m.evidence.empty());  // the cue the type was decided on
  }
  EXPECT_TRUE(seen);
  const auto j = EvalJson(res);
  EXPECT_TRUE(j["splits"].contains("tune") && j["splits"].contains("check"));
  EXPECT_EQ(j["confusion"]["type"]["ransomware"]["loss_theft"], 1);
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
