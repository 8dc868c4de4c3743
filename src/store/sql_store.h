// The casebook's logic over a SQL connection (store-internal): one implementation of Store for
// both backends. What differs between them, full-text search and how case numbering is
// serialised between writers, is the backend's Dialect.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/sql.h"
#include "store/store.h"

namespace jikenbo::store {

// An article's searchable form: its title and text through IndexText(Nfkc(...)).
struct IndexRow {
  int64_t id = 0;
  std::string title;
  std::string body;
};

class Dialect {
 public:
  virtual ~Dialect() = default;
  // Starts a transaction that will write.
  virtual const char* Begin() const = 0;
  // Whether a batch commits each document as it is stored (writers on other connections may
  // offer the same documents) rather than all at CommitBatch().
  virtual bool CommitsEachDocument() const = 0;
  virtual Status Index(Db& db, StmtCache& stmts, const IndexRow& row) = 0;
  // Takes a row out of the index (before it is indexed again with new values).
  virtual Status Unindex(Db& db, StmtCache& stmts, const IndexRow& old) = 0;
  // The articles matching every term of the query, best first, with their scores (at most
  // `limit`). The query has something to search for (MatchExpression is not empty).
  virtual Result<std::vector<std::pair<int64_t, double>>> Match(Db& db, StmtCache& stmts,
                                                                std::string_view query,
                                                                size_t limit) = 0;
  // Called in the transaction before case numbers are read or issued: waits until no other
  // writer is numbering, and holds that until the transaction ends.
  virtual Status LockCases(Db& db) = 0;
};

std::unique_ptr<Store> MakeSqlStore(std::unique_ptr<Db> db, std::unique_ptr<Dialect> dialect);

// The backends' connections with their tables at the current version, and their dialects.
Result<std::unique_ptr<Db>> OpenSqliteDb(const std::string& path, SqliteOptions options = {});
std::unique_ptr<Dialect> NewSqliteDialect();
Result<std::unique_ptr<Db>> OpenPostgresDb(const std::string& uri);
std::unique_ptr<Dialect> NewPgDialect();

}  // namespace jikenbo::store
