#include "model/edit.h"

#include <algorithm>
#include <charconv>

#include "model/vocabulary.h"

namespace jikenbo::model {
namespace {

bool IsList(std::string_view field) {
  return field == "data_items" || field == "reported_to" || field == "countermeasures" ||
         field == "victim_orgs";
}

bool Known(const std::vector<std::string>& vocabulary, const std::string& v) {
  return std::find(vocabulary.begin(), vocabulary.end(), v) != vocabulary.end();
}

std::string Listed(const std::vector<std::string>& vocabulary) {
  std::string out;
  for (const auto& v : vocabulary) out += (out.empty() ? "" : ", ") + v;
  return out;
}

// YYYY-MM-DD or YYYY-MM with a real month and day.
bool IsDate(const std::string& s) {
  if (s.size() != 7 && s.size() != 10) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    const bool dash = i == 4 || i == 7;
    if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9')) return false;
  }
  const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2));
  if (m < 1 || m > 12) return false;
  if (s.size() == 7) return true;
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int d = std::stoi(s.substr(8, 2));
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d >= 1 && d <= (m == 2 && !leap ? 28 : kDays[m - 1]);
}

Status Bad(const Edit& e, const std::string& why) {
  return Status::InvalidInput(why,
                              e.field + (e.op == '=' ? "=" : std::string(1, e.op) + "=") + e.value);
}

// "612 persons", "約500 persons" (approx), "up to 40 records", "612".
Result<AffectedCount> ParseCount(const Edit& e) {
  std::string v = e.value;
  AffectedCount c;
  for (const auto& [prefix, q] :
       std::vector<std::pair<std::string, Qualifier>>{{"~", Qualifier::kApprox},
                                                      {"約", Qualifier::kApprox},
                                                      {"up to ", Qualifier::kMax},
                                                      {"最大", Qualifier::kMax},
                                                      {"at least ", Qualifier::kMin}}) {
    if (v.rfind(prefix, 0) == 0) {
      v.erase(0, prefix.size());
      c.qualifier = q;
    }
  }
  const char* end = v.data() + v.size();
  auto [p, ec] = std::from_chars(v.data(), end, c.count);
  if (ec != std::errc() || c.count < 0) return Bad(e, "not a count (e.g. 612 persons)");
  std::string unit(p, end);
  while (!unit.empty() && unit.front() == ' ') unit.erase(0, 1);
  c.unit = unit.empty() ? "persons" : unit;
  static const std::vector<std::string> kUnits = {"persons", "records",   "cards",
                                                  "emails",  "companies", "files"};
  if (!Known(kUnits, c.unit)) return Bad(e, "unknown unit (one of " + Listed(kUnits) + ")");
  return c;
}

Status ApplyOne(const Edit& e, Incident* inc) {
  const std::string& v = e.value;
  if (!IsList(e.field) && e.op != '=') return Bad(e, "a single value: use " + e.field + "=VALUE");
  auto set_opt = [&](std::optional<std::string>* slot) {
    if (v.empty()) {
      slot->reset();
    } else {
      *slot = v;
    }
  };
  auto in_vocabulary = [&](const std::vector<std::string>& vocabulary) -> Status {
    if (v.empty() || Known(vocabulary, v)) return Status::Ok();
    return Bad(e, "unknown value (one of " + Listed(vocabulary) + ")");
  };
  auto edit_list = [&](std::vector<std::string>* list) {
    if (e.op == '=') {
      list->clear();
      if (!v.empty()) list->push_back(v);
    } else if (e.op == '+') {
      if (std::find(list->begin(), list->end(), v) == list->end()) list->push_back(v);
    } else {
      std::erase(*list, v);
    }
  };
  if (e.field == "kind") {
    if (v.empty() || !Known(ArticleKinds(), v)) {
      return Bad(e, "unknown kind (one of " + Listed(ArticleKinds()) + ")");
    }
    inc->kind = v;
  } else if (e.field == "type") {
    JK_RETURN_IF_ERROR(in_vocabulary(IncidentTypes()));
    set_opt(&inc->type);
    inc->type_runner_up.reset();
  } else if (e.field == "org_kind") {
    JK_RETURN_IF_ERROR(in_vocabulary(OrgKinds()));
    set_opt(&inc->org_kind);
  } else if (e.field == "title_org" || e.field == "cause") {
    set_opt(e.field == "title_org" ? &inc->title_org : &inc->cause);
  } else if (e.field == "announce_date" || e.field == "incident_date") {
    if (!v.empty() && !IsDate(v)) return Bad(e, "not a date (YYYY-MM-DD or YYYY-MM)");
    set_opt(e.field == "announce_date" ? &inc->announce_date : &inc->incident_date);
  } else if (e.field == "affected") {
    if (v.empty()) {
      inc->affected.clear();
    } else {
      JK_ASSIGN_OR_RETURN(AffectedCount c, ParseCount(e));
      inc->affected.clear();  // the headline count; others were the analysis' guesses
      inc->affected.push_back(c);
    }
  } else if (e.field == "compensation_jpy_per_person") {
    if (v.empty()) {
      inc->compensation_jpy_per_person.reset();
    } else {
      int64_t yen = 0;
      auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), yen);
      if (ec != std::errc() || p != v.data() + v.size() || yen < 0) {
        return Bad(e, "not an amount in yen");
      }
      inc->compensation_jpy_per_person = yen;
    }
  } else if (e.field == "data_items") {
    if (e.op != '=' || !v.empty()) JK_RETURN_IF_ERROR(in_vocabulary(DataItems()));
    edit_list(&inc->data_items);
  } else if (e.field == "reported_to") {
    if (!v.empty() && !Known(Authorities(), v)) {
      return Bad(e, "unknown authority (one of " + Listed(Authorities()) + ")");
    }
    if (e.op == '=') inc->reported_to.clear();
    if (e.op == '-') {
      std::erase_if(inc->reported_to, [&](const ReportedTo& r) { return r.authority == v; });
    } else if (!v.empty() && std::none_of(inc->reported_to.begin(), inc->reported_to.end(),
                                          [&](const ReportedTo& r) { return r.authority == v; })) {
      inc->reported_to.push_back({v, std::nullopt, {}});
    }
  } else if (e.field == "countermeasures") {
    edit_list(&inc->countermeasures);
  } else if (e.field == "victim_orgs") {
    edit_list(&inc->victim_orgs);
  } else {
    return Bad(e, "unknown field (one of " + Listed(EditableFields()) + ")");
  }
  // The analyst vouches for the field: the analysis' evidence and doubts for it go.
  std::erase_if(inc->evidence, [&](const Evidence& x) { return x.field == e.field; });
  std::erase_if(inc->doubts, [&](const Doubt& d) { return d.field == e.field; });
  if (e.field == "type") inc->type_cues.clear();
  return Status::Ok();
}

}  // namespace

const std::vector<std::string>& EditableFields() {
  static const std::vector<std::string> kFields = {"kind",
                                                   "type",
                                                   "title_org",
                                                   "org_kind",
                                                   "announce_date",
                                                   "incident_date",
                                                   "affected",
                                                   "data_items",
                                                   "reported_to",
                                                   "cause",
                                                   "countermeasures",
                                                   "victim_orgs",
                                                   "compensation_jpy_per_person"};
  return kFields;
}

Result<Edit> ParseEdit(std::string_view spec) {
  const size_t eq = spec.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    return Status::InvalidInput("an edit is FIELD=VALUE, FIELD+=VALUE or FIELD-=VALUE",
                                std::string(spec));
  }
  Edit e;
  e.field = std::string(spec.substr(0, eq));
  if (e.field.back() == '+' || e.field.back() == '-') {
    e.op = e.field.back();
    e.field.pop_back();
  }
  e.value = std::string(spec.substr(eq + 1));
  if (e.op != '=' && e.value.empty()) {
    return Status::InvalidInput("nothing to add or remove", std::string(spec));
  }
  return e;
}

Status ApplyEdits(const std::vector<Edit>& edits, Incident* inc) {
  Incident copy = *inc;
  for (const Edit& e : edits) JK_RETURN_IF_ERROR(ApplyOne(e, &copy));
  *inc = std::move(copy);
  return Status::Ok();
}

std::string FieldText(const Incident& inc, std::string_view field) {
  auto opt = [](const std::optional<std::string>& v) { return v.value_or("-"); };
  auto list = [](const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out.empty() ? std::string("-") : out;
  };
  if (field == "kind") return opt(inc.kind);
  if (field == "type") return opt(inc.type);
  if (field == "title_org") return opt(inc.title_org);
  if (field == "org_kind") return opt(inc.org_kind);
  if (field == "announce_date") return opt(inc.announce_date);
  if (field == "incident_date") return opt(inc.incident_date);
  if (field == "cause") return opt(inc.cause);
  if (field == "affected") {
    if (inc.affected.empty()) return "-";
    const AffectedCount& c = inc.affected.front();
    return std::to_string(c.count) + " " + c.unit;
  }
  if (field == "compensation_jpy_per_person") {
    return inc.compensation_jpy_per_person ? std::to_string(*inc.compensation_jpy_per_person) : "-";
  }
  if (field == "data_items") return list(inc.data_items);
  if (field == "countermeasures") return list(inc.countermeasures);
  if (field == "victim_orgs") return list(inc.victim_orgs);
  if (field == "reported_to") {
    std::vector<std::string> a;
    for (const auto& r : inc.reported_to) a.push_back(r.authority);
    return list(a);
  }
  return "-";
}

}  // namespace jikenbo::model
