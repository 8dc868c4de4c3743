// A case told as its reports: each report with its date, what it is and what it changed, and
// the case's fields merged from them with the report each value came from. What `show --case`,
// the case page and the JSON of a case read.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "model/incident.h"
#include "store/store.h"

namespace jikenbo::report {

// What a report is: "notice" (the organisation's own), "follow_up" (its later report),
// "news" (someone else's report), "blog" (a casebook publisher's numbered entry) or
// "digest_item" (one entry of a page of many).
std::string ReportRole(const store::ArticleRecord& r);
// Words for a role, for people: 「組織の発表」 … in Japanese, "organisation's notice" … in English.
std::string RoleLabel(const std::string& role, bool japanese);

struct TimelineEntry {
  int64_t article_id = 0;
  std::string date;  // announcement date ("" when undated)
  std::string role;
  std::string title;
  std::vector<std::string> changes;  // what it changed ("affected: 500 persons → 612 persons")
};

struct CaseView {
  std::string case_no;
  std::vector<TimelineEntry> timeline;  // in date order (undated last), then ingestion order
  model::Incident merged;               // the case's fields
  std::map<std::string, int64_t> from;  // field -> the report its value came from
  std::vector<std::string> conflicts;   // reports that disagree, and which value the case shows
};

// REQUIRES: reports of one case (any order). A field's value comes from the report that ranks
// highest: the organisation's own reports over others, then the latest; `primary` (an article
// id, 0 for none) wins ties.
CaseView BuildCase(const std::vector<store::ArticleRecord>& reports, int64_t primary = 0);

// The primary report's incident with the case's merged fields laid over it: evidence, type cues
// and doubts are kept only for the fields whose value is the primary's own.
model::Incident MergedIncident(const CaseView& view, const store::ArticleRecord& primary);

}  // namespace jikenbo::report
