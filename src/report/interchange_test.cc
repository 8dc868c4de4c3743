// Exports for the ecosystem, checked against the structural rules their specifications state
// (STIX 2.1 ids, timestamps, required properties, references and pattern syntax; MISP types and
// categories; VERIS required fields and enumerations) and round-tripped against the casebook.
#include "report/interchange.h"

#include <gtest/gtest.h>
#include <re2/re2.h>

#include <map>
#include <set>

#include "ingest/ingest.h"
#include "report/assess.h"
#include "report/interchange_internal.h"
#include "tests/testing.h"

namespace jikenbo::report {
namespace {

using json = nlohmann::ordered_json;

using Quiet = testing::QuietReporter;

store::Store& Examples() {
  static std::unique_ptr<store::Store> store = [] {
    auto s = store::OpenSqliteStore(":memory:");
    EXPECT_TRUE(s.ok());
    auto files = NewDiskFileSource();
    ingest::Ingester ingester(*files, **s, testing::DefaultPipeline());
    Quiet quiet;
    ingester.Run({testing::SourceDir() + "/examples"}, quiet);
    return std::move(*s);
  }();
  return *store;
}

const Lexicon& Lex() {
  static const Lexicon lex = [] {
    auto files = NewDiskFileSource();
    auto l = LoadLexicon(*files, testing::SourceDir() + "/rules");
    EXPECT_TRUE(l.ok());
    return l.ok() ? std::move(*l) : Lexicon{};
  }();
  return lex;
}

size_t CountKind(const std::vector<CaseFile>& cases, const char* kind) {
  size_t n = 0;
  for (const CaseFile& c : cases) n += c.primary.article.incident.kind == kind;
  return n;
}

std::vector<CaseFile> Cases() {
  auto cases = CollectCases(Examples(), {});
  EXPECT_TRUE(cases.ok());
  return cases.ok() ? *cases : std::vector<CaseFile>{};
}

// Every indicator of the cases, as (type, value), with the malicious ones apart.
std::set<std::pair<std::string, std::string>> Indicators(const std::vector<CaseFile>& cases,
                                                         bool malicious_only = false) {
  std::set<std::pair<std::string, std::string>> out;
  for (const CaseFile& c : cases) {
    for (const auto& r : c.reports) {
      for (const auto& i : r.article.incident.indicators) {
        if (!malicious_only || i.role == "malicious") out.insert({i.type, i.value});
      }
    }
  }
  return out;
}

TEST(Stix, BundleFollowsTheSpecificationsRules) {
  const auto cases = Cases();
  const json bundle = StixBundle(cases, Lex());
  ASSERT_EQ(bundle["type"], "bundle");
  static const RE2 kId(
      "([a-z][a-z0-9-]*)--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-"
      "[0-9a-f]{12}");
  static const RE2 kTime("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  static const RE2 kPattern(
      "\\[[a-z0-9-]+:[A-Za-z0-9_.'-]+ (?:=|LIKE) (?:'(?:[^'\\\\]|\\\\.)*'|\\d+)\\]");
  std::string id_type;
  ASSERT_TRUE(RE2::FullMatch(bundle["id"].get<std::string>(), kId, &id_type));
  EXPECT_EQ(id_type, "bundle");
  const std::map<std::string, std::vector<std::string>> kRequired = {
      {"incident", {"name"}},
      {"identity", {"name", "identity_class"}},
      {"report", {"name", "published", "object_refs", "report_types"}},
      {"indicator", {"pattern", "pattern_type", "valid_from"}},
      {"relationship", {"relationship_type", "source_ref", "target_ref"}},
      {"vulnerability", {"name"}},
      {"attack-pattern", {"name"}}};
  std::set<std::string> ids;
  std::map<std::string, int> by_type;
  for (const json& o : bundle["objects"]) {
    const std::string type = o["type"];
    ++by_type[type];
    ASSERT_TRUE(RE2::FullMatch(o["id"].get<std::string>(), kId, &id_type)) << o.dump();
    EXPECT_EQ(id_type, type);
    EXPECT_TRUE(ids.insert(o["id"]).second) << "duplicate " << o["id"];
    EXPECT_EQ(o["spec_version"], "2.1");
    for (const char* t : {"created", "modified"}) {
      EXPECT_TRUE(RE2::FullMatch(o[t].get<std::string>(), kTime)) << o[t];
    }
    ASSERT_TRUE(kRequired.count(type)) << "unexpected type " << type;
    for (const std::string& p : kRequired.at(type)) EXPECT_TRUE(o.contains(p)) << type << " " << p;
    if (type == "indicator") {
      EXPECT_EQ(o["pattern_type"], "stix");
      EXPECT_TRUE(RE2::FullMatch(o["pattern"].get<std::string>(), kPattern)) << o["pattern"];
      EXPECT_TRUE(RE2::FullMatch(o["valid_from"].get<std::string>(), kTime));
    }
    if (type == "report") {
      EXPECT_FALSE(o["object_refs"].empty());
    }
    for (const auto& [k, v] : o.items()) {  // custom properties carry the x_ prefix
      if (k.find("jikenbo") != std::string::npos) {
        EXPECT_EQ(k.rfind("x_", 0), 0u) << k;
      }
    }
  }
  for (const json& o : bundle["objects"]) {  // every reference resolves inside the bundle
    if (o.contains("object_refs")) {
      for (const auto& ref : o["object_refs"]) EXPECT_TRUE(ids.count(ref)) << ref;
    }
    for (const char* k : {"source_ref", "target_ref"}) {
      if (o.contains(k)) {
        EXPECT_TRUE(ids.count(o[k])) << o[k];
      }
    }
  }
  // advisories are reports without an incident
  EXPECT_EQ(by_type["incident"], static_cast<int>(CountKind(cases, "incident")));
  EXPECT_GT(CountKind(cases, "advisory"), 0u);
  EXPECT_GE(by_type["report"], static_cast<int>(cases.size()));
  EXPECT_GT(by_type["indicator"], 0);
  // round trip: the malicious indicators, and only they, are indicator objects
  std::set<std::string> patterns;
  for (const json& o : bundle["objects"]) {
    if (o["type"] == "indicator") patterns.insert(o["pattern"]);
  }
  const auto malicious = Indicators(cases, true);
  for (const auto& [type, value] : Indicators(cases)) {
    if (auto p = StixPattern(type, value)) {
      EXPECT_EQ(patterns.count(*p), malicious.count({type, value})) << *p;
    }
  }
  // no local path anywhere; Japanese notices say so; descriptions are the summaries
  const std::string dump = bundle.dump();
  EXPECT_EQ(dump.find(testing::SourceDir()), std::string::npos);
  EXPECT_EQ(dump.find("/examples/"), std::string::npos);
  int ja = 0;
  for (const json& o : bundle["objects"]) {
    if (o["type"] == "incident") {
      EXPECT_TRUE(o.contains("description")) << o["name"];
      ja += o.value("lang", "") == "ja";
    }
  }
  EXPECT_GT(ja, 5);
  // timestamps come from the cases, not the clock: the same casebook exports the same bundle
  EXPECT_EQ(StixBundle(cases, Lex()).dump(), dump);
  // a threat report is a report of its own (the serve catalogue holds them); commentary is none
  auto all = CollectCases(Examples(), {.kinds = {"threat_report", "commentary", "off_topic"}});
  ASSERT_TRUE(all.ok());
  ASSERT_FALSE(all->empty());
  const json threat = StixBundle(*all, Lex());
  size_t threat_reports = 0;
  for (const json& o : threat["objects"]) {
    EXPECT_NE(o["type"], "incident");
    if (o["type"] == "report") {
      threat_reports += o["labels"][0] == "threat_report";
      EXPECT_NE(o["labels"][0], "commentary");
    }
  }
  EXPECT_EQ(threat_reports, CountKind(*all, "threat_report"));
  // an empty window: a bundle without an objects array (the schema rejects an empty one)
  const json empty = StixBundle({}, Lex());
  EXPECT_EQ(empty["type"], "bundle");
  EXPECT_FALSE(empty.contains("objects"));
}

TEST(Stix, PatternsQuoteAndMask) {
  EXPECT_EQ(StixPattern("domain", "evil.example"), "[domain-name:value = 'evil.example']");
  EXPECT_EQ(StixPattern("file_path", "C:\\Users\\x\\it's.exe"), "[file:name = 'it\\'s.exe']");
  EXPECT_EQ(StixPattern("asn", "AS13335"), "[autonomous-system:number = 13335]");
  EXPECT_EQ(StixPattern("url", "https://discord.com/api/webhooks/1/AbCd…sha256:0011aabb"),
            "[url:value LIKE 'https://discord.com/api/webhooks/1/%']");
  EXPECT_FALSE(StixPattern("btc", "1BoatSLRHtKNngkdXEeobR76b53LETtpyT").has_value());
  EXPECT_EQ(StixTime("2031-05"), "2031-05-01T00:00:00.000Z");
  // a non-ASCII host is matched in its ASCII (punycode) form
  EXPECT_EQ(StixPattern("domain", "テスト.example.com"),
            "[domain-name:value = 'xn--zckzah.example.com']");
  EXPECT_EQ(StixPattern("url", "https://u@テスト.example.com:8443/パス"),
            "[url:value = 'https://u@xn--zckzah.example.com:8443/パス']");
  EXPECT_EQ(StixPattern("email", "info@テスト.example.com"),
            "[email-addr:value = 'info@xn--zckzah.example.com']");
}

TEST(Misp, EventsUseValidTypesAndCategories) {
  // The (category, type) pairs of MISP's attribute table that these exports use.
  const std::set<std::pair<std::string, std::string>> kValid = {
      {"Network activity", "url"},
      {"Network activity", "domain"},
      {"Network activity", "ip-dst"},
      {"Network activity", "AS"},
      {"Network activity", "mac-address"},
      {"Payload delivery", "email-src"},
      {"Payload delivery", "md5"},
      {"Payload delivery", "sha1"},
      {"Payload delivery", "sha256"},
      {"Payload delivery", "sha512"},
      {"External analysis", "vulnerability"},
      {"External analysis", "link"},
      {"External analysis", "text"},
      {"Financial fraud", "btc"},
      {"Financial fraud", "xmr"},
      {"Financial fraud", "text"},
      {"Artifacts dropped", "filename"},
      {"Persistence mechanism", "regkey"},
      {"Targeting data", "target-org"},
      {"Other", "text"}};
  const auto cases = Cases();
  const json out = MispEvents(cases);
  ASSERT_TRUE(out.is_array());
  ASSERT_EQ(out.size(), cases.size());
  static const RE2 kUuid("[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  std::set<std::string> values, ids;
  size_t advisories = 0;
  for (const json& wrapper : out) {
    const json& e = wrapper["Event"];
    EXPECT_TRUE(RE2::FullMatch(e["uuid"].get<std::string>(), kUuid));
    EXPECT_FALSE(e["info"].get<std::string>().empty());
    EXPECT_TRUE(RE2::FullMatch(e["date"].get<std::string>(), "\\d{4}-\\d{2}-\\d{2}"));
    EXPECT_TRUE(RE2::FullMatch(e["timestamp"].get<std::string>(), "\\d{9,11}"));
    bool advisory = false;
    for (const json& t : e["Tag"]) advisory |= t["name"] == "jikenbo:kind=\"advisory\"";
    if (advisory) {
      ++advisories;
      EXPECT_EQ(e["threat_level_id"], "3");
    }
    for (const json& a : e["Attribute"]) {
      EXPECT_TRUE(kValid.count({a["category"], a["type"]})) << a.dump();
      EXPECT_TRUE(RE2::FullMatch(a["uuid"].get<std::string>(), kUuid));
      EXPECT_EQ(a["timestamp"], e["timestamp"]);
      values.insert(a["value"]);
      if (a["to_ids"] == true) ids.insert(a["value"]);
    }
  }
  EXPECT_EQ(advisories, CountKind(cases, "advisory"));
  for (const auto& [type, value] : Indicators(cases)) {  // round trip
    EXPECT_TRUE(values.count(UnmaskedPrefix(value))) << value;
  }
  // detection only for the malicious ones: the defanged phishing domain of an advisory is for
  // IDS, the sources and documentation names are not
  EXPECT_TRUE(ids.count("kasora-bank-login.example.net"));
  for (const std::string& v : ids) {
    EXPECT_EQ(v.find("news.example"), std::string::npos) << v;
    EXPECT_NE(v, "www.example.com");
  }
}

TEST(Misp, FeedHasManifestEventsAndHashes) {
  const auto cases = Cases();
  const auto files = MispFeed(cases);
  std::map<std::string, std::string> by_name(files.begin(), files.end());
  ASSERT_TRUE(by_name.count("manifest.json"));
  ASSERT_TRUE(by_name.count("hashes.csv"));
  const json manifest = json::parse(by_name["manifest.json"]);
  EXPECT_EQ(manifest.size(), cases.size());
  size_t attributes = 0;
  for (const auto& [uuid, entry] : manifest.items()) {
    ASSERT_TRUE(by_name.count(uuid + ".json")) << uuid;
    const json event = json::parse(by_name[uuid + ".json"])["Event"];
    EXPECT_EQ(event["uuid"], uuid);
    EXPECT_EQ(entry["timestamp"], event["timestamp"]);
    EXPECT_EQ(entry["Orgc"]["name"], "jikenbo");
    attributes += event["Attribute"].size();
  }
  // one line per attribute: md5 of its value, the event's uuid
  size_t lines = 0;
  for (char c : by_name["hashes.csv"]) lines += c == '\n';
  EXPECT_EQ(lines, attributes);
  EXPECT_TRUE(RE2::PartialMatch(by_name["hashes.csv"], "^[0-9a-f]{32},[0-9a-f-]{36}\n"));
}

TEST(Veris, IncidentsCarryTheRequiredFields) {
  const auto cases = Cases();
  const json out = VerisIncidents(cases, Lex());
  ASSERT_EQ(out.size(), CountKind(cases, "incident"));  // advisories are no incidents
  const std::set<std::string> kActions = {"malware",  "hacking", "social",        "misuse",
                                          "physical", "error",   "environmental", "unknown"};
  const std::set<std::string> kData = {"Personal", "Credentials", "Payment",
                                       "Bank",     "Medical",     "Other"};
  std::map<std::string, const CaseFile*> by_case;
  for (const CaseFile& c : cases) {
    if (c.primary.article.incident.case_no) by_case[*c.primary.article.incident.case_no] = &c;
  }
  for (const json& i : out) {
    for (const char* k :
         {"schema_version", "incident_id", "source_id", "security_incident", "timeline", "victim",
          "action", "actor", "asset", "attribute", "discovery_method", "plus"}) {
      EXPECT_TRUE(i.contains(k)) << k;
    }
    EXPECT_EQ(i["schema_version"], "1.4.0");
    EXPECT_TRUE(i["timeline"]["incident"]["year"].is_number_integer());
    EXPECT_TRUE(i["asset"].contains("cloud"));
    EXPECT_TRUE(i["victim"].contains("government"));
    // VERIS's consistency rules
    auto has = [&](const char* attribute, const char* variety) {
      if (!i["attribute"].contains(attribute)) return false;
      for (const auto& v : i["attribute"][attribute]["variety"]) {
        if (v == variety) return true;
      }
      return false;
    };
    if (i["action"].contains("malware")) {
      EXPECT_TRUE(has("integrity", "Software installation"));
    }
    if (i["action"].contains("social")) {
      EXPECT_TRUE(has("integrity", "Alter behavior"));
    }
    if (i["action"].contains("error") && i["action"]["error"]["variety"][0] == "Loss") {
      EXPECT_TRUE(has("availability", "Loss"));
    }
    if (i["security_incident"] == "Confirmed") {
      EXPECT_FALSE(i["attribute"].empty());
    }
    EXPECT_GE(i["action"].size(), 1u);
    for (const auto& [action, detail] : i["action"].items()) {
      EXPECT_TRUE(kActions.count(action)) << action;
    }
    const std::string case_no = i["plus"]["jikenbo_case_no"];
    if (!by_case.count(case_no)) continue;
    const model::Incident& inc = by_case.at(case_no)->primary.article.incident;
    // a Japanese notice's organisation is in Japan; a city is local government, sector 92
    if (interchange::Japanese(by_case.at(case_no)->primary.article.text)) {
      EXPECT_EQ(i["victim"]["country"][0], "JP") << case_no;
    }
    if (inc.org_kind == "local_government") {
      EXPECT_EQ(i["victim"]["industry"], "92");
      EXPECT_EQ(i["victim"]["government"][0], "Local");
    }
    if (i["attribute"].contains("confidentiality") && !inc.data_items.empty()) {
      for (const json& d : i["attribute"]["confidentiality"]["data"]) {
        EXPECT_TRUE(kData.count(d["variety"])) << d.dump();
      }
      if (auto persons = LargestCount(inc, "persons")) {  // round trip of the count
        EXPECT_EQ(i["attribute"]["confidentiality"]["data_total"], persons->count);
      }
    }
  }
}

// A CSV parser of RFC 4180 (quotes, doubled quotes, CRLF), for the round trip.
std::vector<std::vector<std::string>> ParseCsv(std::string_view text) {
  std::vector<std::vector<std::string>> rows(1);
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"', ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      rows.back().push_back(field), field.clear();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      rows.back().push_back(field), field.clear();
      rows.emplace_back();
      ++i;
    } else {
      field += c;
    }
  }
  if (rows.back().empty()) rows.pop_back();
  return rows;
}

TEST(Csv, RoundTripsWithJapaneseTextAndNoFormulas) {
  std::string csv = CsvHeader(true);
  std::vector<store::ArticleRecord> records;
  ASSERT_TRUE(Examples()
                  .ForEach([&](const store::ArticleRecord& r) {
                    records.push_back(r);
                    csv += CsvRow(r);
                    return Status::Ok();
                  })
                  .ok());
  ASSERT_EQ(csv.rfind("\xEF\xBB\xBF", 0), 0u);  // the byte-order mark spreadsheets need
  const auto rows = ParseCsv(std::string_view(csv).substr(3));
  ASSERT_EQ(rows.size(), records.size() + 1);
  const size_t columns = rows[0].size();
  EXPECT_EQ(rows[0][0], "id");
  for (size_t k = 0; k < records.size(); ++k) {
    const auto& row = rows[k + 1];
    ASSERT_EQ(row.size(), columns) << k;
    const model::Incident& inc = records[k].article.incident;
    EXPECT_EQ(row[0], std::to_string(records[k].id));
    EXPECT_EQ(row[1], inc.case_no.value_or(""));
    EXPECT_EQ(row[4], records[k].article.title);
    std::string items;
    for (const auto& i : inc.data_items) items += (items.empty() ? "" : ";") + i;
    EXPECT_EQ(row[14], items);
  }
  store::ArticleRecord formula;
  formula.article.title = "=HYPERLINK(\"http://evil.example\",\"x\")";
  const auto parsed = ParseCsv(CsvRow(formula));
  EXPECT_EQ(parsed[0][4].rfind("'=", 0), 0u);  // kept as text, not run as a formula
  EXPECT_EQ(CsvHeader(false).rfind("id,", 0), 0u);
}

}  // namespace
}  // namespace jikenbo::report
