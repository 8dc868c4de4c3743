// The visible dev set: segmenting the two seed documents must give exactly the gold articles,
// at the gold lines, and nothing else. Skipped (with a message) when ../shared is absent.
#include <gtest/gtest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "tests/testing.h"

namespace jikenbo::segment {
namespace {

TEST(SeedGold, SegmentationYieldsExactlyTheGoldArticles) {
  const auto shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "../shared is absent: seed gold check skipped";
  std::map<std::string, std::set<uint32_t>> gold;
  std::istringstream lines(testing::ReadFile(*shared / "gold/seeds.jsonl"));
  size_t items = 0;
  for (std::string line; std::getline(lines, line);) {
    if (line.empty()) continue;
    const auto j = nlohmann::json::parse(line);
    gold[j.at("file").get<std::string>()].insert(j.at("line").get<uint32_t>());
    ++items;
  }
  ASSERT_GT(items, 0u);
  for (const auto& [file, want] : gold) {
    SCOPED_TRACE(file);
    const std::string bytes = testing::ReadFile(*shared / "seeds" / file);
    ASSERT_FALSE(bytes.empty());
    auto s = testing::DefaultSegmenter().Split(testing::NormalizeOrDie(bytes));
    ASSERT_TRUE(s.ok()) << s.status().ToString();
    std::set<uint32_t> got;
    for (const auto& a : s->articles) got.insert(a.line);
    EXPECT_EQ(got, want);
  }
}

}  // namespace
}  // namespace jikenbo::segment
