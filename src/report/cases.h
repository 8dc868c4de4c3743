// The casebook seen as cases: the reports of one incident (one case number) grouped, each
// advisory on its own, filtered by a window of dates, types and kinds. What the digest, the
// statistics and the per-case exports read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace jikenbo::report {

struct CaseFile {
  store::ArticleRecord primary;               // the report the case is told from
  std::vector<store::ArticleRecord> reports;  // every report in the window, primary first
  std::string date;  // announcement date (else incident date) of the primary; "" if none
  // When the case has several reports, primary.article.incident holds the case's merged fields
  // (report/timeline.h) and `from` names the report each came from (field -> article id).
  std::map<std::string, int64_t> from;
};

struct CaseQuery {
  std::optional<std::string> from;  // ISO date (or month, year), inclusive
  std::optional<std::string> to;    // inclusive
  std::vector<std::string> types;   // any of these (empty: all)
  std::vector<std::string> kinds = {"incident", "advisory"};
  std::optional<std::string> case_no;  // only this case
  bool compact = false;                // keep each report compact (CompactReport)
};

// A report reduced to what lists, filters, statistics, indicator tables and TAXII read: no
// offset map, evidence spans or type cues, and no text past its first 4 KiB (the language test
// of the interchange formats reads no further). For a server's in-memory catalogue.
void CompactReport(store::ArticleRecord* r);

// Does an ISO date of day, month or year precision overlap [from, to]? Undated never does when
// a bound is set.
bool InWindow(const std::string& date, const std::optional<std::string>& from,
              const std::optional<std::string>& to);

// Fails with InvalidInput when a date bound is no ISO date.
Status CheckWindow(const CaseQuery& query);

// One case from its reports, in the order they were archived: the fullest report is the
// primary, and when there are several the case's fields are merged from them all (as
// CollectCases assembles each case).
CaseFile AssembleCase(std::vector<store::ArticleRecord> reports);

// Cases matching the query, newest first (then by case number). Fails on a bad date bound.
Result<std::vector<CaseFile>> CollectCases(store::Store& store, const CaseQuery& query);

}  // namespace jikenbo::report
