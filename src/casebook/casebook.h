// The casebook: case numbers YYYY-NNN in order of announcement within each year, reports of the
// same incident linked under one number (with the reason), and for each incident the most
// similar earlier incidents. Pure: records in, assignment out; deterministic, so re-running it
// over the same casebook gives the same numbers.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace jikenbo::casebook {

struct CaseInput {
  int64_t id = 0;  // article id: ingestion order breaks ties
  std::optional<std::string> type;
  std::optional<std::string> announce_date;
  std::optional<std::string> incident_date;
  std::optional<std::string> source_ref;  // the publisher's own number
  std::optional<std::string> title_org;
  std::vector<std::string> data_items;
  std::string title;
  std::string text;
};

struct Link {
  int64_t article_id = 0;
  int64_t other_id = 0;
  std::string relation;  // "same_incident" or "related"
  double score = 0;
  std::string reason;
};

struct Assignment {
  std::map<int64_t, std::string> case_no;  // article id -> YYYY-NNN
  std::vector<Link> links;
};

struct Options {
  int same_incident_days = 14;  // reports further apart are never the same incident
  // Later cases of the same type compared with each case (bounds the work when hundreds of
  // notices share a fortnight; far above the tens a real casebook sees).
  size_t same_incident_candidates = 500;
  size_t related_per_case = 3;
  size_t related_candidates = 300;  // most recent earlier incidents looked at per type
};

// REQUIRES: every input is an incident.
Assignment Number(const std::vector<CaseInput>& incidents, const Options& options = {});

}  // namespace jikenbo::casebook
