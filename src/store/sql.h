// A SQL connection and its statements, over either backend (store-internal): SQLite (embedded)
// or PostgreSQL (shared). The store's SQL is written once in the dialect both accept (`?N`
// parameters, ON CONFLICT upserts, RETURNING); every value is bound, never spliced into SQL.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "base/status.h"

struct sqlite3;

namespace jikenbo::store {

// What Step() returns besides an error code (the values SQLite uses).
inline constexpr int kRow = 100;
inline constexpr int kDone = 101;
// A LIMIT that limits nothing (both backends accept it; PostgreSQL refuses -1).
inline constexpr int64_t kNoLimit = INT64_MAX;

// The type of a value, or the type a NULL parameter stands for (PostgreSQL must know it;
// kAny lets it take the column's).
enum class SqlType : uint8_t { kInt, kReal, kText, kBlob, kAny };

// One prepared statement of a backend.
class StmtImpl {
 public:
  virtual ~StmtImpl() = default;
  virtual Status Error(const char* where) const = 0;
  virtual bool Prepared() const = 0;
  virtual void BindInt(int i, int64_t v) = 0;
  virtual void BindReal(int i, double v) = 0;
  virtual void BindText(int i, std::string_view v) = 0;
  virtual void BindBlob(int i, std::string_view v) = 0;
  virtual void BindNull(int i, SqlType type) = 0;
  // kRow, kDone or an error code.
  virtual int Step() = 0;
  // Ends the current execution; `clear` drops the bindings too.
  virtual void Reset(bool clear) = 0;
  virtual int64_t Int(int col) const = 0;
  virtual double Real(int col) const = 0;
  virtual bool IsNull(int col) const = 0;
  virtual std::string Text(int col) const = 0;
  virtual std::string Blob(int col) const = 0;
  // The columns of the current row: how many, their names and the type of each value.
  virtual int Columns() const = 0;
  virtual std::string ColumnName(int col) const = 0;
  virtual SqlType Type(int col) const = 0;
};

// A connection.
class Db {
 public:
  virtual ~Db() = default;
  virtual std::unique_ptr<StmtImpl> Prepare(const char* sql) = 0;
  // Runs statements without parameters (a migration, BEGIN, COMMIT).
  virtual Status Exec(const char* sql) = 0;
  virtual bool IsPostgres() const = 0;
};

// A statement: a value handle over the backend's, with the bind overloads the store uses.
class Stmt {
 public:
  Stmt(Db* db, const char* sql) : impl_(db->Prepare(sql)) {}
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Status status(const char* where) const {
    return impl_->Prepared() ? Status::Ok() : impl_->Error(where);
  }
  Status Error(const char* where) const { return impl_->Error(where); }

  Stmt& Bind(int i, int64_t v) {
    impl_->BindInt(i, v);
    return *this;
  }
  Stmt& Bind(int i, double v) {
    impl_->BindReal(i, v);
    return *this;
  }
  Stmt& Bind(int i, std::string_view v) {
    impl_->BindText(i, v);
    return *this;
  }
  Stmt& Bind(int i, const std::string& v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const char* v) { return Bind(i, std::string_view(v)); }
  Stmt& Bind(int i, const std::optional<std::string>& v) {
    if (v) return Bind(i, std::string_view(*v));
    impl_->BindNull(i, SqlType::kText);
    return *this;
  }
  Stmt& Bind(int i, const std::optional<int64_t>& v) {
    if (v) return Bind(i, *v);
    impl_->BindNull(i, SqlType::kInt);
    return *this;
  }
  Stmt& BindBlob(int i, std::string_view v) {
    impl_->BindBlob(i, v);
    return *this;
  }

  // kRow, kDone or an error code.
  int Step() { return impl_->Step(); }
  Status Run(const char* where) {
    const int rc = Step();
    if (rc != kDone && rc != kRow) return Error(where);
    impl_->Reset(false);
    return Status::Ok();
  }
  void Reset() { impl_->Reset(true); }

  int64_t Int(int col) const { return impl_->Int(col); }
  double Real(int col) const { return impl_->Real(col); }
  bool IsNull(int col) const { return impl_->IsNull(col); }
  std::string Text(int col) const { return impl_->Text(col); }
  std::string Blob(int col) const { return impl_->Blob(col); }
  int Columns() const { return impl_->Columns(); }
  std::string ColumnName(int col) const { return impl_->ColumnName(col); }
  SqlType Type(int col) const { return impl_->Type(col); }
  void BindNull(int i, SqlType type) { impl_->BindNull(i, type); }
  std::optional<std::string> OptText(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Text(col);
  }
  std::optional<int64_t> OptInt(int col) const {
    if (IsNull(col)) return std::nullopt;
    return Int(col);
  }

 private:
  std::unique_ptr<StmtImpl> impl_;
};

// Prepared statements kept for the connection's lifetime, keyed by their SQL text (a literal).
// Get() returns the statement reset and with cleared bindings. Not thread-safe.
class StmtCache {
 public:
  explicit StmtCache(Db* db) : db_(db) {}
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
  Db* db_;
  std::map<const char*, std::unique_ptr<Stmt>> cache_;
};

// The backends' connections (sqlite_db.cc, pg_db.cc).
// Takes ownership of an open SQLite handle (closed with the Db).
std::unique_ptr<Db> WrapSqlite(sqlite3* db);
// Connects to PostgreSQL (a libpq connection URI); errors name the server's message.
Result<std::unique_ptr<Db>> ConnectPostgres(const std::string& uri);

}  // namespace jikenbo::store
