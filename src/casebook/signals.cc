#include "casebook/signals.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <set>

#include "base/utf8.h"

namespace jikenbo::casebook::signals {

// Days since 0000-03-01 for YYYY-MM-DD (a month-precision date counts as its first day).
int DayNumber(const std::string& iso) {
  int y = std::atoi(iso.substr(0, 4).c_str());
  int m = iso.size() >= 7 ? std::atoi(iso.substr(5, 2).c_str()) : 1;
  const int d = iso.size() >= 10 ? std::atoi(iso.substr(8, 2).c_str()) : 1;
  if (m <= 2) --y, m += 12;
  return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d;
}

// The inverse of DayNumber.
std::string IsoOfDay(int day) {
  const int n = day - 1;  // DayNumber counts 0000-03-01 as day 1
  int y = static_cast<int>((10000LL * n + 14780) / 3652425);
  auto start = [](int yy) { return 365 * yy + yy / 4 - yy / 100 + yy / 400; };
  int ddd = n - start(y);
  if (ddd < 0) ddd = n - start(--y);
  const int mi = (100 * ddd + 52) / 3060;
  const int mm = (mi + 2) % 12 + 1;
  y += (mi + 2) / 12;
  const int dd = ddd - (mi * 306 + 5) / 10 + 1;
  return fmt::format("{:04d}-{:02d}-{:02d}", y, mm, dd);
}

std::vector<uint64_t> Sketch(std::string_view s) {
  std::vector<uint64_t> out;
  if (s.size() < kSketchMinBytes) return out;
  std::set<uint64_t> smallest;
  for (size_t i = 0; i + 12 <= s.size(); ++i) {
    uint64_t h = 1469598103934665603ull;  // FNV-1a, then a final mix
    for (size_t k = 0; k < 12; ++k) {
      h = (h ^ static_cast<unsigned char>(s[i + k])) * 1099511628211ull;
    }
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    if (smallest.size() == kSketch && h >= *smallest.rbegin()) continue;
    smallest.insert(h);
    if (smallest.size() > kSketch) smallest.erase(std::prev(smallest.end()));
  }
  return {smallest.begin(), smallest.end()};
}

// Estimated resemblance (Jaccard of the shingle sets) from two sorted sketches.
double Resemblance(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  if (a.size() < kSketch || b.size() < kSketch) return 0;
  size_t taken = 0, shared = 0;
  for (auto i = a.begin(), j = b.begin(); taken < kSketch && i != a.end() && j != b.end();) {
    ++taken;
    if (*i == *j) {
      ++shared, ++i, ++j;
    } else if (*i < *j) {
      ++i;
    } else {
      ++j;
    }
  }
  return taken == 0 ? 0 : static_cast<double>(shared) / static_cast<double>(taken);
}

// The counts a text states: a number of two or more digits and the unit after it. Two reports
// of one incident repeat them; two incidents of one organisation rarely share one. A notice's
// "2,468 名" and a news report's "2468人" are one count: spaces and commas go, 万 multiplies
// (4万8651人 is 48651人), and the units of people (人, 名, people, persons) are one unit.
std::vector<std::string> CountTokens(std::string_view text) {
  static const std::vector<std::pair<std::string_view, std::string_view>> kUnits = {
      {"人", "人"}, {"名", "人"},      {"件", "件"},     {"世帯", "世帯"}, {"枚", "枚"},
      {"通", "通"}, {"台", "台"},      {"冊", "冊"},     {"校", "校"},     {"社", "社"},
      {"個", "個"}, {"records", "件"}, {"people", "人"}, {"persons", "人"}};
  std::vector<std::string> out;
  for (size_t i = 0; i < text.size();) {
    if (text[i] < '0' || text[i] > '9') {
      ++i;
      continue;
    }
    std::string digits;
    size_t j = i;
    while (j < text.size() && ((text[j] >= '0' && text[j] <= '9') || text[j] == ',')) {
      if (text[j] != ',') digits += text[j];
      ++j;
    }
    i = j;
    while (j < text.size() && text[j] == ' ') ++j;
    if (text.substr(j, 3) == "\u4E07") {  // 万, and the rest after it: 4万8651人 is 48651人
      j += 3;
      std::string rest;
      while (j < text.size() && text[j] >= '0' && text[j] <= '9' && rest.size() < 5) {
        rest += text[j++];
      }
      if (rest.size() > 4) continue;
      digits += std::string(4 - rest.size(), '0') + rest;
      i = j;
    }
    if (digits.size() < 2 || digits.size() > 12) continue;
    digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
    for (const auto& [word, unit] : kUnits) {
      if (text.substr(j, word.size()) == word) {
        out.push_back(digits + std::string(unit));
        break;
      }
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

// The character pairs of a title, punctuation, spaces and digits left out (title words for a
// language without spaces).
std::vector<uint64_t> TitlePairs(std::string_view title) {
  std::vector<uint64_t> out;
  char32_t prev = 0;
  for (size_t i = 0; i < title.size();) {
    const utf8::Decoded d = utf8::Next(title, i);
    i += d.len;
    const char32_t c = d.cp;
    const bool skip = c < 0x80 ? !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
                               : (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF00 && c <= 0xFF20) ||
                                     c == 0x30FB || c == 0x30FC;
    if (skip) {
      prev = 0;
      continue;
    }
    if (prev != 0) out.push_back((static_cast<uint64_t>(prev) << 32) | c);
    prev = c;
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

double TitleOverlap(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b) {
  size_t common = 0;
  for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
    if (*i == *j) {
      ++common, ++i, ++j;
    } else {
      *i < *j ? ++i : ++j;
    }
  }
  const size_t all = a.size() + b.size() - common;
  return all == 0 ? 0 : static_cast<double>(common) / static_cast<double>(all);
}

}  // namespace jikenbo::casebook::signals
