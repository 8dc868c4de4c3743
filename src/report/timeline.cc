#include "report/timeline.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace jikenbo::report {
namespace {

// The organisation's own reports outrank anyone else's; among equals the latest wins.
int Weight(const std::string& role) { return role == "notice" || role == "follow_up" ? 2 : 1; }

std::string Headline(const model::Incident& inc) {
  if (inc.affected.empty()) return "";
  const model::AffectedCount& c = inc.affected.front();
  const char* q = c.qualifier == model::Qualifier::kApprox ? "~"
                  : c.qualifier == model::Qualifier::kMax  ? "up to "
                  : c.qualifier == model::Qualifier::kMin  ? "at least "
                                                           : "";
  return fmt::format("{}{} {}", q, c.count, c.unit);
}

struct Ranked {
  const store::ArticleRecord* r;
  std::string role;
  std::string date;
};

std::string Cite(const Ranked& x) { return fmt::format("#{} {}", x.r->id, x.role); }

}  // namespace

std::string ReportRole(const store::ArticleRecord& r) {
  const model::Incident& inc = r.article.incident;
  if (inc.source_ref) return "blog";
  if (r.article.start_rule != "document") return "digest_item";
  if (inc.follow_up) return "follow_up";
  if (inc.title_org) return "notice";
  return "news";
}

std::string RoleLabel(const std::string& role, bool japanese) {
  static const std::map<std::string, std::pair<const char*, const char*>> kLabels = {
      {"notice", {"組織の発表", "organisation's notice"}},
      {"follow_up", {"続報", "follow-up"}},
      {"news", {"報道・第三者の報告", "news or third-party report"}},
      {"blog", {"事件簿の記事", "casebook entry"}},
      {"digest_item", {"まとめ記事の一項", "digest item"}}};
  auto it = kLabels.find(role);
  if (it == kLabels.end()) return role;
  return japanese ? it->second.first : it->second.second;
}

CaseView BuildCase(const std::vector<store::ArticleRecord>& reports, int64_t primary) {
  CaseView view;
  std::vector<Ranked> ranked;
  for (const auto& r : reports) {
    const model::Incident& inc = r.article.incident;
    ranked.push_back({&r, ReportRole(r), inc.announce_date.value_or("")});
  }
  // Date order, undated last, then ingestion order.
  std::stable_sort(ranked.begin(), ranked.end(), [](const Ranked& a, const Ranked& b) {
    const std::string da = a.date.empty() ? "9999" : a.date;
    const std::string db = b.date.empty() ? "9999" : b.date;
    return da != db ? da < db : a.r->id < b.r->id;
  });
  if (ranked.empty()) return view;
  view.case_no = ranked.front().r->article.incident.case_no.value_or("");

  // The timeline: what each report changed against what the earlier ones said.
  std::string headline, type, incident_date;
  std::set<std::string> items, authorities;
  bool cause = false, measures = false;
  for (size_t k = 0; k < ranked.size(); ++k) {
    const Ranked& x = ranked[k];
    const model::Incident& inc = x.r->article.incident;
    TimelineEntry e{x.r->id, x.date, x.role, x.r->article.title, {}};
    if (k == 0) e.changes.push_back("first report");
    if (inc.type && *inc.type != type) {
      if (!type.empty()) e.changes.push_back(fmt::format("type: {} → {}", type, *inc.type));
      type = *inc.type;
    }
    if (inc.incident_date && *inc.incident_date != incident_date) {
      e.changes.push_back(incident_date.empty() ? "incident date: " + *inc.incident_date
                                                : fmt::format("incident date: {} → {}",
                                                              incident_date, *inc.incident_date));
      incident_date = *inc.incident_date;
    }
    if (const std::string h = Headline(inc); !h.empty() && h != headline) {
      e.changes.push_back(headline.empty() ? "affected: " + h
                                           : fmt::format("affected: {} → {}", headline, h));
      headline = h;
    }
    std::vector<std::string> new_items;
    for (const std::string& i : inc.data_items) {
      if (items.insert(i).second && k > 0) new_items.push_back(i);
    }
    if (!new_items.empty()) {
      e.changes.push_back(fmt::format("new data items: {}", fmt::join(new_items, ", ")));
    }
    if (inc.cause && !cause) {
      e.changes.push_back("cause found: " + *inc.cause);
      cause = true;
    }
    if (!inc.countermeasures.empty() && !measures) {
      e.changes.push_back("countermeasures: " + inc.countermeasures.front());
      measures = true;
    }
    for (const auto& rt : inc.reported_to) {
      if (authorities.insert(rt.authority).second) {
        e.changes.push_back("reported to " + rt.authority);
      }
    }
    view.timeline.push_back(std::move(e));
  }

  // The merged fields: each from the best report that states it.
  auto best = [&](auto has) -> const Ranked* {
    const Ranked* out = nullptr;
    for (const Ranked& x : ranked) {  // in date order: a later equal-weight report wins
      if (!has(x.r->article.incident)) continue;
      if (!out || Weight(x.role) > Weight(out->role)) {
        out = &x;
      } else if (Weight(x.role) == Weight(out->role) &&
                 (x.date > out->date || (x.date == out->date && out->r->id != primary))) {
        out = &x;
      }
    }
    return out;
  };
  model::Incident& m = view.merged;
  m.kind = "incident";
  m.case_no = view.case_no;
  auto take = [&](const char* field, auto has, auto copy) {
    if (const Ranked* x = best(has)) {
      copy(x->r->article.incident);
      view.from[field] = x->r->id;
      for (const model::Doubt& d : x->r->article.incident.doubts) {
        if (d.field == field) m.doubts.push_back(d);
      }
    }
  };
  using I = model::Incident;
  take(
      "type", [](const I& i) { return i.type.has_value(); },
      [&](const I& i) { m.type = i.type, m.type_runner_up = i.type_runner_up; });
  take(
      "title_org", [](const I& i) { return i.title_org.has_value(); },
      [&](const I& i) { m.title_org = i.title_org, m.org_kind = i.org_kind; });
  take(
      "org_key", [](const I& i) { return i.org_key.has_value(); },
      [&](const I& i) { m.org_key = i.org_key; });
  take(
      "incident_date", [](const I& i) { return i.incident_date.has_value(); },
      [&](const I& i) { m.incident_date = i.incident_date; });
  take(
      "affected", [](const I& i) { return !i.affected.empty(); },
      [&](const I& i) { m.affected = i.affected; });
  take(
      "data_items", [](const I& i) { return !i.data_items.empty(); },
      [&](const I& i) { m.data_items = i.data_items; });
  take(
      "cause", [](const I& i) { return i.cause.has_value(); },
      [&](const I& i) { m.cause = i.cause; });
  take(
      "countermeasures", [](const I& i) { return !i.countermeasures.empty(); },
      [&](const I& i) { m.countermeasures = i.countermeasures; });
  take(
      "compensation_jpy_per_person",
      [](const I& i) { return i.compensation_jpy_per_person.has_value(); },
      [&](const I& i) { m.compensation_jpy_per_person = i.compensation_jpy_per_person; });
  // The case was announced when its first report was; authorities, victims and sources add up.
  for (const Ranked& x : ranked) {
    const model::Incident& inc = x.r->article.incident;
    if (!m.announce_date && inc.announce_date) {
      m.announce_date = inc.announce_date;
      view.from["announce_date"] = x.r->id;
    }
    for (const auto& rt : inc.reported_to) {
      if (std::none_of(m.reported_to.begin(), m.reported_to.end(),
                       [&](const auto& o) { return o.authority == rt.authority; })) {
        m.reported_to.push_back(rt);
        view.from.emplace("reported_to", x.r->id);
      }
    }
    for (const auto& v : inc.victim_orgs) {
      if (std::find(m.victim_orgs.begin(), m.victim_orgs.end(), v) == m.victim_orgs.end())
        m.victim_orgs.push_back(v);
    }
    for (const auto& u : inc.source_urls) {
      if (std::find(m.source_urls.begin(), m.source_urls.end(), u) == m.source_urls.end())
        m.source_urls.push_back(u);
    }
  }

  // Conflicts: reports that give different counts or incident dates; both stay in the timeline.
  auto conflict = [&](const char* field, auto value) {
    std::vector<std::pair<std::string, std::vector<std::string>>> seen;  // value -> reports
    for (const Ranked& x : ranked) {
      const std::string v = value(x.r->article.incident);
      if (v.empty()) continue;
      auto it = std::find_if(seen.begin(), seen.end(), [&](const auto& s) { return s.first == v; });
      if (it == seen.end()) {
        seen.push_back({v, {Cite(x)}});
      } else {
        it->second.push_back(Cite(x));
      }
    }
    if (seen.size() < 2) return;
    std::vector<std::string> parts;
    for (const auto& [v, who] : seen)
      parts.push_back(fmt::format("{} ({})", v, fmt::join(who, ", ")));
    const auto from = view.from.find(field);
    const Ranked* chosen = nullptr;
    for (const Ranked& x : ranked) {
      if (from != view.from.end() && x.r->id == from->second) chosen = &x;
    }
    view.conflicts.push_back(fmt::format(
        "{}: the reports say {}; the case shows {} from #{}, {}", field, fmt::join(parts, ", "),
        chosen ? value(chosen->r->article.incident) : "-", chosen ? chosen->r->id : 0,
        chosen && Weight(chosen->role) == 2 ? "the organisation's latest report"
                                            : "the latest report"));
  };
  conflict("affected", [](const I& i) { return Headline(i); });
  conflict("incident_date", [](const I& i) { return i.incident_date.value_or(""); });
  return view;
}

model::Incident MergedIncident(const CaseView& view, const store::ArticleRecord& primary) {
  const model::Incident& own = primary.article.incident;
  model::Incident m = view.merged;
  m.kind = own.kind;
  m.source_ref = own.source_ref;
  m.follow_up = own.follow_up;
  m.indicators = own.indicators;
  m.summary = own.summary;
  auto mine = [&](const std::string& field) {
    auto it = view.from.find(field);
    return it == view.from.end() || it->second == primary.id;
  };
  m.type_cues = mine("type") ? own.type_cues : std::vector<model::TypeCue>{};
  for (const model::Evidence& e : own.evidence) {
    if (mine(e.field)) m.evidence.push_back(e);
  }
  m.doubts.clear();
  for (const model::Doubt& d : own.doubts) {
    if (mine(d.field)) m.doubts.push_back(d);
  }
  for (const model::Doubt& d : view.merged.doubts) {
    if (!mine(d.field)) m.doubts.push_back(d);
  }
  return m;
}

}  // namespace jikenbo::report
