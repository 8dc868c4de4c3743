// Judgements the digest's 所感 states for a personal-data leak, each with the facts it rests on:
// whether the duty to report to the PPC may apply (APPI), and the compensation exposure by
// JNSA's damage-estimation model (docs/damage-model.md). Pure functions of the extracted fields.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/incident.h"
#include "report/lexicon.h"

namespace jikenbo::report {

// The largest count of a unit among the incident's affected counts, if any.
std::optional<model::AffectedCount> LargestCount(const model::Incident& incident,
                                                 const std::string& unit);

// Is this a leak of personal data (an incident naming leaked data items)?
bool IsPersonalDataLeak(const model::Incident& incident);

struct AppiAssessment {
  struct Ground {
    std::string name;                // 財産的被害が生じるおそれ ...
    std::vector<std::string> facts;  // クレジットカード番号, 5,000人 ...
  };
  std::vector<Ground> grounds;   // the grounds the facts meet, in the order of appi.rules
  bool reported_to_ppc = false;  // the notice says it was reported
};

// nullopt when the incident is no personal-data leak.
std::optional<AppiAssessment> AssessAppi(const model::Incident& incident, const Lexicon& lexicon);

struct DamageEstimate {
  int x = 1;                       // highest mental-distress level of the leaked items
  int y = 1;                       // highest economic-loss level
  std::vector<std::string> items;  // the leaked items the levels come from
  double sensitivity = 0;          // 10^(x-1) + 5^(y-1)
  int identifiability = 1;
  int responsibility = 1;
  int response = 1;
  double base_yen = 500;
  int64_t per_person_yen = 0;  // base x sensitivity x identifiability x responsibility x response
  std::optional<model::AffectedCount> persons;  // affected persons, when stated
  std::optional<int64_t> total_yen;             // per person x persons
};

// nullopt when the incident is no personal-data leak.
std::optional<DamageEstimate> EstimateDamage(const model::Incident& incident,
                                             const Lexicon& lexicon);

}  // namespace jikenbo::report
