// The embedded casebook: SqlStore on SQLite. WAL journal, foreign keys; writers take the
// database's write lock (BEGIN IMMEDIATE), which also serialises case numbering. Full-text
// search is FTS5 over the character-pair form of search_text.h, ranked by its bm25.
#include <fmt/format.h>
#include <sqlite3.h>

#include <mutex>

#include "store/schema.h"
#include "store/search_text.h"
#include "store/sql_store.h"

namespace jikenbo::store {
namespace {

class SqliteDialect : public Dialect {
 public:
  const char* Begin() const override { return "BEGIN IMMEDIATE"; }
  bool CommitsEachDocument() const override { return false; }  // one writer at a time

  Status Index(Db&, StmtCache& stmts, const IndexRow& row) override {
    Stmt& fts = stmts.Get("INSERT INTO articles_fts (rowid, title, body) VALUES (?, ?, ?)");
    JK_RETURN_IF_ERROR(fts.status("index article"));
    fts.Bind(1, row.id).Bind(2, row.title).Bind(3, row.body);
    return fts.Run("index article");
  }

  Status Unindex(Db&, StmtCache& stmts, const IndexRow& old) override {
    // Contentless FTS5: a delete passes the values that were indexed.
    Stmt& del = stmts.Get(
        "INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', ?, ?, ?)");
    JK_RETURN_IF_ERROR(del.status("re-index"));
    del.Bind(1, old.id).Bind(2, old.title).Bind(3, old.body);
    return del.Run("re-index");
  }

  Result<std::vector<std::pair<int64_t, double>>> Match(Db& db, StmtCache&, std::string_view query,
                                                        size_t limit) override {
    const std::string expression = MatchExpression(query);
    // The candidates: the newest kSearchCandidates matches (FTS5 walks a query's rows newest
    // first without ranking them); bm25 ranks only those, with the whole index's statistics.
    int64_t oldest = 0;
    {
      Stmt cut(&db,
               "SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?1"
               " ORDER BY rowid DESC LIMIT 1 OFFSET ?2");
      JK_RETURN_IF_ERROR(cut.status("Search"));
      cut.Bind(1, expression).Bind(2, static_cast<int64_t>(kSearchCandidates - 1));
      const int rc = cut.Step();
      if (rc == kRow)
        oldest = cut.Int(0);
      else if (rc != kDone)
        return cut.Error("Search");
    }
    Stmt st(&db,
            "SELECT f.rowid, -bm25(articles_fts, 5.0, 1.0) FROM articles_fts f"
            " JOIN articles a ON a.id = f.rowid"
            " WHERE articles_fts MATCH ?1 AND f.rowid >= ?3"
            " ORDER BY bm25(articles_fts, 5.0, 1.0), f.rowid LIMIT ?2");
    JK_RETURN_IF_ERROR(st.status("Search"));
    st.Bind(1, expression).Bind(2, static_cast<int64_t>(limit)).Bind(3, oldest);
    std::vector<std::pair<int64_t, double>> out;
    for (;;) {
      const int rc = st.Step();
      if (rc == kDone) return out;
      if (rc != kRow) return st.Error("Search");
      out.emplace_back(st.Int(0), st.Real(1));
    }
  }

  Status LockCases(Db&) override { return Status::Ok(); }  // the write lock is held already
};

}  // namespace

std::unique_ptr<Dialect> NewSqliteDialect() { return std::make_unique<SqliteDialect>(); }

Result<std::unique_ptr<Db>> OpenSqliteDb(const std::string& path, SqliteOptions options) {
  // Before SQLite initialises, once: no global statistics of its allocations (they take a
  // process-wide mutex on every allocation, which serialises a server's threads).
  static std::once_flag configured;
  std::call_once(configured, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  std::unique_ptr<Db> conn = WrapSqlite(db);  // closes db on every path below
  if (rc != SQLITE_OK) {
    return Status::IoError(db != nullptr ? sqlite3_errmsg(db) : "cannot open database", path);
  }
  sqlite3_busy_timeout(db, options.busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  auto pragma = [&](const char* sql) -> Status {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) == SQLITE_OK) return Status::Ok();
    std::string what = err != nullptr ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    const int code = sqlite3_errcode(db) & 0xFF;
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) {
      return Status::Corrupt("not a jikenbo casebook (" + what + ")", path);
    }
    return Status::IoError(what, path);
  };
  JK_RETURN_IF_ERROR(pragma("PRAGMA foreign_keys = ON"));
  if (path != ":memory:") {
    JK_RETURN_IF_ERROR(pragma("PRAGMA journal_mode = WAL"));
    JK_RETURN_IF_ERROR(pragma("PRAGMA synchronous = NORMAL"));
    JK_RETURN_IF_ERROR(pragma(fmt::format("PRAGMA cache_size = -{}", options.cache_kib).c_str()));
  }
  Status s = Migrate(db, kSchemaVersion);
  if (!s.ok()) return s.code() == Code::kCorrupt ? Status::Corrupt(s.what(), path) : s;
  return conn;
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::string& path, SqliteOptions options) {
  JK_ASSIGN_OR_RETURN(std::unique_ptr<Db> db, OpenSqliteDb(path, options));
  return MakeSqlStore(std::move(db), NewSqliteDialect());
}

}  // namespace jikenbo::store
