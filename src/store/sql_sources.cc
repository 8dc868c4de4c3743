// Archived originals and the state of watched sources in SQL (either backend) (store-internal).
#include "store/sql_sources.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include "base/clock.h"
#include "base/utf8.h"

namespace jikenbo::store::sources {

Result<std::vector<ArchivedDocument>> Archived(Db* db, const std::string& key) {
  static const RE2 case_no(R"(\d{4}-\d{1,6})");
  static const RE2 hex("[0-9a-fA-F]{8,64}");
  const char* cols =
      "d.id, d.sha256, d.path, d.content_type, d.encoding, d.bytes, d.front_matter, d.text,"
      " d.title, d.published, d.url, d.fetched_at, d.ingested_at";
  std::string sql;
  std::string bind = key;
  if (RE2::FullMatch(key, case_no)) {
    sql = fmt::format(
        "SELECT DISTINCT {} FROM documents d JOIN articles a ON a.document_id = d.id"
        " JOIN case_numbers c ON c.article_id = a.id WHERE c.case_no = ?1 ORDER BY d.id",
        cols);
  } else if (RE2::FullMatch(key, hex)) {
    sql = fmt::format(
        "SELECT {} FROM documents d WHERE substr(d.sha256, 1, length(?1)) = ?1 ORDER BY d.id",
        cols);
    bind = utf8::AsciiLower(key);
  } else {
    return Status::InvalidInput("not a SHA-256 (8 or more hex digits) or a case number", key);
  }
  Stmt st(db, sql.c_str());
  JK_RETURN_IF_ERROR(st.status("Archived"));
  st.Bind(1, bind);
  std::vector<ArchivedDocument> out;
  for (int rc = st.Step(); rc == kRow; rc = st.Step()) {
    ArchivedDocument a;
    a.id = st.Int(0);
    model::Document& d = a.document;
    d.sha256 = st.Text(1);
    d.path = st.Text(2);
    d.content_type = st.Text(3);
    d.encoding = st.Text(4);
    d.bytes = st.Blob(5);
    d.front_matter = st.Text(6);
    d.text = st.OptText(7).value_or("");
    d.title = st.OptText(8).value_or("");
    d.published = st.OptText(9).value_or("");
    d.url = st.OptText(10).value_or("");
    d.fetched_at = st.OptText(11).value_or("");
    a.ingested_at = st.Text(12);
    out.push_back(std::move(a));
  }
  return out;
}

Result<SourceState> Source(StmtCache& stmts, const std::string& url) {
  Stmt& st =
      stmts.Get("SELECT etag, last_modified, last_polled, last_status FROM sources WHERE url = ?");
  JK_RETURN_IF_ERROR(st.status("Source"));
  st.Bind(1, url);
  SourceState s;
  s.url = url;
  if (st.Step() == kRow) {
    s.etag = st.Text(0);
    s.last_modified = st.Text(1);
    s.last_polled = st.Text(2);
    s.last_status = st.Text(3);
  }
  return s;
}

Status PutSource(StmtCache& stmts, const SourceState& s) {
  Stmt& st = stmts.Get(
      "INSERT INTO sources (url, etag, last_modified, last_polled, last_status)"
      " VALUES (?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET etag = excluded.etag,"
      " last_modified = excluded.last_modified, last_polled = excluded.last_polled,"
      " last_status = excluded.last_status");
  JK_RETURN_IF_ERROR(st.status("PutSource"));
  st.Bind(1, s.url).Bind(2, s.etag).Bind(3, s.last_modified).Bind(4, s.last_polled);
  st.Bind(5, s.last_status);
  return st.Run("PutSource");
}

Result<bool> SeenItem(StmtCache& stmts, const std::string& feed_url, const std::string& key) {
  Stmt& st = stmts.Get("SELECT 1 FROM seen_items WHERE feed_url = ? AND item_key = ?");
  JK_RETURN_IF_ERROR(st.status("SeenItem"));
  st.Bind(1, feed_url).Bind(2, key);
  const int rc = st.Step();
  if (rc != kRow && rc != kDone) return st.Error("SeenItem");
  return rc == kRow;
}

Status MarkSeen(StmtCache& stmts, const std::string& feed_url, const std::string& key,
                const std::string& sha256) {
  Stmt& st = stmts.Get(
      "INSERT INTO seen_items (feed_url, item_key, first_seen, sha256)"
      " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING");
  JK_RETURN_IF_ERROR(st.status("MarkSeen"));
  st.Bind(1, feed_url).Bind(2, key).Bind(3, NowUtc()).Bind(4, sha256);
  return st.Run("MarkSeen");
}

}  // namespace jikenbo::store::sources
