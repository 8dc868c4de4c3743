// MISP events and a MISP feed of cases (interchange.h).
#include <set>

#include "base/sha256.h"
#include "report/interchange.h"
#include "report/interchange_internal.h"

namespace jikenbo::report {
namespace {

using json = nlohmann::ordered_json;

// The organisation that creates the events (a feed needs one).
json Orgc() { return {{"name", "jikenbo"}, {"uuid", NameUuid("misp org jikenbo")}}; }

json Event(const CaseFile& c) {
  const model::Incident& inc = c.primary.article.incident;
  const bool advisory = inc.kind == "advisory";
  const std::string key = interchange::CaseKey(c);
  const std::string timestamp = interchange::EpochSeconds(interchange::CaseTime(c));
  json attrs = json::array();
  std::set<std::string> seen;
  auto add = [&](json a) {
    if (!seen.insert(a["type"].get<std::string>() + " " + a["value"].get<std::string>()).second) {
      return;
    }
    a["timestamp"] = timestamp;
    attrs.push_back(std::move(a));
  };
  auto uuid = [&](const std::string& type, const std::string& value) {
    return NameUuid("misp " + key + " " + type + " " + value);
  };
  for (const store::ArticleRecord& r : c.reports) {
    for (const std::string& url : r.article.incident.source_urls) {
      add({{"uuid", uuid("link", url)},
           {"type", "link"},
           {"category", "External analysis"},
           {"value", url},
           {"to_ids", false},
           {"comment", "source"}});
    }
    for (const model::Indicator& i : r.article.incident.indicators) {
      add(MispAttribute(i.type, i.value, i.tags, i.role, i.role_reason, uuid(i.type, i.value)));
    }
  }
  std::vector<std::string> orgs;
  if (inc.title_org) orgs.push_back(*inc.title_org);
  for (const std::string& v : inc.victim_orgs) orgs.push_back(v);
  for (const std::string& org : orgs) {
    add({{"uuid", uuid("target-org", org)},
         {"type", "target-org"},
         {"category", "Targeting data"},
         {"value", org},
         {"to_ids", false},
         {"comment", advisory ? "named in the advisory" : "victim"}});
  }
  json tags = json::array();
  tags.push_back({{"name", "jikenbo:kind=\"" + inc.kind.value_or("") + "\""}});
  if (inc.type) tags.push_back({{"name", "jikenbo:type=\"" + *inc.type + "\""}});
  for (const std::string& item : inc.data_items) {
    tags.push_back({{"name", "jikenbo:data-item=\"" + item + "\""}});
  }
  bool from_archive = false;
  std::string date = interchange::CaseDate(c, &from_archive);
  date = StixTime(date).substr(0, 10);  // a month or year: its first day
  std::string info = (inc.case_no ? "[" + *inc.case_no + "] " : std::string()) +
                     (advisory ? "[advisory] " : "") + c.primary.article.title;
  if (from_archive) info += " (undated: the date is when it was archived)";
  return {{"uuid", NameUuid("misp event " + key)},
          {"info", info},
          {"date", date},
          {"timestamp", timestamp},
          {"publish_timestamp", timestamp},
          // 1 high, 2 medium, 3 low: an advisory warns, an incident happened
          {"threat_level_id", advisory ? "3" : "2"},
          {"analysis", "2"},
          {"distribution", "0"},
          {"published", false},
          {"Orgc", Orgc()},
          {"Tag", tags},
          {"Attribute", attrs}};
}

}  // namespace

json MispEvents(const std::vector<CaseFile>& cases) {
  json events = json::array();
  for (const CaseFile& c : cases) events.push_back({{"Event", Event(c)}});
  return events;
}

std::vector<std::pair<std::string, std::string>> MispFeed(const std::vector<CaseFile>& cases) {
  std::vector<std::pair<std::string, std::string>> files;
  json manifest = json::object();
  std::string hashes;
  for (const CaseFile& c : cases) {
    json event = Event(c);
    const std::string uuid = event["uuid"];
    manifest[uuid] = {{"info", event["info"]},
                      {"date", event["date"]},
                      {"analysis", event["analysis"]},
                      {"threat_level_id", event["threat_level_id"]},
                      {"timestamp", event["timestamp"]},
                      {"Orgc", event["Orgc"]},
                      {"Tag", event["Tag"]}};
    for (const json& a : event["Attribute"]) {
      hashes += Md5Hex(a["value"].get<std::string>()) + "," + uuid + "\n";
    }
    files.emplace_back(uuid + ".json", json{{"Event", std::move(event)}}.dump(2) + "\n");
  }
  files.emplace_back("manifest.json", manifest.dump(2) + "\n");
  files.emplace_back("hashes.csv", hashes);
  return files;
}

}  // namespace jikenbo::report
