#include "report/assess.h"

#include <algorithm>
#include <cmath>

namespace jikenbo::report {
namespace {

bool Has(const model::Incident& incident, const std::string& item) {
  return std::find(incident.data_items.begin(), incident.data_items.end(), item) !=
         incident.data_items.end();
}

bool HasAll(const model::Incident& incident, const std::vector<std::string>& items) {
  return std::all_of(items.begin(), items.end(),
                     [&](const std::string& i) { return Has(incident, i); });
}

}  // namespace

std::optional<model::AffectedCount> LargestCount(const model::Incident& incident,
                                                 const std::string& unit) {
  std::optional<model::AffectedCount> best;
  for (const model::AffectedCount& c : incident.affected) {
    if (c.unit == unit && (!best || c.count > best->count)) best = c;
  }
  return best;
}

bool IsPersonalDataLeak(const model::Incident& incident) {
  return incident.kind == "incident" && !incident.data_items.empty();
}

std::optional<AppiAssessment> AssessAppi(const model::Incident& incident, const Lexicon& lexicon) {
  if (!IsPersonalDataLeak(incident)) return std::nullopt;
  AppiAssessment a;
  auto add = [&](const std::string& kind, const std::string& fact) {
    const auto name = lexicon.ground_names.find(kind);
    const std::string& n = name == lexicon.ground_names.end() ? kind : name->second;
    for (auto& g : a.grounds) {
      if (g.name == n) return g.facts.push_back(fact);
    }
    a.grounds.push_back({n, {fact}});
  };
  for (const Lexicon::Ground& g : lexicon.grounds) {
    const bool met = g.kind == "intent"
                         ? incident.type && g.keys.size() == 1 && *incident.type == g.keys[0]
                         : HasAll(incident, g.keys);
    if (met) add(g.kind, g.fact);
  }
  if (auto persons = LargestCount(incident, "persons");
      persons && persons->count > lexicon.threshold_persons) {
    add("threshold", GroupedNumber(persons->count) + "人");
  }
  a.reported_to_ppc = std::any_of(incident.reported_to.begin(), incident.reported_to.end(),
                                  [](const model::ReportedTo& r) { return r.authority == "ppc"; });
  return a;
}

std::optional<DamageEstimate> EstimateDamage(const model::Incident& incident,
                                             const Lexicon& lexicon) {
  if (!IsPersonalDataLeak(incident)) return std::nullopt;
  DamageEstimate d;
  for (const std::string& item : incident.data_items) {
    const auto it = lexicon.levels.find(item);
    if (it == lexicon.levels.end()) continue;
    d.items.push_back(item);
    d.x = std::max(d.x, it->second.first);
    d.y = std::max(d.y, it->second.second);
  }
  d.sensitivity = std::pow(10.0, d.x - 1) + std::pow(5.0, d.y - 1);
  for (const Lexicon::Identify& rule : lexicon.identify) {
    if (HasAll(incident, rule.items)) {
      d.identifiability = rule.value;
      break;
    }
  }
  const std::string kind = incident.org_kind.value_or("");
  if (auto it = lexicon.responsibility.find(kind); it != lexicon.responsibility.end()) {
    d.responsibility = it->second;
  } else if (auto def = lexicon.responsibility.find("default");
             def != lexicon.responsibility.end()) {
    d.responsibility = def->second;
  }
  d.response = lexicon.response;
  d.base_yen = lexicon.base_yen;
  d.per_person_yen =
      std::llround(d.base_yen * d.sensitivity * d.identifiability * d.responsibility * d.response);
  d.persons = LargestCount(incident, "persons");
  if (d.persons) d.total_yen = d.per_person_yen * d.persons->count;
  return d;
}

}  // namespace jikenbo::report
