// The casebook: case numbers YYYY-NNN, every report of one incident (the organisation's notice,
// its follow-ups, news and blog copies) under one number with the reason of each link, and for
// each incident the most similar earlier incidents. Pure: records in, decisions out.
//
// Numbers are stable. Assign() decides only the fresh reports: each joins the case of a report
// it is linked to, or opens a case with the next number of its year; a number once issued is
// never issued again (`counters`), and an existing case keeps its number when later reports,
// follow-ups or older notices arrive. Existing cases are merged only by an analyst: a fresh
// report that links two of them joins one and flags the other ("possible_same"). Number() is
// Assign() over an empty casebook: within one batch, new cases are numbered in order of
// announcement within each year.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace jikenbo::casebook {

struct CaseInput {
  int64_t id = 0;                      // article id: ingestion order breaks ties
  std::optional<std::string> case_no;  // set for a report already numbered
  std::optional<std::string> type;
  std::optional<std::string> announce_date;
  std::optional<std::string> incident_date;
  std::optional<std::string> source_ref;  // the publisher's own number
  std::optional<std::string> title_org;
  std::string org_key;                   // model::Incident::org_key ("" when none)
  std::vector<std::string> org_aliases;  // model::Incident::org_aliases
  std::optional<std::string> follow_up;  // the follow-up wording (第2報 …)
  std::optional<std::string> doc_url;    // where the report's document came from
  std::vector<std::string> source_urls;  // URLs the report cites
  std::optional<int64_t> headline;       // the first affected count
  std::vector<std::string> victim_orgs;  // every victim organisation named (the announcer first)
  std::vector<std::string> data_items;
  std::string title;
  std::string text;
};

struct Link {
  int64_t article_id = 0;  // the earlier report (same_incident) or the later incident (related)
  int64_t other_id = 0;
  std::string relation;  // "same_incident", "possible_same" or "related"
  double score = 0;
  std::string reason;
};

struct Assignment {
  std::map<int64_t, std::string> case_no;   // the fresh reports' numbers
  std::vector<Link> links;                  // every link that has a fresh report at one end
  std::map<std::string, int64_t> counters;  // year -> highest number ever issued
};

struct Options {
  int same_incident_days = 14;  // reports of one incident without further evidence
  int follow_up_days = 366;     // a follow-up, or a report sharing the incident's facts
  int incident_date_days = 31;  // incident dates further apart: different incidents
  // Cases of the same type compared with each fresh case on either side in date order (bounds
  // the work when hundreds of notices share a fortnight).
  size_t same_incident_candidates = 500;
  // Reports of the same organisation compared with each fresh one on either side in date order.
  size_t same_organisation_candidates = 50;
  size_t related_per_case = 3;
  size_t related_candidates = 300;  // most recent earlier incidents looked at per type
};

// What the store supplies besides the fresh reports: every numbered incident that shares an
// org key, a publisher number or a URL with one of them, each numbered incident of a fresh
// report's type announced within `days` of it, and the `related` latest earlier ones.
struct Probe {
  std::set<std::string> org_keys;
  std::set<std::string> source_refs;
  std::set<std::string> urls;  // doc_url or cited URL of a fresh report
  struct Window {
    std::string type;
    std::string from;  // ISO date, inclusive
    std::string to;
  };
  std::vector<Window> windows;  // merged per type
  int days = 14;
  size_t related = 300;
};
Probe ProbeFor(const std::vector<CaseInput>& fresh, const Options& options = {});

// REQUIRES: every input is an incident; `known` are numbered (case_no set), `fresh` are not.
Assignment Assign(const std::vector<CaseInput>& known, const std::vector<CaseInput>& fresh,
                  std::map<std::string, int64_t> counters, const Options& options = {});

// Numbers a whole casebook from scratch.
Assignment Number(const std::vector<CaseInput>& incidents, const Options& options = {});

// Is a report of type `later` compatible with an earlier report of type `earlier` of the same
// incident? Equal, unknown, or a follow-up that sharpens a vague type (不正アクセス then
// ランサムウェア).
bool CompatibleTypes(const std::optional<std::string>& earlier,
                     const std::optional<std::string>& later);

// The key of an organisation name where the extractor's is not at hand (victims, reports stored
// before keys were): legal forms, a qualifier before 「・」, spaces and ASCII case dropped.
std::string FallbackOrgKey(std::string name);

}  // namespace jikenbo::casebook
