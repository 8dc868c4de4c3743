#include "casebook/casebook.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <map>
#include <numeric>
#include <set>
#include <string_view>

#include "casebook/same_incident.h"
#include "casebook/signals.h"
#include "model/incident.h"

namespace jikenbo::casebook {
namespace {

using signals::CountTokens;
using signals::DayNumber;
using signals::IsoOfDay;
using signals::Signature;
using signals::Sketch;
using signals::TitlePairs;

struct UnionFind {
  std::vector<size_t> parent;
  explicit UnionFind(size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  size_t Find(size_t x) { return parent[x] == x ? x : parent[x] = Find(parent[x]); }
  void Join(size_t a, size_t b) { parent[Find(a)] = Find(b); }
};

// YYYY-NNN as (year, number) for ordering; unparsable numbers sort last.
std::pair<int, int> NumberOrder(const std::string& no) {
  if (no.size() < 6 || no[4] != '-') return {9999, 1 << 30};
  return {std::atoi(no.substr(0, 4).c_str()), std::atoi(no.substr(5).c_str())};
}

}  // namespace

std::string FallbackOrgKey(std::string name) {
  return model::OrgKeyOfCore(NameCore(std::move(name)));
}

bool CompatibleTypes(const std::optional<std::string>& earlier,
                     const std::optional<std::string>& later) {
  if (!earlier || !later || *earlier == *later) return true;
  // A first report often knows only that someone got in, or that something failed; the
  // follow-up names how. Malware and ransomware are told apart late too.
  static const std::set<std::string> kVague = {"unauthorized_access", "other", "outage"};
  if (kVague.count(*earlier) || kVague.count(*later)) return true;
  static const std::set<std::pair<std::string, std::string>> kSharpen = {
      {"malware", "ransomware"},
      {"ransomware", "malware"},
      {"account_compromise", "phishing"},
      {"phishing", "account_compromise"},
      {"misconfiguration", "web_skimming"}};
  return kSharpen.count({*earlier, *later}) > 0;
}

Probe ProbeFor(const std::vector<CaseInput>& fresh, const Options& options) {
  Probe p;
  p.days = std::max(options.same_incident_days, 0);
  p.related = options.related_candidates;
  std::map<std::string, std::vector<std::pair<int, int>>> spans;  // type -> day ranges
  for (const CaseInput& c : fresh) {
    if (!c.org_key.empty()) {
      p.org_keys.insert(c.org_key);
      if (std::string u = UniversityForm(c.org_key); !u.empty()) p.org_keys.insert(std::move(u));
      if (std::string m = MunicipalBody(c.org_key); !m.empty()) p.org_keys.insert(std::move(m));
    }
    for (const std::string& k : c.org_aliases) p.org_keys.insert(k);
    for (const std::string& v : c.victim_orgs) {
      if (std::string k = FallbackOrgKey(v); !k.empty()) p.org_keys.insert(std::move(k));
    }
    if (c.source_ref) p.source_refs.insert(*c.source_ref);
    if (c.doc_url) p.urls.insert(*c.doc_url);
    for (const std::string& u : c.source_urls) p.urls.insert(u);
    if (c.announce_date && c.announce_date->size() == 10) {
      const int d = DayNumber(*c.announce_date);
      spans[c.type.value_or("")].emplace_back(d - p.days, d + p.days);
    }
  }
  for (auto& [type, list] : spans) {
    std::sort(list.begin(), list.end());
    std::vector<std::pair<int, int>> merged;
    for (const auto& r : list) {
      if (!merged.empty() && r.first <= merged.back().second + 1) {
        merged.back().second = std::max(merged.back().second, r.second);
      } else {
        merged.push_back(r);
      }
    }
    for (const auto& [from, to] : merged) {
      p.windows.push_back({type, IsoOfDay(from), IsoOfDay(to)});
    }
  }
  return p;
}

Assignment Assign(const std::vector<CaseInput>& known, const std::vector<CaseInput>& fresh,
                  std::map<std::string, int64_t> counters, const Options& options) {
  Assignment out;
  std::vector<const CaseInput*> all;
  for (const CaseInput& c : known) all.push_back(&c);
  for (const CaseInput& c : fresh) all.push_back(&c);
  const size_t n = all.size();
  std::vector<Facts> facts(n);
  for (size_t i = 0; i < n; ++i) {
    const CaseInput& c = *all[i];
    Facts& f = facts[i];
    f.in = &c;
    f.fresh = i >= known.size();
    if (c.announce_date) f.day = DayNumber(*c.announce_date);
    if (c.incident_date && c.incident_date->size() == 10) {
      f.incident_day = DayNumber(*c.incident_date);
    }
    f.key = !c.org_key.empty() ? c.org_key : c.title_org ? FallbackOrgKey(*c.title_org) : "";
    auto add_key = [&f](std::string k) {
      if (!k.empty() && std::find(f.keys.begin(), f.keys.end(), k) == f.keys.end())
        f.keys.push_back(std::move(k));
    };
    add_key(f.key);
    if (std::string u = UniversityForm(f.key); u.size() > f.key.size()) {
      add_key(std::move(u));  // 架空大 is 架空大学
    }
    add_key(MunicipalBody(f.key));  // 架空市立病院 is 架空市's
    for (const std::string& k : c.org_aliases) add_key(k);
    for (const std::string& v : c.victim_orgs) add_key(FallbackOrgKey(v));
    f.when = f.day ? f.day : f.incident_day;
    if (c.title_org) f.name_core = NameCore(*c.title_org);
    f.key_sig = Signature::Of(f.name_core);
    f.sort_key = DateOf(c).value_or("9999");
    f.items = c.data_items;
    std::sort(f.items.begin(), f.items.end());
    f.items.erase(std::unique(f.items.begin(), f.items.end()), f.items.end());
    f.text_sig = Signature::Of(c.text);
    f.sketch = Sketch(c.text);
    f.counts = CountTokens(c.text);
    f.title_pairs = TitlePairs(c.title);
  }
  const Decider decide(facts, options);
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return decide.Before(a, b); });
  std::vector<size_t> rank(n);
  for (size_t k = 0; k < n; ++k) rank[order[k]] = k;

  UnionFind uf(n);
  std::map<size_t, std::string> number_of_root;    // groups that hold a numbered report
  std::map<size_t, std::pair<int, int>> day_span;  // root -> first and last announcement day
  {                                                // reports already numbered alike are one case
    std::map<std::string, size_t> first;
    for (size_t i = 0; i < known.size(); ++i) {
      if (!all[i]->case_no) continue;
      auto [it, fresh_no] = first.emplace(*all[i]->case_no, i);
      if (!fresh_no) uf.Join(i, it->second);
    }
    for (size_t i = 0; i < known.size(); ++i) {
      if (all[i]->case_no) number_of_root[uf.Find(i)] = *all[i]->case_no;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (!facts[i].day) continue;
    auto [it, fresh_span] =
        day_span.emplace(uf.Find(i), std::make_pair(*facts[i].day, *facts[i].day));
    if (!fresh_span) {
      it->second.first = std::min(it->second.first, *facts[i].day);
      it->second.second = std::max(it->second.second, *facts[i].day);
    }
  }
  // Candidates of each fresh report: the same organisation, publisher number or URL, and the
  // neighbours of its type in date order (bounded on either side).
  std::map<std::string, std::vector<size_t>> of_type, by_key, by_ref, by_url;
  for (size_t i : order) {
    const CaseInput& c = *all[i];
    of_type[c.type.value_or("")].push_back(i);
    for (const std::string& k : facts[i].keys) by_key[k].push_back(i);
    if (c.source_ref) by_ref[*c.source_ref].push_back(i);
    if (c.doc_url) by_url[*c.doc_url].push_back(i);
    for (const std::string& u : c.source_urls) by_url[u].push_back(i);
  }
  std::vector<size_t> rank_in_type(n);
  for (auto& [type, list] : of_type) {
    for (size_t r = 0; r < list.size(); ++r) rank_in_type[list[r]] = r;
  }
  std::set<std::pair<size_t, size_t>> tried;
  for (size_t i : order) {
    if (!facts[i].fresh) continue;
    const CaseInput& c = *all[i];
    std::vector<size_t> cand;
    auto take = [&](const std::map<std::string, std::vector<size_t>>& index,
                    const std::string& key) {
      auto it = index.find(key);
      if (it != index.end()) cand.insert(cand.end(), it->second.begin(), it->second.end());
    };
    // The organisation's reports nearest in date on either side (bounded: an organisation with
    // thousands of reports costs no more than one with a hundred).
    for (const std::string& k : facts[i].keys) {
      auto it = by_key.find(k);
      if (it == by_key.end()) continue;
      const std::vector<size_t>& list = it->second;
      const auto at = std::lower_bound(list.begin(), list.end(), i,
                                       [&](size_t a, size_t b) { return rank[a] < rank[b]; });
      const size_t pos = static_cast<size_t>(at - list.begin());
      const size_t from = pos > options.same_organisation_candidates
                              ? pos - options.same_organisation_candidates
                              : 0;
      const size_t to = std::min(list.size(), pos + options.same_organisation_candidates + 1);
      cand.insert(cand.end(), list.begin() + static_cast<std::ptrdiff_t>(from),
                  list.begin() + static_cast<std::ptrdiff_t>(to));
    }
    if (c.source_ref) take(by_ref, *c.source_ref);
    if (c.doc_url) take(by_url, *c.doc_url);
    for (const std::string& u : c.source_urls) take(by_url, u);
    const std::vector<size_t>& same_type = of_type[c.type.value_or("")];
    const size_t r0 = rank_in_type[i];
    for (size_t r = r0 + 1; r < same_type.size() && r <= r0 + options.same_incident_candidates;
         ++r) {
      const Facts& f = facts[same_type[r]];
      if (!facts[i].day || !f.day || *f.day - *facts[i].day > options.same_incident_days) break;
      cand.push_back(same_type[r]);
    }
    for (size_t r = r0; r-- > 0 && r0 - r <= options.same_incident_candidates;) {
      const Facts& f = facts[same_type[r]];
      if (!facts[i].day || !f.day || *facts[i].day - *f.day > options.same_incident_days) break;
      cand.push_back(same_type[r]);
    }
    std::sort(cand.begin(), cand.end(), [&](size_t a, size_t b) { return rank[a] < rank[b]; });
    cand.erase(std::unique(cand.begin(), cand.end()), cand.end());
    for (size_t j : cand) {
      if (j == i) continue;
      const size_t e = rank[j] < rank[i] ? j : i;
      const size_t l = e == j ? i : j;
      if (!tried.emplace(e, l).second || uf.Find(e) == uf.Find(l)) continue;
      int span = 0;
      {
        const auto ge = day_span.find(uf.Find(e)), gl = day_span.find(uf.Find(l));
        if (ge != day_span.end() && gl != day_span.end()) {
          span = std::max(ge->second.second, gl->second.second) -
                 std::min(ge->second.first, gl->second.first);
        }
      }
      if (auto why = decide.SameIncident(e, l, span)) {
        // Two numbered cases are merged only by an analyst (`case merge`): a report that links
        // both joins the one it met first and flags the other as possibly the same incident.
        const auto ne = number_of_root.find(uf.Find(e));
        const auto nl = number_of_root.find(uf.Find(l));
        if (ne != number_of_root.end() && nl != number_of_root.end() && ne->second != nl->second) {
          out.links.push_back({all[e]->id, all[l]->id, "possible_same", 0.5,
                               *why + " (cases " + ne->second + " and " + nl->second +
                                   ": jikenbo case merge decides)"});
          continue;
        }
        std::optional<std::string> no;
        if (ne != number_of_root.end()) no = ne->second;
        if (nl != number_of_root.end()) no = nl->second;
        number_of_root.erase(uf.Find(e));
        number_of_root.erase(uf.Find(l));
        std::optional<std::pair<int, int>> joined;
        for (size_t x : {uf.Find(e), uf.Find(l)}) {
          auto it = day_span.find(x);
          if (it == day_span.end()) continue;
          joined = joined ? std::make_pair(std::min(joined->first, it->second.first),
                                           std::max(joined->second, it->second.second))
                          : it->second;
          day_span.erase(it);
        }
        uf.Join(e, l);
        if (joined) day_span[uf.Find(l)] = *joined;
        if (no) number_of_root[uf.Find(l)] = *no;
        out.links.push_back({all[e]->id, all[l]->id, "same_incident", 1.0, *why});
      }
    }
  }
  // Numbers: a case with a numbered report keeps its number; a new case takes the next number
  // of its year, in date order.
  std::map<size_t, std::vector<size_t>> groups;  // root -> members in date order
  for (size_t i : order) groups[uf.Find(i)].push_back(i);
  std::vector<size_t> new_roots;
  for (auto& [root, members] : groups) {
    std::optional<std::string> best;
    for (size_t m : members) {
      const auto& no = all[m]->case_no;
      if (no && (!best || NumberOrder(*no) < NumberOrder(*best))) best = no;
    }
    if (!best) {
      new_roots.push_back(root);
      continue;
    }
    for (size_t m : members) {
      if (!all[m]->case_no) out.case_no[all[m]->id] = *best;
    }
  }
  std::stable_sort(new_roots.begin(), new_roots.end(), [&](size_t a, size_t b) {
    return rank[groups[a].front()] < rank[groups[b].front()];
  });
  // Undated cases take the year of the dated report ingested just before them.
  std::string last_year = "0000";
  for (const auto& [year, count] : counters) {
    if (count > 0) last_year = std::max(last_year, year);
  }
  std::vector<size_t> by_id(n);
  std::iota(by_id.begin(), by_id.end(), 0);
  std::sort(by_id.begin(), by_id.end(),
            [&](size_t a, size_t b) { return all[a]->id < all[b]->id; });
  std::map<size_t, std::string> year_hint;
  for (size_t i : by_id) {
    if (auto d = DateOf(*all[i])) last_year = d->substr(0, 4);
    year_hint[i] = last_year;
  }
  for (size_t root : new_roots) {
    const size_t first = groups[root].front();
    const auto d = DateOf(*all[first]);
    const std::string year = d ? d->substr(0, 4) : year_hint[first];
    const std::string no = fmt::format("{}-{:03d}", year, ++counters[year]);
    for (size_t m : groups[root]) out.case_no[all[m]->id] = no;
  }
  // Related: the most similar earlier incidents of the same type, other cases only, for the
  // fresh reports.
  for (size_t i : order) {
    const CaseInput& c = *all[i];
    if (!facts[i].fresh || !c.type) continue;
    const std::vector<size_t>& same_type = of_type[*c.type];
    std::vector<std::pair<double, size_t>> scored;
    const size_t r0 = rank_in_type[i];
    const size_t from = r0 > options.related_candidates ? r0 - options.related_candidates : 0;
    for (size_t r = from; r < r0; ++r) {
      const size_t j = same_type[r];
      if (uf.Find(j) == uf.Find(i)) continue;
      scored.emplace_back(Similarity(facts[i], facts[j]), j);
    }
    std::stable_sort(scored.begin(), scored.end(), [&](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : all[a.second]->id > all[b.second]->id;
    });
    for (size_t k = 0; k < scored.size() && k < options.related_per_case; ++k) {
      out.links.push_back({c.id, all[scored[k].second]->id, "related", scored[k].first,
                           "earlier " + *c.type + " incident"});
    }
  }
  out.counters = std::move(counters);
  return out;
}

Assignment Number(const std::vector<CaseInput>& incidents, const Options& options) {
  return Assign({}, incidents, {}, options);
}

}  // namespace jikenbo::casebook
