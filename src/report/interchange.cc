#include "report/interchange.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

#include "base/sha256.h"
#include "report/assess.h"

namespace jikenbo::report {
namespace {

using json = nlohmann::ordered_json;

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string JoinSemi(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ";") + s;
  return out;
}

std::string StixString(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

json Common(const std::string& type, const std::string& id, const std::string& time) {
  return {{"type", type},
          {"spec_version", "2.1"},
          {"id", type + "--" + id},
          {"created", time},
          {"modified", time}};
}

std::string Org(const CaseFile& c) { return c.primary.article.incident.title_org.value_or(""); }

std::string CaseKey(const CaseFile& c) {
  const auto& inc = c.primary.article.incident;
  return inc.case_no
             ? "case " + *inc.case_no
             : "article " + c.primary.doc_sha256 + " " + std::to_string(c.primary.article.ordinal);
}

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
  auto one = [](const char* action, const char* variety) {
    return json{{action, {{"variety", {variety}}, {"vector", {"Unknown"}}}}};
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
  if (t == "misdelivery") return one("error", "Misdelivery");
  if (t == "misconfiguration") return one("error", "Misconfiguration");
  if (t == "loss_theft") {  // 盗 (theft) is physical; a loss is an error
    return text.find("盗") != std::string::npos ? one("physical", "Theft") : one("error", "Loss");
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
  if (action.contains("unknown")) return {{"unknown", {{"notes", ""}}}};
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

}  // namespace

std::string NameUuid(const std::string& text) {
  std::string h = Sha256Hex("jikenbo:" + text).substr(0, 32);
  h[12] = '5';
  h[16] = "89ab"[(h[16] - '0') & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string UnmaskedPrefix(const std::string& value) {
  const size_t mask = value.find("…");
  return mask == std::string::npos ? value : value.substr(0, value.rfind('/', mask) + 1);
}

std::optional<std::string> StixPattern(const std::string& type, const std::string& value) {
  static const std::map<std::string, std::string> kPath = {
      {"url", "url:value"},
      {"domain", "domain-name:value"},
      {"ipv4", "ipv4-addr:value"},
      {"ipv6", "ipv6-addr:value"},
      {"email", "email-addr:value"},
      {"md5", "file:hashes.MD5"},
      {"sha1", "file:hashes.'SHA-1'"},
      {"sha256", "file:hashes.'SHA-256'"},
      {"sha512", "file:hashes.'SHA-512'"},
      {"mac", "mac-addr:value"},
      {"registry_key", "windows-registry-key:key"},
      {"file_path", "file:name"}};
  if (type == "asn") {
    const size_t digits = value.find_first_of("0123456789");
    if (digits == std::string::npos) return std::nullopt;
    return "[autonomous-system:number = " + value.substr(digits) + "]";
  }
  const auto it = kPath.find(type);
  if (it == kPath.end()) return std::nullopt;
  std::string v = value;
  if (type == "file_path") v = v.substr(v.find_last_of("/\\") + 1);
  if (v != UnmaskedPrefix(v)) {
    return "[" + it->second + " LIKE " + StixString(UnmaskedPrefix(v) + "%") + "]";
  }
  return "[" + it->second + " = " + StixString(v) + "]";
}

std::optional<json> StixObject(const std::string& type, const std::string& value,
                               const std::vector<std::string>& tags, const std::string& time) {
  json o;
  if (type == "cve" || type == "attack_technique") {
    const bool cve = type == "cve";
    o = Common(cve ? "vulnerability" : "attack-pattern", NameUuid(type + " " + value), time);
    o["name"] = value;
    o["external_references"] = {
        {{"source_name", cve ? "cve" : "mitre-attack"}, {"external_id", value}}};
  } else if (auto pattern = StixPattern(type, value)) {
    o = Common("indicator", NameUuid(type + " " + value), time);
    o["name"] = type + " " + value;
    o["pattern"] = *pattern;
    o["pattern_type"] = "stix";
    o["valid_from"] = time;
    if (!tags.empty()) o["labels"] = tags;
  } else {
    return std::nullopt;  // wallets have no STIX 2.1 observable type
  }
  return o;
}

std::pair<std::string, std::string> MispTypeCategory(const std::string& type) {
  static const std::map<std::string, std::pair<std::string, std::string>> kType = {
      {"url", {"url", "Network activity"}},
      {"domain", {"domain", "Network activity"}},
      {"ipv4", {"ip-dst", "Network activity"}},
      {"ipv6", {"ip-dst", "Network activity"}},
      {"email", {"email-src", "Payload delivery"}},
      {"md5", {"md5", "Payload delivery"}},
      {"sha1", {"sha1", "Payload delivery"}},
      {"sha256", {"sha256", "Payload delivery"}},
      {"sha512", {"sha512", "Payload delivery"}},
      {"cve", {"vulnerability", "External analysis"}},
      {"btc", {"btc", "Financial fraud"}},
      {"xmr", {"xmr", "Financial fraud"}},
      {"eth", {"text", "Financial fraud"}},
      {"file_path", {"filename", "Artifacts dropped"}},
      {"registry_key", {"regkey", "Persistence mechanism"}},
      {"asn", {"AS", "Network activity"}},
      {"mac", {"mac-address", "Network activity"}},
      {"attack_technique", {"text", "External analysis"}}};
  const auto it = kType.find(type);
  return it == kType.end() ? std::pair<std::string, std::string>{"text", "Other"} : it->second;
}

bool ReservedTags(const std::vector<std::string>& tags) {
  for (const std::string& t : tags) {
    if (t == "private" || t == "loopback" || t == "documentation" || t == "link_local" ||
        t == "reserved") {
      return true;
    }
  }
  return false;
}

std::string StixTime(const std::string& iso) {
  std::string day = iso.substr(0, std::min<size_t>(iso.size(), 10));
  if (day.size() == 4) day += "-01-01";
  if (day.size() == 7) day += "-01";
  return day + "T00:00:00.000Z";
}

std::string CsvHeader(bool bom) {
  return std::string(bom ? "\xEF\xBB\xBF" : "") +
         "id,case_no,kind,type,title,title_org,victim_orgs,org_kind,announce_date,incident_date,"
         "affected,persons,records,cards,data_items,reported_to,compensation_jpy_per_person,"
         "source_urls,indicators,doc,line\r\n";
}

std::string CsvRow(const store::ArticleRecord& r) {
  const model::Incident& inc = r.article.incident;
  std::vector<std::string> affected, reported, indicators;
  for (const auto& c : inc.affected) {
    affected.push_back(
        fmt::format("{} {} ({})", c.count, c.unit, model::QualifierName(c.qualifier)));
  }
  for (const auto& rt : inc.reported_to) reported.push_back(rt.authority);
  for (const auto& i : inc.indicators) indicators.push_back(i.type + " " + i.value);
  auto count = [&](const char* unit) {
    auto c = LargestCount(inc, unit);
    return c ? std::to_string(c->count) : std::string();
  };
  const std::vector<std::string> fields = {
      std::to_string(r.id),
      inc.case_no.value_or(""),
      inc.kind.value_or(""),
      inc.type.value_or(""),
      r.article.title,
      inc.title_org.value_or(""),
      JoinSemi(inc.victim_orgs),
      inc.org_kind.value_or(""),
      inc.announce_date.value_or(""),
      inc.incident_date.value_or(""),
      JoinSemi(affected),
      count("persons"),
      count("records"),
      count("cards"),
      JoinSemi(inc.data_items),
      JoinSemi(reported),
      inc.compensation_jpy_per_person ? std::to_string(*inc.compensation_jpy_per_person) : "",
      JoinSemi(inc.source_urls),
      JoinSemi(indicators),
      r.doc_path,
      std::to_string(r.article.line)};
  std::string out;
  for (size_t k = 0; k < fields.size(); ++k) {
    if (k > 0) out += ',';
    // A leading = + - @ would make a spreadsheet read the cell as a formula: quote it as text.
    const std::string& f = fields[k];
    out += !f.empty() && std::string_view("=+-@").find(f[0]) != std::string_view::npos && k != 0 &&
                   k != 20
               ? CsvField("'" + f)
               : CsvField(f);
  }
  return out + "\r\n";
}

json StixBundle(const std::vector<CaseFile>& cases, const std::string& now) {
  json objects = json::array();
  std::set<std::string> seen;  // ids already in the bundle
  auto add = [&](json o) {
    if (seen.insert(o["id"].get<std::string>()).second) objects.push_back(std::move(o));
  };
  auto relate = [&](const std::string& source, const std::string& type, const std::string& target,
                    const std::string& time) {
    json r = Common("relationship", NameUuid("rel " + source + " " + type + " " + target), time);
    r["relationship_type"] = type;
    r["source_ref"] = source;
    r["target_ref"] = target;
    add(std::move(r));
  };
  for (const CaseFile& c : cases) {
    const model::Incident& inc = c.primary.article.incident;
    const std::string time = c.date.empty() ? now : StixTime(c.date);
    json incident = Common("incident", NameUuid(CaseKey(c)), time);
    incident["name"] = c.primary.article.title;
    if (inc.case_no) incident["x_jikenbo_case_no"] = *inc.case_no;
    incident["x_jikenbo_kind"] = inc.kind.value_or("");
    if (inc.type) incident["x_jikenbo_incident_type"] = *inc.type;
    if (!inc.data_items.empty()) incident["x_jikenbo_data_items"] = inc.data_items;
    json affected = json::array();
    for (const auto& a : inc.affected) {
      affected.push_back(
          {{"count", a.count}, {"unit", a.unit}, {"qualifier", model::QualifierName(a.qualifier)}});
    }
    if (!affected.empty()) incident["x_jikenbo_affected"] = affected;
    // STIX confidence (0-100): lower when the kind or type rests on weak evidence; each
    // low-confidence field with its reason.
    const bool weak = model::ConfidenceOf(inc, "kind").low || model::ConfidenceOf(inc, "type").low;
    incident["confidence"] = weak ? 40 : 85;
    if (!inc.doubts.empty()) {
      json doubts = json::object();
      for (const auto& d : inc.doubts) doubts[d.field] = d.reason;
      incident["x_jikenbo_low_confidence"] = doubts;
    }
    const std::string incident_id = incident["id"];
    add(incident);
    std::vector<std::string> orgs;
    if (inc.title_org) orgs.push_back(*inc.title_org);
    for (const std::string& v : inc.victim_orgs) {
      if (std::find(orgs.begin(), orgs.end(), v) == orgs.end()) orgs.push_back(v);
    }
    for (const std::string& org : orgs) {
      json identity = Common("identity", NameUuid("identity " + org), time);
      identity["name"] = org;
      identity["identity_class"] = "organization";
      const std::string identity_id = identity["id"];
      add(std::move(identity));
      relate(incident_id, "related-to", identity_id, time);
    }
    json refs = json::array({incident_id});
    for (const store::ArticleRecord& r : c.reports) {
      const model::Incident& ri = r.article.incident;
      json ext = json::array();
      for (const std::string& url : ri.source_urls) {
        ext.push_back({{"source_name", "source"}, {"url", url}});
      }
      ext.push_back({{"source_name", "jikenbo archive"},
                     {"description", r.doc_path},
                     {"hashes", {{"SHA-256", r.doc_sha256}}}});
      for (const model::Indicator& i : ri.indicators) {
        auto o = StixObject(i.type, i.value, i.tags, time);
        if (!o) continue;
        const std::string id = (*o)["id"];
        add(std::move(*o));
        refs.push_back(id);
        relate(id, "related-to", incident_id, time);
      }
      const std::string r_time = ri.announce_date ? StixTime(*ri.announce_date) : time;
      json report = Common(
          "report", NameUuid("report " + r.doc_sha256 + " " + std::to_string(r.article.ordinal)),
          r_time);
      report["name"] = r.article.title;
      report["report_types"] = {"threat-report"};
      report["published"] = r_time;
      report["object_refs"] = refs;
      report["external_references"] = ext;
      add(std::move(report));
    }
  }
  return {{"type", "bundle"}, {"id", "bundle--" + NameUuid("bundle " + now)}, {"objects", objects}};
}

json MispEvents(const std::vector<CaseFile>& cases) {
  json events = json::array();
  for (const CaseFile& c : cases) {
    const model::Incident& inc = c.primary.article.incident;
    json attrs = json::array();
    std::set<std::string> seen;
    auto attr = [&](const std::string& type, const std::string& category, const std::string& value,
                    bool to_ids, const std::string& comment) {
      if (!seen.insert(type + " " + value).second) return;
      attrs.push_back({{"uuid", NameUuid("misp " + CaseKey(c) + " " + type + " " + value)},
                       {"type", type},
                       {"category", category},
                       {"value", value},
                       {"to_ids", to_ids},
                       {"comment", comment}});
    };
    for (const store::ArticleRecord& r : c.reports) {
      for (const std::string& url : r.article.incident.source_urls) {
        attr("link", "External analysis", url, false, "source");
      }
      for (const model::Indicator& i : r.article.incident.indicators) {
        const auto& [type, category] = MispTypeCategory(i.type);
        const std::string value = UnmaskedPrefix(i.value);
        std::string comment;
        for (const std::string& t : i.tags) comment += (comment.empty() ? "" : ", ") + t;
        attr(type, category, value,
             !ReservedTags(i.tags) && type != "text" && value == i.value && i.tags.empty(),
             comment);
      }
    }
    std::vector<std::string> orgs;
    if (inc.title_org) orgs.push_back(*inc.title_org);
    for (const std::string& v : inc.victim_orgs) orgs.push_back(v);
    for (const std::string& org : orgs) attr("target-org", "Targeting data", org, false, "victim");
    json tags = json::array();
    if (inc.type) tags.push_back({{"name", "jikenbo:type=\"" + *inc.type + "\""}});
    for (const std::string& item : inc.data_items) {
      tags.push_back({{"name", "jikenbo:data-item=\"" + item + "\""}});
    }
    json event = {{"uuid", NameUuid("misp event " + CaseKey(c))},
                  {"info", (inc.case_no ? "[" + *inc.case_no + "] " : std::string()) +
                               c.primary.article.title},
                  {"date", c.date.size() == 10 ? c.date : StixTime(c.date).substr(0, 10)},
                  {"threat_level_id", "4"},
                  {"analysis", "2"},
                  {"distribution", "0"},
                  {"published", false},
                  {"Tag", tags},
                  {"Attribute", attrs}};
    if (c.date.empty()) event.erase("date");
    events.push_back({{"Event", event}});
  }
  return {{"response", events}};
}

json VerisIncidents(const std::vector<CaseFile>& cases) {
  json out = json::array();
  for (const CaseFile& c : cases) {
    const model::Incident& inc = c.primary.article.incident;
    const json action = VerisAction(inc, c.primary.article.text);
    json data = json::array();
    std::set<std::string> varieties;
    const auto persons = LargestCount(inc, "persons");
    for (const std::string& item : inc.data_items) varieties.insert(VerisData(item));
    for (const std::string& v : varieties) {
      json d = {{"variety", v}};
      if (persons) d["amount"] = persons->count;
      data.push_back(std::move(d));
    }
    json attribute = json::object();
    if (!data.empty()) {
      attribute["confidentiality"] = {
          {"data", data}, {"data_disclosure", "Unknown"}, {"state", {"Unknown"}}};
      if (persons) attribute["confidentiality"]["data_total"] = persons->count;
    }
    if (inc.type == "defacement") attribute["integrity"] = {{"variety", {"Defacement"}}};
    if (inc.type == "ransomware") {
      attribute["availability"] = {{"variety", {"Obscuration"}}};
    }
    if (inc.type == "ddos" || inc.type == "outage") {
      attribute["availability"] = {{"variety", {"Interruption"}}};
    }
    std::vector<std::string> urls;
    for (const auto& r : c.reports) {
      for (const std::string& u : r.article.incident.source_urls) urls.push_back(u);
    }
    std::string reference;
    for (const std::string& u : urls) reference += (reference.empty() ? "" : "; ") + u;
    json victim = {{"victim_id", Org(c).empty() ? "Unknown" : Org(c)},
                   {"industry", "000"},
                   {"employee_count", "Unknown"},
                   {"country", {"Unknown"}}};
    if (inc.org_kind == "local_government") victim["government"] = {"Local"};
    json incident = {
        {"schema_version", "1.3.7"},
        {"incident_id", NameUuid("veris " + CaseKey(c))},
        {"source_id", "jikenbo"},
        {"security_incident", inc.type == "outage" ? "Suspected" : "Confirmed"},
        {"confidence", model::ConfidenceOf(inc, "kind").low || model::ConfidenceOf(inc, "type").low
                           ? "Low"
                           : "High"},
        {"summary", c.primary.article.title},
        {"reference", reference},
        {"timeline",
         {{"incident", VerisTime(inc.incident_date.value_or(c.date.empty() ? "" : c.date))}}},
        {"victim", victim},
        {"action", action},
        {"actor", VerisActor(action)},
        {"asset", {{"assets", {{{"variety", "Unknown"}}}}}},
        {"attribute", attribute},
        {"discovery_method", {{"unknown", true}}},
        {"impact", {{"overall_rating", "Unknown"}}},
        {"targeted", "Unknown"},
        {"plus",
         {{"analysis_status", "Automated"},
          {"master_id", NameUuid("veris master " + CaseKey(c))},
          {"jikenbo_case_no", inc.case_no.value_or("")}}}};
    if (reference.empty()) incident.erase("reference");
    if (!incident["timeline"]["incident"].contains("year")) continue;  // VERIS needs a year
    out.push_back(std::move(incident));
  }
  return out;
}

}  // namespace jikenbo::report
