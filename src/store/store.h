// The casebook store: archived documents (original bytes keyed by SHA-256), their articles with
// every incident field, and full-text search. SQLite is the embedded default; PostgreSQL the
// shared casebook of a team (several writers on several machines).
// A Store is not thread-safe: use one per thread (SQLite WAL lets processes share the file).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "casebook/casebook.h"
#include "model/document.h"
#include "model/edit.h"

namespace jikenbo::store {

struct ArticleRecord {
  int64_t id = 0;  // stable article number in this casebook
  int64_t document_id = 0;
  std::string doc_path;  // path as given to ingest (local: never shown outside this machine)
  std::string doc_sha256;
  std::optional<std::string> doc_url;  // where the document was fetched from, if it was
  std::string archived_at;             // when it was archived (ISO 8601 UTC)
  model::Article article;
};

struct AddResult {
  bool duplicate = false;  // the same bytes were already archived: nothing written
  int64_t document_id = 0;
  size_t articles = 0;  // articles written (0 for a duplicate)
};

struct ListQuery {
  size_t limit = 50;  // 0 = no limit
  size_t offset = 0;
  std::optional<std::string> kind;
  std::optional<std::string> type;
  std::optional<std::string> indicator;  // cases that mention this indicator value
  std::optional<std::string> case_no;    // the reports of this case
};

// The most articles a search ranks (the newest that match); see Store::Search.
inline constexpr size_t kSearchCandidates = 2000;

struct SearchHit {
  ArticleRecord record;                                   // record.article.text is left empty
  double score = 0;                                       // higher is better
  std::string snippet;                                    // text around the first match
  std::vector<std::pair<uint32_t, uint32_t>> highlights;  // byte ranges of matches in snippet
};

struct ArchivedDocument {
  int64_t id = 0;
  model::Document document;  // bytes included; text when it differs from the bytes
  std::string ingested_at;   // ISO 8601 UTC
};

// What `watch` remembers of a feed between polls.
struct SourceState {
  std::string url;
  std::string etag;           // of the last 200 response
  std::string last_modified;  // likewise
  std::string last_polled;    // ISO 8601 UTC
  std::string last_status;    // "ok", "unchanged" or the error
};

struct Counts {
  int64_t documents = 0;
  int64_t articles = 0;
  // Committed writes so far (ingests, corrections, merges, re-analyses, by any process): a
  // reader whose copy was made at another value knows the casebook changed.
  int64_t changes = 0;
};

// One line of the log of analysts' acts: a field corrected, two cases merged, a report split.
struct LogEntry {
  int64_t id = 0;
  std::string at;  // ISO 8601 UTC
  std::string who;
  std::string action;      // "edit", "merge", "split" or "dismiss"
  int64_t article_id = 0;  // edit, split: the report (0 when no report has that place any more)
  std::string case_no;     // the case it concerned (merge: the number kept)
  std::string other;       // merge: the number merged into case_no; split: the number given;
                           // dismiss: the case the analyst judged a different incident
  std::string field, op, value, old_value, new_value;  // edit
};

// Two cases the casebook thinks may be one incident (a report linked both; only an analyst
// merges): for the review queue (jikenbo case review).
struct PossibleSame {
  std::string case_no, other_case_no;
  int64_t article_id = 0, other_article_id = 0;  // the reports the link joins
  std::string title, other_title;
  std::string reason;
};

// A correction as it applies to a report now, for `eval --corrections`.
struct CorrectionRecord {
  int64_t article_id = 0;
  model::Edit edit;
  std::string new_value;  // the field's value after the correction
};

class Store {
 public:
  virtual ~Store() = default;
  // Archives the document and writes its articles atomically: either all of it is stored or
  // nothing. Same bytes again => duplicate, no write. Outside a batch this is one transaction;
  // inside one, a savepoint that CommitBatch() makes durable.
  virtual Result<AddResult> AddDocument(const model::Document& doc,
                                        const std::vector<model::Article>& articles) = 0;
  virtual Result<bool> HasDocument(const std::string& sha256) = 0;
  // Groups the writes that follow into one transaction (much faster for many small documents:
  // one commit and one full-text index flush per batch). On SQLite a crash before CommitBatch()
  // loses the whole batch and nothing else; on PostgreSQL, where other writers may offer the
  // same documents, each document is committed as it is stored. Either way each document stays
  // all-or-nothing. Not nestable.
  virtual Status BeginBatch() = 0;
  virtual Status CommitBatch() = 0;
  virtual bool InBatch() const = 0;
  // Whether a batch commits each document as it is stored (PostgreSQL) rather than at
  // CommitBatch() (SQLite).
  virtual bool CommitsEachDocument() const = 0;
  virtual Result<std::vector<ArticleRecord>> List(const ListQuery& query) = 0;
  virtual Result<ArticleRecord> Get(int64_t id) = 0;
  // The articles of these ids, in the order given (ids with no article are left out): a few
  // queries for every 64 ids, not a Get each.
  virtual Result<std::vector<ArticleRecord>> GetMany(const std::vector<int64_t>& ids) = 0;
  // As GetMany, without what a list of cases does not show: no text, offset map, evidence
  // spans, type cues or indicators (fewer queries and bytes: serve's list pages).
  virtual Result<std::vector<ArticleRecord>> GetHeads(const std::vector<int64_t>& ids) = 0;
  // Japanese and English; Japanese queries of any length (two characters included). A query that
  // matches more than kSearchCandidates articles is ranked among its newest kSearchCandidates
  // (the first page of a common word answers without ranking the whole casebook).
  virtual Result<std::vector<SearchHit>> Search(std::string_view query, size_t limit) = 0;
  // The ids of Search's hits, best first, without reading the articles.
  virtual Result<std::vector<int64_t>> SearchIds(std::string_view query, size_t limit) = 0;
  // Calls fn for every article in (document, line) order, streaming; stops at fn's first error.
  virtual Status ForEach(const std::function<Status(const ArticleRecord&)>& fn) = 0;
  virtual Result<Counts> Count() = 0;
  // Ends any read the connection still holds open, so that its next read sees every commit
  // made since (by this process or another). Long-lived connections call it between requests.
  virtual void EndRead() = 0;
  // The incidents not yet numbered (new since the last numbering), as the casebook needs them,
  // oldest first (by the date the casebook orders cases by, then id); at most `limit` (0: all).
  virtual Result<std::vector<casebook::CaseInput>> PendingIncidents(size_t limit = 0) = 0;
  // The numbered incidents a probe names (casebook::Probe), each once.
  virtual Result<std::vector<casebook::CaseInput>> CaseNeighbours(const casebook::Probe& probe) = 0;
  // The highest case number ever issued, per year.
  virtual Result<std::map<std::string, int64_t>> CaseCounters() = 0;
  // Writes the casebook's decisions for the pending incidents in one transaction (a savepoint
  // inside a batch): their numbers and links, numbers moved by a merge, retired numbers and the
  // counters; the incidents leave the pending list.
  virtual Status ApplyCases(const casebook::Assignment& assignment) = 0;
  // Corrects fields of an article (all edits or none; InvalidInput names a bad one), keeping
  // each correction apart from the analysis with who, when, old and new value. An article that
  // becomes an incident waits for a number; one that stops being one leaves its case.
  virtual Status Correct(int64_t article_id, const std::vector<model::Edit>& edits,
                         const std::string& who) = 0;
  // The log, oldest first: every act, or those of one case (its reports and merges).
  virtual Result<std::vector<LogEntry>> Log(const std::string& case_no) = 0;
  // Every correction whose report still exists, in the order made.
  virtual Result<std::vector<CorrectionRecord>> Corrections() = 0;
  // Moves every report of case `other` into case `keep`; `other` is retired (never issued
  // again). NotFound when either case has no report; InvalidInput when they are the same.
  virtual Status MergeCases(const std::string& keep, const std::string& other,
                            const std::string& who) = 0;
  // Takes a report out of its case: a report a merge brought in goes back, with the others it
  // brought, to the number it had; any other report gets a new number. Returns that number.
  virtual Result<std::string> SplitReport(int64_t article_id, const std::string& who) = 0;
  // Re-analysis of an archived document: its articles are replaced by `articles` (same ordinal,
  // same article id and case number; new ordinals are added, vanished ones deleted) and the
  // corrections of each are applied again. Returns how many corrections were re-applied.
  virtual Result<size_t> ReplaceAnalysis(int64_t document_id,
                                         const std::vector<model::Article>& articles) = 0;
  // Marks a case published (an editor's act; again: the first date stays). NotFound when the
  // case has no report.
  virtual Status Publish(const std::string& case_no, const std::string& who) = 0;
  // Published cases, newest first: (case number, published at).
  virtual Result<std::vector<std::pair<std::string, std::string>>> Published(size_t limit) = 0;
  // Where a retired case number went (a merge), if it was retired.
  virtual Result<std::optional<std::string>> RetiredCase(const std::string& case_no) = 0;
  // Pairs of cases flagged possible_same that no analyst has merged or dismissed, by number.
  virtual Result<std::vector<PossibleSame>> PossibleSames() = 0;
  // An analyst's judgement that two cases are different incidents: the pair leaves the review
  // queue (logged as "dismiss").
  virtual Status DismissPossibleSame(const std::string& case_no, const std::string& other,
                                     const std::string& who) = 0;
  // Links of one article (same incident and related), both directions.
  virtual Result<std::vector<casebook::Link>> Links(int64_t article_id) = 0;
  // The archived originals a key names, oldest first: a SHA-256 (or a prefix of at least 8 hex
  // digits) or a case number (every document with an article of that case). Empty if none.
  virtual Result<std::vector<ArchivedDocument>> Archived(const std::string& key) = 0;
  // Feed state for watch: unknown feeds come back with only the url set.
  virtual Result<SourceState> Source(const std::string& url) = 0;
  virtual Status PutSource(const SourceState& state) = 0;
  virtual Result<bool> SeenItem(const std::string& feed_url, const std::string& key) = 0;
  virtual Status MarkSeen(const std::string& feed_url, const std::string& key,
                          const std::string& sha256) = 0;
};

struct SqliteOptions {
  int busy_timeout_ms = 5000;  // wait this long for another writer before failing
  // The connection's page cache. Ingest wants a large one; a server's many read connections
  // each a small one (the operating system caches the file for all of them).
  int64_t cache_kib = 65536;
};

// Opens or creates the casebook at path (":memory:" for tests), migrating the schema to the
// current version. Fails with Corrupt when the file is not a jikenbo casebook.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, SqliteOptions options = {});

// Current schema version (PRAGMA user_version).
inline constexpr int kSchemaVersion = 11;

// Whether a --db value names a PostgreSQL database (postgresql:// or postgres:// URI).
bool IsPostgresUri(std::string_view db);

// Connects to a PostgreSQL 15 casebook (any libpq connection URI), creating or migrating its
// tables. Fails with Corrupt for a database of another application or a newer schema, with
// IoError (password removed from the message) when the server cannot be reached.
Result<std::unique_ptr<Store>> OpenPostgresStore(const std::string& uri);

// Opens the casebook a --db value names: a PostgreSQL URI or a SQLite file (with `sqlite`).
Result<std::unique_ptr<Store>> OpenStore(const std::string& db, const SqliteOptions& sqlite = {});
// A --db value as it may be shown: a PostgreSQL URI without its password.
std::string DisplayName(const std::string& db);

// Copies a whole casebook into a new, empty one, either backend to either (jikenbo migrate):
// archive bytes, articles, cases, links, corrections, the log, feed state; the search index is
// rebuilt. All or nothing. Rows copied per table.
struct CopySummary {
  std::map<std::string, int64_t> rows;
};
Result<CopySummary> CopyCasebook(const std::string& from, const std::string& to);

}  // namespace jikenbo::store
