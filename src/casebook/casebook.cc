#include "casebook/casebook.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <set>

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

std::optional<std::string> SameIncidentReason(const CaseInput& a, const CaseInput& b,
                                              const Options& options) {
  if (a.source_ref && b.source_ref && *a.source_ref == *b.source_ref) {
    return "the publisher numbered both #" + *a.source_ref;
  }
  if (!a.type || !b.type || *a.type != *b.type || !a.title_org || !b.title_org) return std::nullopt;
  if (!a.announce_date || !b.announce_date) return std::nullopt;
  const int days = std::abs(DayNumber(*a.announce_date) - DayNumber(*b.announce_date));
  if (days > options.same_incident_days) return std::nullopt;
  const std::string ca = Core(*a.title_org), cb = Core(*b.title_org);
  if (ca.empty() || cb.empty() || ca == cb) return std::nullopt;
  if (b.text.find(ca) == std::string::npos || a.text.find(cb) == std::string::npos) {
    return std::nullopt;
  }
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

double Similarity(const CaseInput& a, const CaseInput& b) {
  std::set<std::string> items(a.data_items.begin(), a.data_items.end());
  size_t common = 0;
  for (const auto& d : b.data_items) common += items.count(d);
  const size_t all = items.size() + b.data_items.size() - common;
  const double jaccard = all == 0 ? 0 : static_cast<double>(common) / static_cast<double>(all);
  return 1.0 + jaccard;  // same type already; shared data items rank higher
}

}  // namespace

Assignment Number(const std::vector<CaseInput>& incidents, const Options& options) {
  Assignment out;
  const size_t n = incidents.size();
  // Order by date (undated last), then by ingestion.
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  auto date_key = [&](size_t i) { return DateOf(incidents[i]).value_or("9999"); };
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const std::string da = date_key(a), db = date_key(b);
    return da != db ? da < db : incidents[a].id < incidents[b].id;
  });
  // Same incident: compare neighbours within the window (and any two with one source_ref).
  UnionFind uf(n);
  std::map<std::string, size_t> by_ref;
  for (size_t k = 0; k < n; ++k) {
    const CaseInput& a = incidents[order[k]];
    for (size_t j = k + 1; j < n; ++j) {
      const CaseInput& b = incidents[order[j]];
      if (a.announce_date && b.announce_date &&
          DayNumber(*b.announce_date) - DayNumber(*a.announce_date) > options.same_incident_days) {
        break;
      }
      if (!a.announce_date || !b.announce_date) break;
      if (auto why = SameIncidentReason(a, b, options)) {
        uf.Join(order[k], order[j]);
        out.links.push_back({a.id, b.id, "same_incident", 1.0, *why});
      }
    }
    if (a.source_ref) {
      auto [it, fresh] = by_ref.emplace(*a.source_ref, order[k]);
      if (!fresh && uf.Find(it->second) != uf.Find(order[k])) {
        uf.Join(it->second, order[k]);
        out.links.push_back({incidents[it->second].id, a.id, "same_incident", 1.0,
                             *SameIncidentReason(incidents[it->second], a, options)});
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
      scored.emplace_back(Similarity(c, incidents[j]), j);
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
