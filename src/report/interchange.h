// Exports for the ecosystem: CSV of articles (spreadsheet-safe), STIX 2.1 bundles, MISP events
// and VERIS incidents of cases, and the indicator mappings `jikenbo ioc` shares with them.
// Ids are name-based UUIDs (version 5 layout), so a re-export updates rather than duplicates.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "report/cases.h"
#include "report/lexicon.h"
#include "store/store.h"

namespace jikenbo::report {

// A name-based UUID: the same text always gives the same id.
std::string NameUuid(const std::string& text);

// A masked value ("…/AbCd…sha256:1234abcd") cut before its mask: the part every secret shares.
std::string UnmaskedPrefix(const std::string& value);

// The STIX 2.1 pattern of an indicator ("[domain-name:value = 'evil.example']"), or nullopt for
// types STIX has no observable for (wallets, CVE and ATT&CK ids, which become SDOs instead).
std::optional<std::string> StixPattern(const std::string& type, const std::string& value);

// The STIX object of one indicator: an indicator with its pattern, a vulnerability (CVE) or an
// attack pattern (ATT&CK id), created at `time`; nullopt for types STIX has no object for.
std::optional<nlohmann::ordered_json> StixObject(const std::string& type, const std::string& value,
                                                 const std::vector<std::string>& tags,
                                                 const std::string& time);

// The MISP attribute type and category of an indicator type.
std::pair<std::string, std::string> MispTypeCategory(const std::string& type);

// True for private, loopback, link-local, reserved and documentation addresses: never for IDS.
bool ReservedTags(const std::vector<std::string>& tags);

// Is an indicator for detection (a STIX indicator, a MISP attribute with to_ids)? Only a
// malicious one (extract/ioc_roles.h) that is no reserved address and has an observable type.
bool ForDetection(const std::string& role, const std::string& type,
                  const std::vector<std::string>& tags);

// The MISP attribute of an indicator: to_ids only when ForDetection(); a URL that is not
// malicious becomes a link; the comment gives the role, its reason and the tags.
nlohmann::ordered_json MispAttribute(const std::string& type, const std::string& value,
                                     const std::vector<std::string>& tags, const std::string& role,
                                     const std::string& reason, const std::string& uuid);

// Where a report came from, for readers elsewhere: its source URL, else the file's name
// ("notice.pdf"; callers add the archive hash); never the ingesting machine's path.
std::string PublicSource(const store::ArticleRecord& record);

// STIX timestamp of an ISO date (day, month or year precision; midnight UTC, milliseconds).
std::string StixTime(const std::string& iso_date);

// CSV of articles: one row per article, the fields of the JSON export flattened (lists joined
// by ';'), UTF-8; with bom the file starts with a byte-order mark so that spreadsheet software
// reads the Japanese text as UTF-8.
std::string CsvHeader(bool bom);
std::string CsvRow(const store::ArticleRecord& record);

// A STIX 2.1 bundle of cases. An incident: an incident object, an identity per organisation,
// a report per notice (external references to its source URL and the archive's SHA-256), the
// malicious indicators, vulnerabilities and attack patterns, and relationships tying them
// together. An advisory: a report with its indicators and the organisation it names, no
// incident. Timestamps come from the case (announcement, else first archive time), never from
// the clock, so a re-export is identical; an empty window gives a bundle without objects.
// `description` is the three-bullet summary, `lang` "ja" for Japanese notices.
nlohmann::ordered_json StixBundle(const std::vector<CaseFile>& cases, const Lexicon& lexicon);

// MISP events, one per case, as a JSON array of {"Event": …} (each loadable by PyMISP's
// MISPEvent.load): date and timestamp from the case, the malicious indicators with to_ids, the
// rest with to_ids false; an advisory is tagged jikenbo:kind="advisory" with a low threat level.
nlohmann::ordered_json MispEvents(const std::vector<CaseFile>& cases);

// A MISP feed of the same events: file name -> content for manifest.json, <uuid>.json per event
// and hashes.csv (MD5 of each attribute value, event uuid), what a MISP instance subscribes to.
std::vector<std::pair<std::string, std::string>> MispFeed(const std::vector<CaseFile>& cases);

// VERIS 1.4.0 incidents, one per incident case (advisories are no incidents), as a JSON array;
// victim country JP for a Japanese organisation, NAICS industry from the organisation kind; an
// undated case takes its announcement or archive date and says so in `notes`.
// `summary` is the title and the three bullets.
nlohmann::ordered_json VerisIncidents(const std::vector<CaseFile>& cases, const Lexicon& lexicon);

}  // namespace jikenbo::report
