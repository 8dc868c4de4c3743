// Helpers shared by the STIX, MISP and VERIS writers (interchange.h).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "report/cases.h"
#include "report/lexicon.h"

namespace jikenbo::report::interchange {

// The stable name of a case in ids: "case 2031-004", or the document and ordinal of a report
// without a case number (an advisory).
std::string CaseKey(const CaseFile& c);

// The case's date: its announcement (else incident) date, else the day its first report was
// archived; `from_archive` says which.
std::string CaseDate(const CaseFile& c, bool* from_archive = nullptr);

// The case's time as a STIX timestamp: midnight of its date, else the first archive time.
std::string CaseTime(const CaseFile& c);

// The Unix time of a STIX timestamp, in seconds, as MISP writes it ("1951955200").
std::string EpochSeconds(const std::string& stix_time);

// Does the text read as Japanese (kana or kanji among its first characters)?
bool Japanese(const std::string& text);

// The three-bullet summary of a report as plain text, one "- " line each ("" when none).
std::string SummaryText(const store::ArticleRecord& r, const Lexicon& lexicon);

// The common properties of a STIX object.
nlohmann::ordered_json StixCommon(const std::string& type, const std::string& id,
                                  const std::string& time);

}  // namespace jikenbo::report::interchange
