// JSON forms of casebook records: the export object of each article (one JSON Lines record) and
// the search hit. Pure: records in, JSON out. Text is valid UTF-8 by construction; any invalid
// byte that slipped through is replaced, never thrown on.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "report/timeline.h"
#include "store/store.h"

namespace jikenbo::report {

struct JsonOptions {
  bool include_text = false;  // add the article's full text under "text"
};

// The export object: doc, line, title, kind, type, case_no, source_ref, title_org, victim_orgs,
// org_kind, announce_date, incident_date, affected, data_items, reported_to,
// compensation_jpy_per_person, source_urls, indicators, summary, evidence (+ id and locations).
nlohmann::ordered_json ArticleJson(const store::ArticleRecord& record,
                                   const JsonOptions& options = {});

nlohmann::ordered_json SearchHitJson(const store::SearchHit& hit);

// A case: case_no, its merged fields (the export keys of ArticleJson) with `from` (field -> the
// report its value came from), the timeline of its reports and the conflicts between them.
nlohmann::ordered_json CaseJson(const CaseView& view);

// One line of JSON (no trailing newline), invalid UTF-8 replaced.
std::string Dump(const nlohmann::ordered_json& value, int indent = -1);

}  // namespace jikenbo::report
