#include "casebook/casebook.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdlib>
#include <iterator>
#include <map>
#include <numeric>
#include <set>
#include <string_view>

namespace jikenbo::casebook {
namespace {

// Days since 0000-03-01 for YYYY-MM-DD (a month-precision date counts as its first day).
int DayNumber(const std::string& iso) {
  int y = std::atoi(iso.substr(0, 4).c_str());
  int m = iso.size() >= 7 ? std::atoi(iso.substr(5, 2).c_str()) : 1;
  const int d = iso.size() >= 10 ? std::atoi(iso.substr(8, 2).c_str()) : 1;
  if (m <= 2) --y, m += 12;
  return 365 * y + y / 4 - y / 100 + y / 400 + (153 * (m - 3) + 2) / 5 + d;
}

// The organisation without its legal form, for "does the other notice name it?".
std::string Core(std::string name) {
  static const char* kForms[] = {
      "株式会社",     "特定非営利活動法人", "社会福祉法人",     "一般社団法人",
      "一般財団法人", "公益財団法人",       "国立研究開発法人", "独立行政法人",
      "学校法人",     "医療法人",           "有限会社"};
  for (const char* f : kForms) {
    const std::string form = f;
    if (name.rfind(form, 0) == 0) name = name.substr(form.size());
    if (name.size() > form.size() &&
        name.compare(name.size() - form.size(), form.size(), form) == 0) {
      name = name.substr(0, name.size() - form.size());
    }
  }
  return name;
}

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t x) { return parent[x] == x ? x : parent[x] = Find(parent[x]); }
  void Join(size_t a, size_t b) { parent[Find(a)] = Find(b); }
};

// A 1024-bit set of the byte trigrams of a text: if s occurs in t, every trigram of s is in t's
// signature, so a missing bit proves s is absent without scanning t.
struct Signature {
  std::array<uint64_t, 16> bits{};
  static Signature Of(std::string_view s) {
    Signature sig;
    for (size_t i = 0; i + 3 <= s.size(); ++i) {
      const uint32_t h =
          (static_cast<uint32_t>(static_cast<unsigned char>(s[i])) * 0x9E3779B1u) ^
          (static_cast<uint32_t>(static_cast<unsigned char>(s[i + 1])) * 0x85EBCA77u) ^
          (static_cast<uint32_t>(static_cast<unsigned char>(s[i + 2])) * 0xC2B2AE3Du);
      const uint32_t bit = (h >> 7) & 1023u;
      sig.bits[bit >> 6] |= uint64_t{1} << (bit & 63);
    }
    return sig;
  }
  bool Covers(const Signature& part) const {
    for (size_t i = 0; i < bits.size(); ++i) {
      if ((part.bits[i] & ~bits[i]) != 0) return false;
    }
    return true;
  }
};

// What the comparisons need of a case, computed once.
struct Facts {
  const CaseInput* in = nullptr;
  std::optional<int> day;          // announcement day number
  std::string core;                // title_org without its legal form
  std::string sort_key;            // DateOf, or "9999" when undated
  std::vector<std::string> items;  // sorted, unique data items
  Signature text_sig;              // of in->text
  Signature core_sig;              // of core
  int ref_id = -1;                 // in->source_ref interned (-1: none)
  int core_id = -1;                // core interned (-1: empty)
};

// A cheap necessary condition for SameIncidentReason() on two cases of one type within the
// window: the inner loop of Number() runs it for every such pair.
bool MaybeSame(const Facts& a, const Facts& b) {
  if (a.ref_id >= 0 && a.ref_id == b.ref_id) return true;
  return a.core_id >= 0 && b.core_id >= 0 && a.core_id != b.core_id &&
         b.text_sig.Covers(a.core_sig) && a.text_sig.Covers(b.core_sig);
}

// Does the text of `in` contain `core`? (The signatures rule out most texts at once.)
bool Mentions(const Facts& in, const Facts& of) {
  return in.text_sig.Covers(of.core_sig) && in.in->text.find(of.core) != std::string::npos;
}

std::optional<std::string> SameIncidentReason(const Facts& fa, const Facts& fb,
                                              const Options& options) {
  const CaseInput& a = *fa.in;
  const CaseInput& b = *fb.in;
  // One publisher number, and nothing against it: two blogs may number independently, so the
  // type and the dates (when known) must agree too.
  if (a.source_ref && b.source_ref && *a.source_ref == *b.source_ref &&
      (!a.type || !b.type || *a.type == *b.type) &&
      (!fa.day || !fb.day || std::abs(*fa.day - *fb.day) <= options.same_incident_days)) {
    return "the publisher numbered both #" + *a.source_ref;
  }
  if (!a.type || !b.type || *a.type != *b.type || !fa.day || !fb.day) return std::nullopt;
  const int days = std::abs(*fa.day - *fb.day);
  if (days > options.same_incident_days) return std::nullopt;
  const std::string& ca = fa.core;
  const std::string& cb = fb.core;
  if (ca.empty() || cb.empty() || ca == cb) return std::nullopt;
  if (!Mentions(fb, fa) || !Mentions(fa, fb)) return std::nullopt;
  return fmt::format(
      "same type ({}), announced {} days apart, each notice names the other ({} / {})", *a.type,
      days, *a.title_org, *b.title_org);
}

// Year of a case: its announcement, else its incident date, else the publisher's number.
std::optional<std::string> DateOf(const CaseInput& c) {
  if (c.announce_date) return c.announce_date;
  if (c.incident_date) return c.incident_date;
  // Undated: the publisher's year, after every dated case of that year.
  if (c.source_ref && c.source_ref->size() >= 4) return c.source_ref->substr(0, 4) + "-13";
  return std::nullopt;
}

double Similarity(const Facts& a, const Facts& b) {
  size_t common = 0;  // both lists are sorted and unique
  for (auto i = a.items.begin(), j = b.items.begin(); i != a.items.end() && j != b.items.end();) {
    const int c = i->compare(*j);
    if (c == 0) ++common;
    if (c <= 0) ++i;
    if (c >= 0) ++j;
  }
  const size_t all = a.items.size() + b.items.size() - common;
  const double jaccard = all == 0 ? 0 : static_cast<double>(common) / static_cast<double>(all);
  return 1.0 + jaccard;  // same type already; shared data items rank higher
}

}  // namespace

Assignment Number(const std::vector<CaseInput>& incidents, const Options& options) {
  Assignment out;
  const size_t n = incidents.size();
  std::vector<Facts> facts(n);
  std::map<std::string, int> cores, refs;
  for (size_t i = 0; i < n; ++i) {
    const CaseInput& c = incidents[i];
    Facts& f = facts[i];
    f.in = &c;
    if (c.announce_date) f.day = DayNumber(*c.announce_date);
    if (c.title_org) f.core = Core(*c.title_org);
    f.core_sig = Signature::Of(f.core);
    f.text_sig = Signature::Of(c.text);
    if (!f.core.empty())
      f.core_id = cores.emplace(f.core, static_cast<int>(cores.size())).first->second;
    if (c.source_ref)
      f.ref_id = refs.emplace(*c.source_ref, static_cast<int>(refs.size())).first->second;
    f.sort_key = DateOf(c).value_or("9999");
    f.items = c.data_items;
    std::sort(f.items.begin(), f.items.end());
    f.items.erase(std::unique(f.items.begin(), f.items.end()), f.items.end());
  }
  // Order by date (undated last), then by ingestion.
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const std::string& da = facts[a].sort_key;
    const std::string& db = facts[b].sort_key;
    return da != db ? da < db : incidents[a].id < incidents[b].id;
  });
  // Same incident: compare later neighbours of the same type within the window (a different
  // type is never the same incident unless the publisher's number says so: by_ref below).
  std::map<std::string, std::vector<size_t>> of_type;  // type -> cases in date order
  std::vector<size_t> rank_in_type(n, 0);
  for (size_t i : order) {
    auto& list = of_type[incidents[i].type.value_or("")];
    rank_in_type[i] = list.size();
    list.push_back(i);
  }
  UnionFind uf(n);
  std::map<std::string, size_t> by_ref;
  for (size_t k = 0; k < n; ++k) {
    const CaseInput& a = incidents[order[k]];
    const Facts& fa = facts[order[k]];
    const std::vector<size_t>& same_type = of_type[a.type.value_or("")];
    const size_t last =
        std::min(same_type.size(), rank_in_type[order[k]] + 1 + options.same_incident_candidates);
    for (size_t r = rank_in_type[order[k]] + 1; r < last; ++r) {
      const size_t j = same_type[r];
      const Facts& fb = facts[j];
      if (!fa.day || !fb.day || *fb.day - *fa.day > options.same_incident_days) break;
      const CaseInput& b = *fb.in;
      if (!MaybeSame(fa, fb) || uf.Find(order[k]) == uf.Find(j)) continue;
      if (auto why = SameIncidentReason(fa, fb, options)) {
        uf.Join(order[k], j);
        out.links.push_back({a.id, b.id, "same_incident", 1.0, *why});
      }
    }
    if (a.source_ref) {
      auto [it, fresh] = by_ref.emplace(*a.source_ref, order[k]);
      if (!fresh && uf.Find(it->second) != uf.Find(order[k])) {
        if (auto why = SameIncidentReason(facts[it->second], fa, options)) {
          uf.Join(it->second, order[k]);
          out.links.push_back({incidents[it->second].id, a.id, "same_incident", 1.0, *why});
        }
      }
    }
  }
  // Number the groups in date order within each year; undated cases take the year of the case
  // ingested just before them.
  std::map<size_t, std::string> group_no;
  std::map<std::string, int> next_in_year;
  std::string last_year = "0000";
  std::vector<size_t> by_id(n);
  std::iota(by_id.begin(), by_id.end(), 0);
  std::map<int64_t, std::string> year_hint;
  std::sort(by_id.begin(), by_id.end(),
            [&](size_t a, size_t b) { return incidents[a].id < incidents[b].id; });
  for (size_t i : by_id) {
    if (auto d = DateOf(incidents[i])) last_year = d->substr(0, 4);
    year_hint[incidents[i].id] = last_year;
  }
  for (size_t i : order) {
    const size_t root = uf.Find(i);
    if (!group_no.count(root)) {
      const auto d = DateOf(incidents[i]);
      const std::string year = d ? d->substr(0, 4) : year_hint[incidents[i].id];
      group_no[root] = fmt::format("{}-{:03d}", year, ++next_in_year[year]);
    }
    out.case_no[incidents[i].id] = group_no[root];
  }
  // Related: the most similar earlier incidents of the same type, other cases only.
  std::map<std::string, std::vector<size_t>> seen_by_type;
  for (size_t i : order) {
    const CaseInput& c = incidents[i];
    if (!c.type) continue;
    auto& earlier = seen_by_type[*c.type];
    std::vector<std::pair<double, size_t>> scored;
    const size_t from = earlier.size() > options.related_candidates
                            ? earlier.size() - options.related_candidates
                            : 0;
    for (size_t k = from; k < earlier.size(); ++k) {
      const size_t j = earlier[k];
      if (uf.Find(j) == uf.Find(i)) continue;
      scored.emplace_back(Similarity(facts[i], facts[j]), j);
    }
    std::stable_sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first
                                : incidents[a.second].id > incidents[b.second].id;
    });
    for (size_t k = 0; k < scored.size() && k < options.related_per_case; ++k) {
      out.links.push_back({c.id, incidents[scored[k].second].id, "related", scored[k].first,
                           "earlier " + *c.type + " incident"});
    }
    earlier.push_back(i);
  }
  return out;
}

}  // namespace jikenbo::casebook
