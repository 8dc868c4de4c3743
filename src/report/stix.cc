// The STIX 2.1 bundle of cases (interchange.h).
#include <algorithm>
#include <set>

#include "report/digest.h"
#include "report/interchange.h"
#include "report/interchange_internal.h"

namespace jikenbo::report {
namespace {

using json = nlohmann::ordered_json;
using interchange::StixCommon;

class Bundle {
 public:
  // Adds an object once (the first copy wins) and returns its id.
  std::string Add(json o) {
    std::string id = o["id"];
    if (seen_.insert(id).second) objects_.push_back(std::move(o));
    return id;
  }
  std::string Relate(const std::string& source, const std::string& type, const std::string& target,
                     const std::string& time) {
    json r =
        StixCommon("relationship", NameUuid("rel " + source + " " + type + " " + target), time);
    r["relationship_type"] = type;
    r["source_ref"] = source;
    r["target_ref"] = target;
    return Add(std::move(r));
  }
  json Take() { return std::move(objects_); }

 private:
  json objects_ = json::array();
  std::set<std::string> seen_;
};

// The organisations a case names: its announcer, then its victims.
std::vector<std::string> Organisations(const model::Incident& inc) {
  std::vector<std::string> orgs;
  if (inc.title_org) orgs.push_back(*inc.title_org);
  for (const std::string& v : inc.victim_orgs) {
    if (std::find(orgs.begin(), orgs.end(), v) == orgs.end()) orgs.push_back(v);
  }
  return orgs;
}

void AddCase(const CaseFile& c, const Lexicon& lexicon, Bundle* bundle) {
  const model::Incident& inc = c.primary.article.incident;
  // An incident is told by an incident object; an advisory or a threat report is a report of
  // its own (with its indicators); commentary and off-topic posts are no intelligence.
  if (inc.kind != "incident" && inc.kind != "advisory" && inc.kind != "threat_report") return;
  const bool report_only = inc.kind != "incident";
  const std::string time = interchange::CaseTime(c);
  const bool ja = interchange::Japanese(c.primary.article.text);
  // The objects every report of the case refers to: the incident, the organisations and the
  // relationships between them.
  std::vector<std::string> shared;
  std::string incident_id;
  if (!report_only) {
    json incident = StixCommon("incident", NameUuid(interchange::CaseKey(c)), time);
    incident["name"] = c.primary.article.title;
    const std::string description = interchange::SummaryText(c.primary, lexicon);
    if (!description.empty()) incident["description"] = description;
    if (ja) incident["lang"] = "ja";
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
    incident_id = bundle->Add(std::move(incident));
    shared.push_back(incident_id);
  }
  std::vector<std::string> identities;
  for (const std::string& org : Organisations(inc)) {
    json identity = StixCommon("identity", NameUuid("identity " + org), time);
    identity["name"] = org;
    identity["identity_class"] = "organization";
    identities.push_back(bundle->Add(std::move(identity)));
    shared.push_back(identities.back());
    if (!report_only)
      shared.push_back(bundle->Relate(incident_id, "related-to", identities.back(), time));
  }
  for (const store::ArticleRecord& r : c.reports) {
    const model::Incident& ri = r.article.incident;
    std::vector<std::string> refs = shared;
    json ext = json::array();
    std::set<std::string> urls;
    for (const std::string& url : ri.source_urls) {
      if (urls.insert(url).second) ext.push_back({{"source_name", "source"}, {"url", url}});
    }
    if (r.doc_url && urls.insert(*r.doc_url).second) {
      ext.push_back({{"source_name", "source"}, {"url", *r.doc_url}});
    }
    ext.push_back({{"source_name", "jikenbo archive"},
                   {"description", "SHA-256 of the archived original"},
                   {"external_id", r.doc_sha256}});
    for (const model::Indicator& i : ri.indicators) {
      const bool sdo = i.type == "cve" || i.type == "attack_technique";
      if (!sdo && !ForDetection(i.role, i.type, i.tags)) {
        // Not for detection: a URL stays as a reference of the report, with its role.
        if (i.type == "url" && !i.role.empty() && i.role != "placeholder" &&
            urls.insert(i.value).second) {
          ext.push_back({{"source_name", i.role}, {"url", i.value}});
        }
        continue;
      }
      auto o = StixObject(i.type, i.value, i.tags, time);
      if (!o) continue;
      if (!sdo && !i.role_reason.empty()) (*o)["description"] = i.role_reason;
      const std::string id = bundle->Add(std::move(*o));
      refs.push_back(id);
      if (!report_only) {
        refs.push_back(bundle->Relate(id, "related-to", incident_id, time));
      } else {
        for (const std::string& identity : identities) {
          refs.push_back(bundle->Relate(id, "related-to", identity, time));
        }
      }
    }
    const std::string published = ri.announce_date ? StixTime(*ri.announce_date)
                                  : r.archived_at.size() >= 19
                                      ? r.archived_at.substr(0, 19) + ".000Z"
                                      : time;
    json report = StixCommon(
        "report", NameUuid("report " + r.doc_sha256 + " " + std::to_string(r.article.ordinal)),
        published);
    report["name"] = r.article.title;
    const std::string description = interchange::SummaryText(r, lexicon);
    if (!description.empty()) report["description"] = description;
    if (interchange::Japanese(r.article.text)) report["lang"] = "ja";
    report["report_types"] = {"threat-report"};
    if (report_only) report["labels"] = {*inc.kind};
    report["published"] = published;
    if (refs.empty()) {  // a report must refer to something: the casebook that recorded it
      json system =
          StixCommon("identity", NameUuid("identity jikenbo"), "2020-01-01T00:00:00.000Z");
      system["name"] = "jikenbo casebook";
      system["identity_class"] = "system";
      refs.push_back(bundle->Add(std::move(system)));
    }
    report["object_refs"] = refs;
    report["external_references"] = ext;
    bundle->Add(std::move(report));
  }
}

}  // namespace

namespace interchange {

std::string SummaryText(const store::ArticleRecord& r, const Lexicon& lexicon) {
  std::string out;
  for (const Line& line : Summary(r, lexicon)) {
    if (!out.empty()) out += '\n';
    out += "- ";
    out += PlainText(line);
  }
  return out;
}

}  // namespace interchange

json StixBundle(const std::vector<CaseFile>& cases, const Lexicon& lexicon) {
  Bundle bundle;
  std::string ids;
  for (const CaseFile& c : cases) {
    AddCase(c, lexicon, &bundle);
    ids += interchange::CaseKey(c) + ";";
  }
  json objects = bundle.Take();
  json out = {{"type", "bundle"}, {"id", "bundle--" + NameUuid("bundle " + ids)}};
  if (!objects.empty()) out["objects"] = std::move(objects);  // the schema rejects []
  return out;
}

}  // namespace jikenbo::report
