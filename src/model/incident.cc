#include "model/incident.h"

#include "base/utf8.h"

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

std::string OrgKeyOfCore(std::string core) {
  for (std::string_view form : {"(株)", "(有)", "(同)", "(一社)", "(一財)", "(公財)", "(社福)"}) {
    if (core.rfind(form, 0) == 0) core.erase(0, form.size());
    if (core.size() > form.size() &&
        core.compare(core.size() - form.size(), form.size(), form) == 0) {
      core.erase(core.size() - form.size());
    }
  }
  // 「青森・架空町」, 「機構・架空病院」: the name after its qualifier.
  if (const size_t dot = core.rfind("・"); dot != std::string::npos && core.size() - dot > 9) {
    core.erase(0, dot + 3);
  }
  // English legal forms end a name as words: "Kaku Seiki Co., Ltd.", "Northgate, Inc." (a
  // word, so that "Costco" keeps its "co").
  std::string lower;
  for (size_t i = 0; i < core.size();) {
    const utf8::Decoded d = utf8::Next(core, i);
    if (d.cp == 0x3000 || d.cp == '\t') {
      lower += ' ';
    } else {
      for (size_t k = 0; k < d.len; ++k) {
        const char c = core[i + k];
        lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
    }
    i += d.len;
  }
  for (bool changed = true; changed;) {
    changed = false;
    while (!lower.empty() && (lower.back() == ' ' || lower.back() == ',' || lower.back() == '.')) {
      lower.pop_back();
    }
    for (std::string_view form : {"co", "ltd", "inc", "corp", "corporation", "llc", "plc"}) {
      const size_t at = lower.size() - std::min(lower.size(), form.size());
      if (lower.size() > form.size() + 1 && lower.compare(at, form.size(), form) == 0 &&
          (lower[at - 1] == ' ' || lower[at - 1] == ',' || lower[at - 1] == '.')) {
        lower.erase(at);
        changed = true;
        break;
      }
    }
  }
  std::string key;
  for (char c : lower) {
    if (c != ' ') key += c;
  }
  return key;
}

}  // namespace jikenbo::model
