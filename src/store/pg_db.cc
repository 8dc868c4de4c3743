// The PostgreSQL backend of store/sql.h, on libpq. The store's `?N` parameters become `$N`;
// each parameter is sent typed (bigint, double precision, text, bytea), so `?1 IS NULL` works;
// results come back as text and are converted on reading.
#include "store/pg_db.h"

#include <fmt/format.h>
#include <libpq-fe.h>

#include <cstdlib>
#include <vector>

#include "store/sql.h"

namespace jikenbo::store {
namespace {

// PostgreSQL type OIDs (pg_type.dat).
constexpr Oid kBoolOid = 16, kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23,
              kTextOid = 25, kFloat4Oid = 700, kFloat8Oid = 701;
constexpr int kError = 1;  // SQLITE_ERROR

struct Param {
  Oid type = 0;
  bool null = true;
  bool binary = false;
  std::string value;
};

// The connection of a PgDb as its statements see it: Revive() reconnects a connection the
// server dropped, when no transaction was open on it (so nothing of one is lost).
class Conn {
 public:
  explicit Conn(PGconn* conn) : conn_(conn) {}
  ~Conn() { PQfinish(conn_); }
  PGconn* get() const { return conn_; }
  void Revive() {
    if (PQstatus(conn_) == CONNECTION_OK || in_transaction_) return;
    PQreset(conn_);  // same parameters, UTF8 and application name included
  }
  // Follows BEGIN, COMMIT and ROLLBACK (the store's only transaction statements at top level).
  void Track(std::string_view sql, bool ok) {
    if (sql.starts_with("BEGIN")) in_transaction_ = ok;
    if (sql == "COMMIT" || sql == "ROLLBACK") in_transaction_ = false;
  }
  void Lost() { in_transaction_ = false; }  // the server dropped it: no transaction remains

 private:
  PGconn* conn_;
  bool in_transaction_ = false;
};

class PgStmt : public StmtImpl {
 public:
  PgStmt(Conn* owner, const char* sql) : owner_(owner), conn_(owner->get()) {
    auto translated = TranslatePlaceholders(sql);
    if (!translated.ok()) {
      error_ = translated.status().ToString();
      prepared_ = false;
      return;
    }
    sql_ = std::move(translated->sql);
    params_.resize(translated->params);
  }
  ~PgStmt() override { PQclear(res_); }

  Status Error(const char* where) const override {
    return Status::IoError(error_.empty() ? "PostgreSQL error" : error_, where);
  }
  bool Prepared() const override { return prepared_; }
  void BindInt(int i, int64_t v) override { Set(i, kInt8Oid, std::to_string(v), false); }
  void BindReal(int i, double v) override { Set(i, kFloat8Oid, fmt::format("{}", v), false); }
  void BindText(int i, std::string_view v) override { Set(i, kTextOid, std::string(v), false); }
  void BindBlob(int i, std::string_view v) override { Set(i, kByteaOid, std::string(v), true); }
  void BindNull(int i, SqlType type) override {
    if (Param* p = At(i)) {
      *p = Param{};
      p->type = type == SqlType::kInt    ? kInt8Oid
                : type == SqlType::kReal ? kFloat8Oid
                : type == SqlType::kBlob ? kByteaOid
                : type == SqlType::kText ? kTextOid
                                         : Oid{0};
    }
  }

  int Step() override {
    if (res_ == nullptr) return Execute();
    ++row_;
    return row_ < PQntuples(res_) ? kRow : kDone;
  }
  void Reset(bool clear) override {
    PQclear(res_);
    res_ = nullptr;
    row_ = 0;
    if (clear) {
      for (Param& p : params_) p = Param{};
    }
  }

  int64_t Int(int col) const override {
    if (PQftype(res_, col) == kBoolOid) return Value(col)[0] == 't' ? 1 : 0;
    return std::strtoll(Value(col), nullptr, 10);
  }
  double Real(int col) const override { return std::strtod(Value(col), nullptr); }
  bool IsNull(int col) const override { return Valid() && PQgetisnull(res_, row_, col) != 0; }
  std::string Text(int col) const override {
    if (!Valid()) return {};
    return std::string(PQgetvalue(res_, row_, col),
                       static_cast<size_t>(PQgetlength(res_, row_, col)));
  }
  std::string Blob(int col) const override {
    if (!Valid() || PQftype(res_, col) != kByteaOid) return Text(col);
    size_t n = 0;
    unsigned char* bytes =
        PQunescapeBytea(reinterpret_cast<const unsigned char*>(PQgetvalue(res_, row_, col)), &n);
    if (bytes == nullptr) return {};
    std::string out(reinterpret_cast<const char*>(bytes), n);
    PQfreemem(bytes);
    return out;
  }
  int Columns() const override { return res_ == nullptr ? 0 : PQnfields(res_); }
  std::string ColumnName(int col) const override {
    const char* name = res_ == nullptr ? nullptr : PQfname(res_, col);
    return name == nullptr ? std::string() : name;
  }
  SqlType Type(int col) const override {
    if (IsNull(col)) return SqlType::kAny;
    switch (PQftype(res_, col)) {
      case kBoolOid:
      case kInt2Oid:
      case kInt4Oid:
      case kInt8Oid:
        return SqlType::kInt;
      case kFloat4Oid:
      case kFloat8Oid:
        return SqlType::kReal;
      case kByteaOid:
        return SqlType::kBlob;
      default:
        return SqlType::kText;
    }
  }

 private:
  Param* At(int i) {
    return i >= 1 && static_cast<size_t>(i) <= params_.size() ? &params_[i - 1] : nullptr;
  }
  void Set(int i, Oid type, std::string value, bool binary) {
    if (Param* p = At(i)) *p = Param{type, false, binary, std::move(value)};
  }
  bool Valid() const { return res_ != nullptr && row_ < PQntuples(res_); }
  const char* Value(int col) const { return Valid() ? PQgetvalue(res_, row_, col) : ""; }

  int Execute() {
    if (!prepared_) return kError;
    error_.clear();
    std::vector<Oid> types;
    std::vector<const char*> values;
    std::vector<int> lengths, formats;
    for (const Param& p : params_) {
      types.push_back(p.type);
      values.push_back(p.null ? nullptr : p.value.data());
      lengths.push_back(static_cast<int>(p.value.size()));
      formats.push_back(p.binary ? 1 : 0);
    }
    owner_->Revive();
    res_ = PQexecParams(conn_, sql_.c_str(), static_cast<int>(params_.size()), types.data(),
                        values.data(), lengths.data(), formats.data(), 0);
    row_ = 0;
    const ExecStatusType st = PQresultStatus(res_);
    if (st == PGRES_COMMAND_OK) return kDone;
    if (st == PGRES_TUPLES_OK) return PQntuples(res_) > 0 ? kRow : kDone;
    error_ = PgErrorText(conn_, res_);
    if (PQstatus(conn_) != CONNECTION_OK) owner_->Lost();
    PQclear(res_);
    res_ = nullptr;
    return kError;
  }

  Conn* owner_;
  PGconn* conn_;
  std::string sql_;
  std::vector<Param> params_;
  PGresult* res_ = nullptr;
  int row_ = 0;
  bool prepared_ = true;
  std::string error_;
};

class PgDb : public Db {
 public:
  explicit PgDb(PGconn* conn) : conn_(conn) {}
  std::unique_ptr<StmtImpl> Prepare(const char* sql) override {
    return std::make_unique<PgStmt>(&conn_, sql);
  }
  Status Exec(const char* sql) override {
    conn_.Revive();
    PGresult* res = PQexec(conn_.get(), sql);
    const ExecStatusType st = PQresultStatus(res);
    Status out = Status::Ok();
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
      out = Status::IoError(PgErrorText(conn_.get(), res), sql);
    }
    PQclear(res);
    conn_.Track(sql, out.ok());
    if (PQstatus(conn_.get()) != CONNECTION_OK) conn_.Lost();
    return out;
  }
  bool IsPostgres() const override { return true; }
  PGconn* raw() const { return conn_.get(); }

 private:
  Conn conn_;
};

void IgnoreNotice(void*, const char*) {}

}  // namespace

std::string PgErrorText(PGconn* conn, const PGresult* res) {
  std::string what = res != nullptr ? PQresultErrorMessage(res) : "";
  if (what.empty()) what = PQerrorMessage(conn);
  while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
  if (PQstatus(conn) != CONNECTION_OK) what = "lost the connection to PostgreSQL (" + what + ")";
  return what;
}

Result<Translated> TranslatePlaceholders(std::string_view sql) {
  Translated out;
  size_t highest = 0;
  char quote = 0;
  for (size_t i = 0; i < sql.size(); ++i) {
    const char c = sql[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      out.sql.push_back(c);
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      out.sql.push_back(c);
      continue;
    }
    if (c != '?') {
      out.sql.push_back(c);
      continue;
    }
    size_t n = 0, j = i + 1;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9' && n < 1000) {
      n = n * 10 + static_cast<size_t>(sql[j] - '0');
      ++j;
    }
    if (j == i + 1) n = highest + 1;  // a bare `?`: one past the highest so far (SQLite's rule)
    if (n == 0 || n > 999) return Status::Internal("bad SQL parameter", std::string(sql));
    highest = std::max(highest, n);
    out.sql += fmt::format("${}", n);
    i = j - 1;
  }
  if (quote != 0) return Status::Internal("unterminated quote in SQL", std::string(sql));
  out.params = highest;
  return out;
}

std::string RedactUri(std::string_view uri) {
  // postgresql://user:secret@host/db -> postgresql://user:***@host/db; password=... likewise.
  std::string out(uri);
  const size_t scheme = out.find("://");
  if (scheme != std::string::npos) {
    const size_t at = out.find('@', scheme + 3);
    const size_t slash = out.find('/', scheme + 3);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      const size_t colon = out.find(':', scheme + 3);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  for (size_t p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 9)) {
    size_t end = out.find_first_of("& ", p + 9);
    if (end == std::string::npos) end = out.size();
    out.replace(p + 9, end - p - 9, "***");
  }
  return out;
}

Result<std::unique_ptr<Db>> ConnectPostgres(const std::string& uri) {
  // The URI's own settings, then UTF8 whatever it says; a reconnection (PQreset) keeps them.
  const char* keys[] = {"application_name", "dbname", "client_encoding", nullptr};
  const char* values[] = {"jikenbo", uri.c_str(), "UTF8", nullptr};
  PGconn* conn = PQconnectdbParams(keys, values, /*expand_dbname=*/1);
  auto db = std::make_unique<PgDb>(conn);  // PQfinish on every path
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string what = conn != nullptr ? PQerrorMessage(conn) : "out of memory";
    while (!what.empty() && (what.back() == '\n' || what.back() == ' ')) what.pop_back();
    return Status::IoError("cannot connect to PostgreSQL: " + what, RedactUri(uri));
  }
  PQsetNoticeProcessor(conn, IgnoreNotice, nullptr);
  const char* server = PQparameterStatus(conn, "server_encoding");
  if (server == nullptr || std::string_view(server) != "UTF8") {
    return Status::Unsupported(
        fmt::format("database encoding is {}: a jikenbo casebook needs a UTF8 database "
                    "(createdb -E UTF8 -T template0)",
                    server != nullptr ? server : "unknown"),
        RedactUri(uri));
  }
  return std::unique_ptr<Db>(std::move(db));
}

}  // namespace jikenbo::store
