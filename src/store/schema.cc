#include "store/schema.h"

#include <fmt/format.h>

#include "store/store.h"

namespace jikenbo::store {
namespace {

// Version 1: the archive, articles with every incident field of PRODUCT.md, child tables for
// list-valued fields, evidence spans, indicators, case links, related incidents and FTS.
constexpr const char* kV1 = R"sql(
CREATE TABLE documents (
  id           INTEGER PRIMARY KEY,
  sha256       TEXT NOT NULL UNIQUE,
  path         TEXT NOT NULL,
  content_type TEXT NOT NULL,
  encoding     TEXT NOT NULL,
  size         INTEGER NOT NULL,
  bytes        BLOB NOT NULL,
  front_matter TEXT NOT NULL DEFAULT '',
  url          TEXT,
  fetched_at   TEXT,
  ingested_at  TEXT NOT NULL
);
CREATE TABLE articles (
  id            INTEGER PRIMARY KEY,
  document_id   INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
  ordinal       INTEGER NOT NULL,
  line          INTEGER NOT NULL,
  end_line      INTEGER NOT NULL,
  source_begin  INTEGER NOT NULL,
  source_end    INTEGER NOT NULL,
  source_map    TEXT,
  start_rule    TEXT NOT NULL,
  title         TEXT NOT NULL,
  title_begin   INTEGER NOT NULL,
  title_end     INTEGER NOT NULL,
  text          TEXT NOT NULL,
  kind          TEXT,
  type          TEXT,
  type_runner_up TEXT,
  source_ref    TEXT,
  title_org     TEXT,
  org_kind      TEXT,
  announce_date TEXT,
  incident_date TEXT,
  cause         TEXT,
  compensation_jpy_per_person INTEGER,
  UNIQUE (document_id, ordinal)
);
-- Case numbers live apart from the (large) article rows: renumbering rewrites only this table.
CREATE TABLE case_numbers (
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
  case_no    TEXT NOT NULL
);
CREATE INDEX case_numbers_no ON case_numbers(case_no);
CREATE INDEX articles_type ON articles(type);
CREATE INDEX articles_announce ON articles(announce_date);
-- One row per list item of an article's field: victim_orgs, data_items, countermeasures,
-- source_urls, summary. Order is kept by ordinal.
CREATE TABLE article_values (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  field      TEXT NOT NULL,
  ordinal    INTEGER NOT NULL,
  value      TEXT NOT NULL,
  PRIMARY KEY (article_id, field, ordinal)
) WITHOUT ROWID;
CREATE TABLE affected (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  ordinal    INTEGER NOT NULL,
  count      INTEGER NOT NULL,
  unit       TEXT NOT NULL,
  qualifier  TEXT NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end   INTEGER NOT NULL,
  PRIMARY KEY (article_id, ordinal)
) WITHOUT ROWID;
CREATE TABLE reported_to (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  ordinal    INTEGER NOT NULL,
  authority  TEXT NOT NULL,
  date       TEXT,
  span_begin INTEGER NOT NULL,
  span_end   INTEGER NOT NULL,
  PRIMARY KEY (article_id, ordinal)
) WITHOUT ROWID;
CREATE TABLE indicators (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  ordinal    INTEGER NOT NULL,
  type       TEXT NOT NULL,
  value      TEXT NOT NULL,
  tags       TEXT NOT NULL DEFAULT '[]',
  span_begin INTEGER NOT NULL,
  span_end   INTEGER NOT NULL,
  PRIMARY KEY (article_id, ordinal)
) WITHOUT ROWID;
CREATE INDEX indicators_value ON indicators(value);
-- The explanation of the type decision: every cue phrase found, with its weight.
CREATE TABLE type_cues (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  ordinal    INTEGER NOT NULL,
  type       TEXT NOT NULL,
  weight     REAL NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end   INTEGER NOT NULL,
  PRIMARY KEY (article_id, ordinal)
) WITHOUT ROWID;
CREATE TABLE evidence (
  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  ordinal    INTEGER NOT NULL,
  field      TEXT NOT NULL,
  span_begin INTEGER NOT NULL,
  span_end   INTEGER NOT NULL,
  PRIMARY KEY (article_id, ordinal)
) WITHOUT ROWID;
-- Why two articles share a case number, and similar earlier incidents.
CREATE TABLE case_links (
  article_id       INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  other_article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
  relation         TEXT NOT NULL,
  score            REAL NOT NULL DEFAULT 0,
  reason           TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (article_id, other_article_id, relation)
) WITHOUT ROWID;
-- Contentless: the index only (articles.text holds the text). Rows are indexed with
-- IndexText() (store/search_text.h); a delete must pass the same indexed values.
CREATE VIRTUAL TABLE articles_fts USING fts5(title, body, content = '',
  tokenize = 'unicode61 remove_diacritics 0');
)sql";

// v2: evidence spans and type cues move into two JSON columns of articles (they are only ever
// read per article, and as rows they were over half the rows an ingest wrote).
constexpr const char* kV2 = R"sql(
ALTER TABLE articles ADD COLUMN evidence_json TEXT NOT NULL DEFAULT '[]';
ALTER TABLE articles ADD COLUMN type_cues_json TEXT NOT NULL DEFAULT '[]';
UPDATE articles SET
  evidence_json = coalesce((SELECT json_group_array(json_array(field, span_begin, span_end))
                            FROM (SELECT * FROM evidence e WHERE e.article_id = articles.id
                                  ORDER BY ordinal)), '[]'),
  type_cues_json = coalesce((SELECT json_group_array(json_array(type, weight, span_begin,
                                                                span_end))
                             FROM (SELECT * FROM type_cues t WHERE t.article_id = articles.id
                                   ORDER BY ordinal)), '[]');
DROP TABLE evidence;
DROP TABLE type_cues;
)sql";

// v3: what decoding learns of a document: its decoded text (HTML, PDF, e-mail, feed items and
// text in other encodings; NULL when the bytes are the text), title and publication date.
constexpr const char* kV3 = R"sql(
ALTER TABLE documents ADD COLUMN text TEXT;
ALTER TABLE documents ADD COLUMN title TEXT;
ALTER TABLE documents ADD COLUMN published TEXT;
)sql";

// v4: watched feeds (conditional GET state) and the items already taken from each.
constexpr const char* kV4 = R"sql(
CREATE TABLE sources (
  url           TEXT PRIMARY KEY,
  etag          TEXT NOT NULL DEFAULT '',
  last_modified TEXT NOT NULL DEFAULT '',
  last_polled   TEXT NOT NULL DEFAULT '',
  last_status   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE TABLE seen_items (
  feed_url   TEXT NOT NULL,
  item_key   TEXT NOT NULL,
  first_seen TEXT NOT NULL,
  sha256     TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (feed_url, item_key)
) WITHOUT ROWID;
)sql";

// v5: links are looked up from either end (a case page shows the incidents that cite it).
constexpr const char* kV5 = R"sql(
CREATE INDEX case_links_other ON case_links(other_article_id);
)sql";

// v6: the fields the analysis is unsure of, each with its reason (low confidence), as JSON
// [[field, reason], ...]; a field not listed is high confidence.
constexpr const char* kV6 = R"sql(
ALTER TABLE articles ADD COLUMN doubts_json TEXT NOT NULL DEFAULT '[]';
)sql";

// v7: stable case numbers. Each report stores the key of its organisation and its follow-up
// wording; the highest number issued per year is kept so that no number is issued twice, and
// numbers retired by a merge remember where their reports went. Incidents not yet numbered
// wait in pending_cases (written with the article, cleared when it is numbered), so an ingest
// killed before numbering leaves work the next one finishes.
constexpr const char* kV7 = R"sql(
ALTER TABLE articles ADD COLUMN org_key TEXT;
ALTER TABLE articles ADD COLUMN follow_up TEXT;
CREATE INDEX articles_org_key ON articles(org_key) WHERE org_key IS NOT NULL;
CREATE INDEX articles_type_announce ON articles(type, announce_date) WHERE kind = 'incident';
CREATE INDEX articles_source_ref ON articles(source_ref) WHERE source_ref IS NOT NULL;
CREATE INDEX documents_url ON documents(url) WHERE url IS NOT NULL;
CREATE INDEX article_values_source_url ON article_values(value) WHERE field = 'source_urls';
CREATE TABLE case_counters (
  year TEXT PRIMARY KEY,
  last INTEGER NOT NULL
) WITHOUT ROWID;
INSERT INTO case_counters
  SELECT substr(case_no, 1, 4), max(CAST(substr(case_no, 6) AS INTEGER))
  FROM case_numbers GROUP BY substr(case_no, 1, 4);
CREATE TABLE retired_cases (
  case_no     TEXT PRIMARY KEY,
  merged_into TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE pending_cases (
  article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE
);
INSERT INTO pending_cases
  SELECT id FROM articles a WHERE kind = 'incident'
    AND NOT EXISTS (SELECT 1 FROM case_numbers c WHERE c.article_id = a.id);
-- Analysts' corrections, apart from the analysis: each names its report by document and
-- ordinal (stable across re-analysis) and is re-applied whenever the report is analysed again.
-- Together with case_actions it is the log of who changed what, when.
CREATE TABLE corrections (
  id         INTEGER PRIMARY KEY,
  doc_sha256 TEXT NOT NULL,
  ordinal    INTEGER NOT NULL,
  field      TEXT NOT NULL,
  op         TEXT NOT NULL,
  value      TEXT NOT NULL,
  old_value  TEXT NOT NULL,
  new_value  TEXT NOT NULL,
  who        TEXT NOT NULL,
  at         TEXT NOT NULL
);
CREATE INDEX corrections_report ON corrections(doc_sha256, ordinal);
-- Analysts' merges and splits of cases; `articles` lists (JSON) the reports a merge moved, so
-- that a split restores the number they had.
-- Cases an editor published (jikenbo publish): the entries of serve's /feed.atom.
CREATE TABLE published_cases (
  case_no      TEXT PRIMARY KEY,
  published_at TEXT NOT NULL,
  who          TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE case_actions (
  id       INTEGER PRIMARY KEY,
  action   TEXT NOT NULL,
  case_no  TEXT NOT NULL,
  other    TEXT NOT NULL DEFAULT '',
  articles TEXT NOT NULL DEFAULT '[]',
  who      TEXT NOT NULL,
  at       TEXT NOT NULL
);
)sql";

// v8: the keys of an organisation's other names (org_aliases, e.g. the English name a
// Japanese notice gives in brackets) are looked up like org_key when reports are linked.
constexpr const char* kV8 = R"sql(
CREATE INDEX article_values_org_alias ON article_values(value) WHERE field = 'org_aliases';
)sql";

// v9: the role of each indicator (malicious, victim, reference, benign, placeholder) and why;
// rows analysed before are '' until jikenbo reanalyze judges them.
constexpr const char* kV9 = R"sql(
ALTER TABLE indicators ADD COLUMN role TEXT NOT NULL DEFAULT '';
ALTER TABLE indicators ADD COLUMN role_reason TEXT NOT NULL DEFAULT '';
)sql";

// v10: accounts (store/accounts.h): users with an Argon2id password hash and a role, their
// API tokens (SHA-256 of the token; the token itself is shown once and never stored) and their
// browser sessions (SHA-256 of the cookie's id). Times in seconds since the epoch.
constexpr const char* kV10 = R"sql(
CREATE TABLE users (
  name         TEXT PRIMARY KEY,
  role         TEXT NOT NULL,
  password     TEXT NOT NULL,
  disabled     INTEGER NOT NULL DEFAULT 0,
  failures     INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER NOT NULL DEFAULT 0,
  created_at   TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE api_tokens (
  id         INTEGER PRIMARY KEY,
  user_name  TEXT NOT NULL REFERENCES users(name),
  hash       TEXT NOT NULL UNIQUE,
  label      TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  revoked_at TEXT NOT NULL DEFAULT '',
  expires    INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE sessions (
  hash      TEXT PRIMARY KEY,
  user_name TEXT NOT NULL REFERENCES users(name),
  csrf      TEXT NOT NULL,
  expires   INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_expires ON sessions(expires);
)sql";

// v11: a count of committed writes (store.h Counts::changes), by which `serve` processes notice
// corrections and merges made elsewhere, not only new articles.
constexpr const char* kV11 = R"sql(
CREATE TABLE change_counter (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  n  INTEGER NOT NULL
);
INSERT INTO change_counter VALUES (1, 0);
)sql";

constexpr const char* kMigrations[] = {kV1, kV2, kV3, kV4, kV5, kV6, kV7, kV8, kV9, kV10, kV11};

Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string what = err != nullptr ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    return Status::IoError(what, "migration");
  }
  return Status::Ok();
}

Result<int> UserVersion(sqlite3* db) {
  sqlite3_stmt* st = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr) != SQLITE_OK) {
    return Status::Corrupt(sqlite3_errmsg(db), "PRAGMA user_version");
  }
  int version = 0;
  if (sqlite3_step(st) == SQLITE_ROW) version = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  return version;
}

}  // namespace

Status Migrate(sqlite3* db, int target) {
  JK_ASSIGN_OR_RETURN(int version, UserVersion(db));
  if (version > kSchemaVersion) {
    return Status::Corrupt(fmt::format("casebook schema version {} is newer than this jikenbo ({})",
                                       version, kSchemaVersion));
  }
  if (version == 0) {
    // A fresh file has no tables; anything else at version 0 is not a jikenbo casebook.
    sqlite3_stmt* st = nullptr;
    sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, nullptr);
    int tables = 0;
    if (st != nullptr && sqlite3_step(st) == SQLITE_ROW) tables = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (tables > 0) return Status::Corrupt("not a jikenbo casebook (unknown tables, version 0)");
  }
  while (version < target) {
    JK_RETURN_IF_ERROR(Exec(db, "BEGIN IMMEDIATE"));
    // Re-read under the write lock: another process may have migrated meanwhile.
    auto now = UserVersion(db);
    Status s = now.status();
    if (s.ok() && *now < target) {
      s = Exec(db, kMigrations[*now]);
      if (s.ok()) s = Exec(db, fmt::format("PRAGMA user_version = {}", *now + 1).c_str());
    }
    if (!s.ok()) {
      (void)Exec(db, "ROLLBACK");
      return s;
    }
    JK_RETURN_IF_ERROR(Exec(db, "COMMIT"));
    JK_ASSIGN_OR_RETURN(version, UserVersion(db));
  }
  return Status::Ok();
}

}  // namespace jikenbo::store
