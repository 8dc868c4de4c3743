// The incident record of PRODUCT.md. Plain value type: std::optional means "the text does not
// say" (JSON null); empty vectors mean "none stated". Filled by classify/ and extract/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "model/span.h"

namespace jikenbo::model {

enum class Qualifier : uint8_t { kExact, kMax, kApprox, kMin };  // 最大 / 約 / 以上
const char* QualifierName(Qualifier q);

struct AffectedCount {
  int64_t count = 0;
  std::string unit;  // persons, records, cards, emails, companies, files
  Qualifier qualifier = Qualifier::kExact;
  Span evidence;
  bool operator==(const AffectedCount&) const = default;
};

struct ReportedTo {
  std::string authority;            // ppc, police, ministry, other_regulator, jpcert, ipa
  std::optional<std::string> date;  // ISO date when stated
  Span evidence;
  bool operator==(const ReportedTo&) const = default;
};

struct Indicator {
  std::string type;   // url, domain, ipv4, sha256, ...
  std::string value;  // refanged, canonical
  std::vector<std::string> tags;
  std::string role;         // malicious, victim, reference, benign, placeholder ("" in casebooks
                            // analysed before roles: run jikenbo reanalyze)
  std::string role_reason;  // the cue, heading or host that decided it
  Span evidence;
  bool operator==(const Indicator&) const = default;
};

// A cue phrase that spoke for an incident type (the explanation of the type decision).
struct TypeCue {
  std::string type;
  double weight = 0;
  Span evidence;
  bool operator==(const TypeCue&) const = default;
};

// A field whose value the analysis is unsure of, and why ("a single weak cue", "two candidates
// close together", "resolved from a relative phrase" ...). A field not listed is high confidence.
struct Doubt {
  std::string field;  // "kind", "type", "title_org", "announce_date", "incident_date", ...
  std::string reason;
  bool operator==(const Doubt&) const = default;
};

struct FieldConfidence {
  bool low = false;
  std::string reason;  // why it is low
};

struct Incident {
  std::optional<std::string> kind;  // incident | advisory | threat_report | commentary | off_topic
  std::optional<std::string> type;  // taxonomy slug
  std::optional<std::string> type_runner_up;
  std::vector<TypeCue> type_cues;  // every cue found, for every type, in text order
  std::optional<std::string> case_no;
  std::optional<std::string> source_ref;  // the publisher's own number, e.g. 2023-222
  std::optional<std::string> title_org;
  // The victim organisation's normalised core (legal form, spaces and case dropped): the
  // announcer, else the organisation the report is about. What the casebook links reports by.
  std::optional<std::string> org_key;
  // Keys of the organisation's other names that the report gives beside its name (its English
  // name in brackets after the Japanese one, or the other way round).
  std::vector<std::string> org_aliases;
  std::vector<std::string> victim_orgs;
  std::optional<std::string> org_kind;
  std::optional<std::string> announce_date;
  std::optional<std::string> incident_date;
  // The wording that makes this report a follow-up of an earlier one (第2報, 続報, 最終報,
  // a reference to an earlier announcement); unset for a first report.
  std::optional<std::string> follow_up;
  std::vector<AffectedCount> affected;
  std::vector<std::string> data_items;
  std::vector<ReportedTo> reported_to;
  std::optional<std::string> cause;
  std::vector<std::string> countermeasures;
  std::optional<int64_t> compensation_jpy_per_person;
  std::vector<std::string> source_urls;
  std::vector<Indicator> indicators;
  std::vector<std::string> summary;
  std::vector<Evidence> evidence;  // field -> span, several per field allowed
  std::vector<Doubt> doubts;       // the low-confidence fields, each once
  bool operator==(const Incident&) const = default;
};

// The key of an organisation from its name without legal forms written out (株式会社 …, which
// the caller strips with its own list): abbreviated forms ((株), (有) …), a qualifier before 「・」
// (「青森・架空町」), spaces, ASCII case and English company endings dropped. The one
// normalisation behind Incident::org_key and the casebook's keys of victims.
std::string OrgKeyOfCore(std::string core);

// The confidence of one field: low when it is among inc.doubts.
FieldConfidence ConfidenceOf(const Incident& inc, std::string_view field);
// Marks a field low confidence (the first reason given is kept).
void AddDoubt(Incident* inc, std::string field, std::string reason);
// The fields that carry a confidence, in display order.
const std::vector<std::string>& ConfidenceFields();

}  // namespace jikenbo::model
