// VERIS 1.4.0 incidents of cases (interchange.h). Besides the schema, the output keeps VERIS's
// own consistency rules (its checkValidity.py): malware implies "Software installation" and
// social "Alter behavior" in attribute.integrity; an error "Loss" or physical "Theft" implies
// availability "Loss"; a confirmed incident has an attribute section.
#include <map>
#include <set>

#include "report/assess.h"
#include "report/interchange.h"
#include "report/interchange_internal.h"

namespace jikenbo::report {
namespace {

using json = nlohmann::ordered_json;

// VERIS data varieties of the data items.
std::string VerisData(const std::string& item) {
  static const std::map<std::string, std::string> kVariety = {{"login_id", "Credentials"},
                                                              {"password", "Credentials"},
                                                              {"credit_card_number", "Payment"},
                                                              {"card_expiry", "Payment"},
                                                              {"card_security_code", "Payment"},
                                                              {"card_holder_name", "Payment"},
                                                              {"bank_account", "Bank"},
                                                              {"health", "Medical"},
                                                              {"other", "Other"}};
  const auto it = kVariety.find(item);
  return it == kVariety.end() ? "Personal" : it->second;
}

json VerisAction(const model::Incident& inc, const std::string& text) {
  const std::string t = inc.type.value_or("other");
  auto one = [](const char* action, const char* variety, const char* vector = "Unknown") {
    return json{{action, {{"variety", {variety}}, {"vector", {vector}}}}};
  };
  if (t == "ransomware") return one("malware", "Ransomware");
  if (t == "malware") return one("malware", "Unknown");
  if (t == "unauthorized_access" || t == "defacement" || t == "domain_hijack") {
    return one("hacking", "Unknown");
  }
  if (t == "web_skimming") {
    json a = one("malware", "Capture app data");
    a["hacking"] = {{"variety", {"Unknown"}}, {"vector", {"Web application"}}};
    return a;
  }
  if (t == "account_compromise") return one("hacking", "Use of stolen creds");
  if (t == "phishing") {
    return {
        {"social", {{"variety", {"Phishing"}}, {"vector", {"Email"}}, {"target", {"Unknown"}}}}};
  }
  if (t == "misdelivery") return one("error", "Misdelivery", "Carelessness");
  if (t == "misconfiguration") return one("error", "Misconfiguration", "Carelessness");
  if (t == "loss_theft") {  // 盗 (theft) is physical; a loss is an error
    return text.find("盗") != std::string::npos ? one("physical", "Theft")
                                                : one("error", "Loss", "Carelessness");
  }
  if (t == "insider") return one("misuse", "Privilege abuse");
  if (t == "ddos") return one("hacking", "DoS");
  if (t == "outage") return one("error", "Malfunction");
  return {{"unknown", {{"notes", "type: " + t}}}};
}

json VerisActor(const json& action) {
  if (action.contains("error") || action.contains("misuse")) {
    return {{"internal", {{"variety", {"Unknown"}}, {"motive", {"NA"}}}}};
  }
  if (action.contains("unknown")) return {{"unknown", {{"notes", "the notice names no actor"}}}};
  return {
      {"external", {{"variety", {"Unknown"}}, {"motive", {"Unknown"}}, {"country", {"Unknown"}}}}};
}

json VerisTime(const std::string& iso) {
  json t = json::object();
  if (iso.size() >= 4) t["year"] = std::stoi(iso.substr(0, 4));
  if (iso.size() >= 7) t["month"] = std::stoi(iso.substr(5, 2));
  if (iso.size() >= 10) t["day"] = std::stoi(iso.substr(8, 2));
  return t;
}

// NAICS sector of an organisation kind ("000": unknown).
std::string Industry(const std::string& org_kind) {
  static const std::map<std::string, std::string> kNaics = {{"local_government", "92"},
                                                            {"government_agency", "92"},
                                                            {"school", "61"},
                                                            {"university", "61"},
                                                            {"hospital", "62"},
                                                            {"npo", "813"},
                                                            {"media", "51"}};
  const auto it = kNaics.find(org_kind);
  return it == kNaics.end() ? "000" : it->second;
}

// The attribute section: what the action implies (VERIS's consistency rules), then what the
// notice says of data.
json VerisAttribute(const model::Incident& inc, const json& action) {
  json attribute = json::object();
  std::set<std::string> integrity, availability;
  if (action.contains("malware")) integrity.insert("Software installation");
  if (action.contains("social")) integrity.insert("Alter behavior");
  if (inc.type == "defacement") integrity.insert("Defacement");
  auto has = [&](const char* a, const char* variety) {
    if (!action.contains(a)) return false;
    for (const auto& v : action[a]["variety"]) {
      if (v == variety) return true;
    }
    return false;
  };
  if (has("error", "Loss") || has("physical", "Theft")) availability.insert("Loss");
  if (inc.type == "ransomware") availability.insert("Obscuration");
  if (inc.type == "ddos" || inc.type == "outage") availability.insert("Interruption");
  const auto persons = LargestCount(inc, "persons");
  json data = json::array();
  std::set<std::string> varieties;
  for (const std::string& item : inc.data_items) varieties.insert(VerisData(item));
  for (const std::string& v : varieties) {
    json d = {{"variety", v}};
    if (persons) d["amount"] = persons->count;
    data.push_back(std::move(d));
  }
  if (!data.empty()) {
    attribute["confidentiality"] = {
        {"data", data}, {"data_disclosure", "Unknown"}, {"state", {"Unknown"}}};
    if (persons) attribute["confidentiality"]["data_total"] = persons->count;
  }
  if (!integrity.empty()) {
    attribute["integrity"] = {
        {"variety", json(std::vector<std::string>(integrity.begin(), integrity.end()))}};
  }
  if (!availability.empty()) {
    attribute["availability"] = {
        {"variety", json(std::vector<std::string>(availability.begin(), availability.end()))}};
  }
  // A confirmed incident needs an attribute section: data of unknown disclosure at least.
  if (attribute.empty()) attribute["confidentiality"] = {{"data_disclosure", "Unknown"}};
  return attribute;
}

// VERIS asks for a summary in a few sentences: the title, then the three bullets.
std::string Summary(const CaseFile& c, const Lexicon& lexicon) {
  std::string out = c.primary.article.title;
  const std::string bullets = interchange::SummaryText(c.primary, lexicon);
  if (!bullets.empty()) out += (out.empty() ? "" : "\n") + bullets;
  return out.empty() ? "(untitled)" : out;
}

}  // namespace

json VerisIncidents(const std::vector<CaseFile>& cases, const Lexicon& lexicon) {
  json out = json::array();
  for (const CaseFile& c : cases) {
    const model::Incident& inc = c.primary.article.incident;
    if (inc.kind != "incident") continue;  // an advisory warns of attacks: no incident
    const json action = VerisAction(inc, c.primary.article.text);
    std::string reference;
    for (const auto& r : c.reports) {
      for (const std::string& u : r.article.incident.source_urls) {
        reference += (reference.empty() ? "" : "; ") + u;
      }
    }
    const std::string org = inc.title_org.value_or("");
    const std::string kind = inc.org_kind.value_or("");
    const bool japanese =
        interchange::Japanese(org) || interchange::Japanese(c.primary.article.text);
    json victim = {{"victim_id", org.empty() ? "Unknown" : org},
                   {"industry", Industry(kind)},
                   {"employee_count", "Unknown"},
                   {"country", {japanese ? "JP" : "Unknown"}},
                   {"government",
                    {kind == "local_government"    ? "Local"
                     : kind == "government_agency" ? "Federal"
                                                   : "NA"}}};
    bool from_archive = false;
    const std::string date = inc.incident_date.value_or(interchange::CaseDate(c, &from_archive));
    std::string notes;
    if (!inc.incident_date) {
      notes = from_archive ? "The notice states no date: timeline.incident is the day it was "
                             "archived."
                           : "The notice states no incident date: timeline.incident is the day "
                             "it was announced.";
    }
    json incident = {
        {"schema_version", "1.4.0"},
        {"incident_id", NameUuid("veris " + interchange::CaseKey(c))},
        {"source_id", "jikenbo"},
        {"security_incident", inc.type == "outage" ? "Suspected" : "Confirmed"},
        {"confidence", model::ConfidenceOf(inc, "kind").low || model::ConfidenceOf(inc, "type").low
                           ? "Low"
                           : "High"},
        {"summary", Summary(c, lexicon)},
        {"reference", reference},
        {"timeline", {{"incident", VerisTime(date)}}},
        {"victim", victim},
        {"action", action},
        {"actor", VerisActor(action)},
        {"asset", {{"assets", {{{"variety", "Unknown"}}}}, {"cloud", {"Unknown"}}}},
        {"attribute", VerisAttribute(inc, action)},
        {"discovery_method", {{"unknown", true}}},
        {"impact", {{"overall_rating", "Unknown"}}},
        {"targeted", "Unknown"},
        {"notes", notes},
        {"plus",
         {{"analysis_status", "Automated"},
          {"master_id", NameUuid("veris master " + interchange::CaseKey(c))},
          {"jikenbo_case_no", inc.case_no.value_or("")}}}};
    if (reference.empty()) incident.erase("reference");
    if (notes.empty()) incident.erase("notes");
    if (inc.announce_date) {
      incident["plus"]["timeline"] = {{"notification", VerisTime(*inc.announce_date)}};
    }
    out.push_back(std::move(incident));
  }
  return out;
}

}  // namespace jikenbo::report
