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

// STIX timestamp of an ISO date (day, month or year precision; midnight UTC, milliseconds).
std::string StixTime(const std::string& iso_date);

// CSV of articles: one row per article, the fields of the JSON export flattened (lists joined
// by ';'), UTF-8; with bom the file starts with a byte-order mark so that spreadsheet software
// reads the Japanese text as UTF-8.
std::string CsvHeader(bool bom);
std::string CsvRow(const store::ArticleRecord& record);

// A STIX 2.1 bundle of cases: per case an identity per organisation, an incident, a report of
// each notice (external references to its source URLs and archived original), indicators with
// patterns, vulnerabilities and attack patterns, and relationships tying them together.
nlohmann::ordered_json StixBundle(const std::vector<CaseFile>& cases, const std::string& now);

// MISP events, one per case ({"response": [{"Event": …}, …]}, the form of MISP's restSearch).
nlohmann::ordered_json MispEvents(const std::vector<CaseFile>& cases);

// VERIS-style incidents, one per case with a date (VERIS needs the year; undated cases are left
// out), as a JSON array.
nlohmann::ordered_json VerisIncidents(const std::vector<CaseFile>& cases);

}  // namespace jikenbo::report
