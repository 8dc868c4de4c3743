// The SQLite backend of store/sql.h.
#include <sqlite3.h>

#include "store/sql.h"

namespace jikenbo::store {
namespace {

static_assert(kRow == SQLITE_ROW && kDone == SQLITE_DONE);

class SqliteStmt : public StmtImpl {
 public:
  SqliteStmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &st_, nullptr);
  }
  ~SqliteStmt() override { sqlite3_finalize(st_); }

  Status Error(const char* where) const override {
    const int code = sqlite3_errcode(db_);
    std::string what = sqlite3_errmsg(db_);
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) return Status::Corrupt(what, where);
    return Status::IoError(what, where);
  }
  bool Prepared() const override { return rc_ == SQLITE_OK; }
  void BindInt(int i, int64_t v) override { sqlite3_bind_int64(st_, i, v); }
  void BindReal(int i, double v) override { sqlite3_bind_double(st_, i, v); }
  void BindText(int i, std::string_view v) override {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void BindBlob(int i, std::string_view v) override {
    sqlite3_bind_blob64(st_, i, v.data(), v.size(), SQLITE_TRANSIENT);
  }
  void BindNull(int i, SqlType) override { sqlite3_bind_null(st_, i); }
  int Step() override { return sqlite3_step(st_); }
  void Reset(bool clear) override {
    sqlite3_reset(st_);
    if (clear) sqlite3_clear_bindings(st_);
  }
  int64_t Int(int col) const override { return sqlite3_column_int64(st_, col); }
  double Real(int col) const override { return sqlite3_column_double(st_, col); }
  bool IsNull(int col) const override { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  std::string Text(int col) const override {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
    return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(st_, col));
  }
  std::string Blob(int col) const override {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(st_, col));
    return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(st_, col));
  }
  int Columns() const override { return sqlite3_column_count(st_); }
  std::string ColumnName(int col) const override {
    const char* name = sqlite3_column_name(st_, col);
    return name == nullptr ? std::string() : name;
  }
  SqlType Type(int col) const override {
    switch (sqlite3_column_type(st_, col)) {
      case SQLITE_INTEGER:
        return SqlType::kInt;
      case SQLITE_FLOAT:
        return SqlType::kReal;
      case SQLITE_BLOB:
        return SqlType::kBlob;
      case SQLITE_TEXT:
        return SqlType::kText;
      default:
        return SqlType::kAny;
    }
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  int rc_ = SQLITE_OK;
};

class SqliteDb : public Db {
 public:
  explicit SqliteDb(sqlite3* db) : db_(db) {}
  ~SqliteDb() override { sqlite3_close_v2(db_); }
  std::unique_ptr<StmtImpl> Prepare(const char* sql) override {
    return std::make_unique<SqliteStmt>(db_, sql);
  }
  Status Exec(const char* sql) override {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
      std::string what = err != nullptr ? err : sqlite3_errmsg(db_);
      sqlite3_free(err);
      return Status::IoError(what, sql);
    }
    return Status::Ok();
  }
  bool IsPostgres() const override { return false; }

 private:
  sqlite3* db_;
};

}  // namespace

std::unique_ptr<Db> WrapSqlite(sqlite3* db) { return std::make_unique<SqliteDb>(db); }

}  // namespace jikenbo::store
