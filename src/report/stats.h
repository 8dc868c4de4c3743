// Statistics of the incidents of a window: counts and affected totals grouped by type, month,
// organisation kind, data item or authority reported to; the share reported to the PPC; the
// most frequent data items. An incident counts once however many reports it has; its affected
// total per unit is the largest count of that unit it states.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/cases.h"
#include "report/lexicon.h"

namespace jikenbo::report {

struct StatRow {
  std::string key;  // the group ("misdelivery", "2031-05", "(none)" ...)
  int64_t incidents = 0;
  int64_t persons = 0;
  int64_t records = 0;
  int64_t cards = 0;
  int64_t reported_to_ppc = 0;  // incidents reported to the PPC
};

struct Stats {
  std::string by;             // type, month, org_kind, data_item, reported_to
  std::vector<StatRow> rows;  // largest group first (months in order)
  StatRow total;              // every incident once (a grouping by data item or authority
                              // counts an incident in each of its groups; the total does not)
  std::vector<std::pair<std::string, int64_t>> top_data_items;  // most frequent first
  // Month -> type -> incidents, for the stacked monthly chart.
  std::map<std::string, std::map<std::string, int64_t>> month_type;
};

// The groupings `by` may name.
const std::vector<std::string>& StatGroupings();

// What the statistics read of one incident (a case's merged fields); views into the caller's
// strings (a server makes them from its index of the cases; ComputeStats from the cases).
struct StatFacts {
  std::string_view type, org_kind;                        // "" when none
  std::string_view date;                                  // the case's date (ISO), "" when undated
  std::vector<std::string_view> data_items, authorities;  // authorities reported to
  std::optional<int64_t> persons, records, cards;         // the largest count of each unit
};

// The facts of a case (of kind incident).
StatFacts FactsOf(const CaseFile& c);

// Statistics built one incident at a time. REQUIRES: by is one of StatGroupings().
class StatsBuilder {
 public:
  explicit StatsBuilder(std::string by);
  void Add(const StatFacts& incident);
  Stats Finish() &&;

 private:
  Stats stats_;
  std::map<std::string, StatRow> rows_;
  std::map<std::string, int64_t> items_;
};

// REQUIRES: by is one of StatGroupings(). Reads only the cases of kind incident.
Stats ComputeStats(const std::vector<CaseFile>& cases, const std::string& by);
Stats ComputeStats(const std::vector<const CaseFile*>& cases, const std::string& by);

// Renderings: an aligned text table, CSV (header row), JSON, and an SVG chart (stacked monthly
// bars by type for month, horizontal bars of incidents otherwise). Labels come from the lexicon.
std::string StatsTable(const Stats& stats, const Lexicon& lexicon);
std::string StatsCsv(const Stats& stats);
std::string StatsJson(const Stats& stats);
std::string StatsSvg(const Stats& stats, const Lexicon& lexicon);

}  // namespace jikenbo::report
