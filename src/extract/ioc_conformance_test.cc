// The peers' own test cases (../shared/conformance/ioc-peer-cases.jsonl, never copied here):
// prints the pass rate over the cases that are not doubtful, need no peer option and that the
// peer itself passes, and fails below the bar.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "extract/ioc.h"
#include "tests/testing.h"

namespace jikenbo::extract {
namespace {

const IocExtractor& Extractor() {
  static const IocExtractor x = [] {
    const std::string path = testing::SourceDir() + "/rules/services.rules";
    auto made = IocExtractor::Create({path, testing::ReadFile(path)}, {});
    EXPECT_TRUE(made.ok()) << made.status().ToString();
    return std::move(made).value();
  }();
  return x;
}

// Two spellings of one ASN ("AS1234", "ASN1234") are the same indicator.
std::string Comparable(const std::string& type, std::string v) {
  if (type == "asn") {
    while (!v.empty() && (v[0] < '0' || v[0] > '9')) v.erase(0, 1);
  }
  return v;
}

TEST(IocConformance, PeerCasesPassRate) {
  const auto shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "../shared is absent: peer conformance cases skipped";
  std::ifstream in(*shared / "conformance" / "ioc-peer-cases.jsonl");
  ASSERT_TRUE(in) << "conformance file missing from ../shared";
  size_t eligible = 0, passed = 0;
  std::map<std::string, std::pair<size_t, size_t>> by_peer;
  std::vector<std::string> failures;
  for (std::string line; std::getline(in, line);) {
    const auto c = nlohmann::json::parse(line);
    if (c.contains("doubtful") || (c.contains("options") && !c["options"].empty()) ||
        !c.value("peer_passes", false)) {
      continue;
    }
    ++eligible;
    const bool refanged = c.value("refanged", true);
    const bool exact = c.value("match", "exact") == "exact";
    std::map<std::string, std::set<std::string>> ours;
    for (const Ioc& i : Extractor().ScanAll(c["input"].get<std::string>())) {
      ours[i.type].insert(Comparable(i.type, refanged ? i.value : i.found));
    }
    bool ok = true;
    for (const auto& [type, values] : c["expected"].items()) {
      std::set<std::string> want;
      for (const auto& v : values) want.insert(Comparable(type, v.get<std::string>()));
      const auto& got = ours[type];
      ok = ok &&
           (exact ? got == want : std::includes(got.begin(), got.end(), want.begin(), want.end()));
    }
    auto& peer = by_peer[c["peer"].get<std::string>()];
    ++peer.first;
    if (ok) {
      ++passed, ++peer.second;
    } else if (failures.size() < 40) {
      failures.push_back(c["test"].get<std::string>() + "  input: " + c["input"].dump());
    }
  }
  const double rate =
      eligible == 0 ? 0 : static_cast<double>(passed) / static_cast<double>(eligible);
  std::printf("ioc conformance: %zu of %zu eligible peer cases pass (%.1f%%)\n", passed, eligible,
              100 * rate);
  for (const auto& [peer, n] : by_peer)
    std::printf("  %-14s %zu/%zu\n", peer.c_str(), n.second, n.first);
  if (std::getenv("JIKENBO_IOC_FAILURES") != nullptr) {
    for (const std::string& f : failures) std::printf("  FAIL %s\n", f.c_str());
  }
  EXPECT_GT(eligible, 1000u);
  EXPECT_GE(rate, 0.50) << "below the bar (the aim is 0.95)";
}

}  // namespace
}  // namespace jikenbo::extract
