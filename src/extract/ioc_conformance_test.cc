// The peers' own test cases (../shared/conformance/ioc-peer-cases.jsonl, never copied here):
// prints the pass rate over the cases that are not doubtful, need no peer option and that the
// peer itself passes, and fails below the bar.
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/utf8.h"
#include "extract/ioc.h"
#include "tests/testing.h"

namespace jikenbo::extract {
namespace {

// The extractor of the default pipeline (rules/services.rules).
const IocExtractor& Extractor() { return testing::DefaultPipeline().iocs; }

// Spellings of one indicator: AS1234 = ASN1234; a MAC in any separator style and case; a domain
// in any case (DNS names are case-insensitive).
bool IsAlnum(char c) { return utf8::IsAsciiAlnum(static_cast<unsigned char>(c)); }
char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; }

std::string Comparable(const std::string& type, std::string v, bool refanged) {
  if (type == "asn") {
    while (!v.empty() && (v[0] < '0' || v[0] > '9')) v.erase(0, 1);
  }
  if (type == "mac") {
    std::string hex;
    for (char c : v) {
      const char l = Lower(c);
      if ((l >= '0' && l <= '9') || (l >= 'a' && l <= 'f')) hex += l;
    }
    v = hex;
  }
  if (type == "domain" && refanged) {
    for (char& c : v) c = Lower(c);
  }
  return v;
}

// Cases where we hold the peer's expectation wrong, each with the reason (README lists them).
// Returns the reason, or "" when the case is judged normally.
std::string Deviation(const std::string& input, const nlohmann::json& expected) {
  // A top-level domain no registry has ("example.com.tld", "user@example.com[.]tld"): jikenbo
  // validates every host against the Public Suffix List, which is the point of precision.
  for (const auto& [type, values] : expected.items()) {
    if (type != "email" && type != "url" && type != "domain") continue;
    for (const auto& v : values) {
      std::string s = v.get<std::string>();
      for (char& c : s) c = Lower(c);
      if (s.ends_with("tld") && !s.ends_with(".std")) return "placeholder top-level domain";
    }
  }
  // A hash glued to letters ("words68b3…40words") is part of a longer token (base64, an
  // identifier), not a hash; jikenbo takes hex runs only between boundaries.
  for (const char* type : {"md5", "sha1", "sha256", "sha512"}) {
    if (!expected.contains(type)) continue;
    for (const auto& v : expected[type]) {
      const std::string h = v.get<std::string>();
      const size_t at = input.find(h);
      if (at != std::string::npos &&
          ((at > 0 && IsAlnum(input[at - 1])) ||
           (at + h.size() < input.size() && IsAlnum(input[at + h.size()])))) {
        return "hash glued to letters";
      }
    }
  }
  return "";
}

TEST(IocConformance, PeerCasesPassRate) {
  const auto shared = testing::SharedDir();
  if (!shared) GTEST_SKIP() << "../shared is absent: peer conformance cases skipped";
  std::ifstream in(*shared / "conformance" / "ioc-peer-cases.jsonl");
  ASSERT_TRUE(in) << "conformance file missing from ../shared";
  size_t eligible = 0, passed = 0;
  std::map<std::string, size_t> deviations;
  std::map<std::string, std::pair<size_t, size_t>> by_peer, by_type;
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
      ours[i.type].insert(Comparable(i.type, refanged ? i.value : i.found, refanged));
    }
    bool ok = true;
    std::vector<std::pair<std::string, bool>> types;  // each expected type: matched?
    for (const auto& [type, values] : c["expected"].items()) {
      std::set<std::string> want;
      bool schemeless = false;
      for (const auto& v : values) {
        const std::string s = v.get<std::string>();
        want.insert(Comparable(type, s, refanged));
        schemeless = schemeless || (type == "url" && s.find("//") == std::string::npos &&
                                    s.find("__") == std::string::npos);
      }
      std::set<std::string> got = ours[type];
      // A bare host the peer calls a URL ("example[.]com") is our domain (or IPv4).
      // (Not the host of a URL we found: that is part of the URL.)
      if (schemeless) {
        for (const char* host_type : {"domain", "ipv4"}) {
          for (const std::string& h : ours[host_type]) {
            const bool in_url = std::any_of(ours["url"].begin(), ours["url"].end(),
                                            [&](const std::string& u) { return u.starts_with(h); });
            if (!in_url) got.insert(h);
          }
        }
      }
      const bool type_ok =
          exact ? got == want : std::includes(got.begin(), got.end(), want.begin(), want.end());
      ok = ok && type_ok;
      if (!want.empty()) types.emplace_back(type, type_ok);
    }
    auto& peer = by_peer[c["peer"].get<std::string>()];
    if (!ok) {
      const std::string why = Deviation(c["input"].get<std::string>(), c["expected"]);
      if (!why.empty()) {
        ++deviations[why];
        continue;
      }
    }
    ++peer.first;
    for (const auto& [type, type_ok] : types) {
      ++by_type[type].first;
      by_type[type].second += type_ok;
    }
    if (ok) {
      ++passed, ++peer.second;
    } else if (failures.size() < 2000) {
      failures.push_back(c["test"].get<std::string>() + "  input: " + c["input"].dump());
    }
  }
  size_t explained = 0;
  for (const auto& [why, n] : deviations) explained += n;
  const size_t judged = eligible - explained;
  const double rate = judged == 0 ? 0 : static_cast<double>(passed) / static_cast<double>(judged);
  std::printf(
      "ioc conformance: %zu of %zu judged peer cases pass (%.1f%%); %zu eligible, %zu "
      "where the peer is held wrong:\n",
      passed, judged, 100 * rate, eligible, explained);
  for (const auto& [why, n] : deviations) std::printf("  %4zu  %s\n", n, why.c_str());
  for (const auto& [peer, n] : by_peer)
    std::printf("  %-14s %zu/%zu\n", peer.c_str(), n.second, n.first);
  std::printf("  by type (cases expecting one):");
  for (const auto& [type, n] : by_type) std::printf(" %s %zu/%zu", type.c_str(), n.second, n.first);
  std::printf("\n");
  if (std::getenv("JIKENBO_IOC_FAILURES") != nullptr) {
    for (const std::string& f : failures) std::printf("  FAIL %s\n", f.c_str());
  }
  EXPECT_GT(eligible, 1000u);
  EXPECT_GE(rate, 0.95) << "below the bar";
}

}  // namespace
}  // namespace jikenbo::extract
