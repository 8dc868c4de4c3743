#include "model/incident.h"

namespace jikenbo::model {

const char* QualifierName(Qualifier q) {
  switch (q) {
    case Qualifier::kExact:
      return "exact";
    case Qualifier::kMax:
      return "max";
    case Qualifier::kApprox:
      return "approx";
    case Qualifier::kMin:
      return "min";
  }
  return "exact";
}

FieldConfidence ConfidenceOf(const Incident& inc, std::string_view field) {
  for (const auto& d : inc.doubts) {
    if (d.field == field) return {true, d.reason};
  }
  return {};
}

void AddDoubt(Incident* inc, std::string field, std::string reason) {
  for (const auto& d : inc->doubts) {
    if (d.field == field) return;
  }
  inc->doubts.push_back({std::move(field), std::move(reason)});
}

const std::vector<std::string>& ConfidenceFields() {
  static const std::vector<std::string> fields = {
      "kind",     "type",       "title_org",   "announce_date", "incident_date",
      "affected", "data_items", "reported_to", "cause",         "countermeasures"};
  return fields;
}

}  // namespace jikenbo::model
