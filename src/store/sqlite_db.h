// Thin RAII wrappers over the SQLite C API (store-internal). Every value is bound, never
// spliced into SQL text.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

namespace jikenbo::store {

class Stmt {
 public:
  Stmt(sqlite3* db, const char* sql) : db_(db) {
    rc_ = sqlite3_prepare_v2(db, sql, -1, &st_, nullptr);
  }
  ~Stmt() { sqlite3_finalize(st_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Status status(const char* where) const {
    if (rc_ == SQLITE_OK) return Status::Ok();
    return Error(where);
  }
  Status Error(const char* where) const {
    const int code = sqlite3_errcode(db_);
    std::string what = sqlite3_errmsg(db_);
    if (code == SQLITE_NOTADB || code == SQLITE_CORRUPT) return Status::Corrupt(what, where);
    return Status::IoError(what, where);
  }

  Stmt& Bind(int i, int64_t v) {
    sqlite3_bind_int64(st_, i, v);
    return *this;
  }
  Stmt& Bind(int i, double v) {
    sqlite3_bind_double(st_, i, v);
    return *this;
  }
  Stmt& Bind(int i, std::string_view v) {
    sqlite3_bind_text(st_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const std::optional<std::string>& v) {
    if (v) return Bind(i, std::string_view(*v));
    sqlite3_bind_null(st_, i);
    return *this;
  }
  Stmt& Bind(int i, const std::optional<int64_t>& v) {
    if (v) return Bind(i, *v);
    sqlite3_bind_null(st_, i);
    return *this;
  }
  Stmt& BindBlob(int i, std::string_view v) {
    sqlite3_bind_blob64(st_, i, v.data(), v.size(), SQLITE_TRANSIENT);
    return *this;
  }

  // SQLITE_ROW, SQLITE_DONE or an error code.
  int Step() { return sqlite3_step(st_); }
  Status Run(const char* where) {
    const int rc = Step();
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) return Error(where);
    sqlite3_reset(st_);
    return Status::Ok();
  }
  void Reset() {
    sqlite3_reset(st_);
    sqlite3_clear_bindings(st_);
  }

  int64_t Int(int col) const { return sqlite3_column_int64(st_, col); }
  double Real(int col) const { return sqlite3_column_double(st_, col); }
  bool IsNull(int col) const { return sqlite3_column_type(st_, col) == SQLITE_NULL; }
  std::string Text(int col) const {
    const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(st_, col));
    return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(st_, col));
  }
  std::string Blob(int col) const {
    const auto* p = static_cast<const char*>(sqlite3_column_blob(st_, col));
    return p == nullptr ? std::string() : std::string(p, sqlite3_column_bytes(st_, col));
  }
  std::optional<std::string> OptText(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Text(col);
  }
  std::optional<int64_t> OptInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }

 private:
  sqlite3* db_;
  sqlite3_stmt* st_ = nullptr;
  int rc_ = SQLITE_OK;
};

// Prepared statements kept for the connection's lifetime, keyed by their SQL text (a literal).
// Get() returns the statement reset and with cleared bindings. Not thread-safe.
class StmtCache {
 public:
  explicit StmtCache(sqlite3* db) : db_(db) {}
  Stmt& Get(const char* sql) {
    auto& slot = cache_[sql];
    if (!slot) slot = std::make_unique<Stmt>(db_, sql);
    slot->Reset();
    return *slot;
  }
  void Clear() { cache_.clear(); }
  // Resets every statement: one left on a row keeps a read transaction open, and the
  // connection would not see later commits.
  void ResetAll() {
    for (auto& [sql, st] : cache_) st->Reset();
  }

 private:
  sqlite3* db_;
  std::map<const char*, std::unique_ptr<Stmt>> cache_;
};

}  // namespace jikenbo::store
