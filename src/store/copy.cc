// jikenbo migrate: a whole casebook copied between backends, row for row. Both backends hold
// the same tables with the same columns, so every table is read with SELECT * and written by
// column name with each value bound as the type it has (ids kept, archive bytes as they are);
// the search index, which differs between backends, is rebuilt from the articles. The copy is
// one transaction on the target: all of it or nothing.
#include <fmt/format.h>

#include "normalize/normalize.h"
#include "store/search_text.h"
#include "store/sql_store.h"
#include "store/store.h"

namespace jikenbo::store {
namespace {

// Every table of the casebook, parents before children (foreign keys), with its key order.
struct Table {
  const char* name;
  const char* order;
};
constexpr Table kTables[] = {
    {"documents", "id"},
    {"articles", "id"},
    {"case_numbers", "article_id"},
    {"article_values", "article_id, field, ordinal"},
    {"affected", "article_id, ordinal"},
    {"reported_to", "article_id, ordinal"},
    {"indicators", "article_id, ordinal"},
    {"case_links", "article_id, other_article_id, relation"},
    {"sources", "url"},
    {"seen_items", "feed_url, item_key"},
    {"case_counters", "year"},
    {"retired_cases", "case_no"},
    {"pending_cases", "article_id"},
    {"corrections", "id"},
    {"published_cases", "case_no"},
    {"case_actions", "id"},
    {"users", "name"},
    {"api_tokens", "id"},
};

struct Opened {
  std::unique_ptr<Db> db;
  std::unique_ptr<Dialect> dialect;
};

Result<Opened> OpenRaw(const std::string& spec) {
  Opened o;
  if (IsPostgresUri(spec)) {
    JK_ASSIGN_OR_RETURN(o.db, OpenPostgresDb(spec));
    o.dialect = NewPgDialect();
  } else {
    JK_ASSIGN_OR_RETURN(o.db, OpenSqliteDb(spec));
    o.dialect = NewSqliteDialect();
  }
  return o;
}

Result<int64_t> CountRows(Db& db, const char* table) {
  Stmt st(&db, fmt::format("SELECT count(*) FROM {}", table).c_str());
  if (st.Step() != kRow) return st.Error(table);
  return st.Int(0);
}

Status CopyTable(Db& from, Db& to, const Table& t, int64_t* rows) {
  Stmt read(&from, fmt::format("SELECT * FROM {} ORDER BY {}", t.name, t.order).c_str());
  JK_RETURN_IF_ERROR(read.status(t.name));
  std::unique_ptr<Stmt> write;
  for (int rc = read.Step(); rc != kDone; rc = read.Step()) {
    if (rc != kRow) return read.Error(t.name);
    const int n = read.Columns();
    if (!write) {
      std::string cols, params;
      for (int c = 0; c < n; ++c) {
        cols += (c ? ", " : "") + read.ColumnName(c);
        params += fmt::format("{}?{}", c ? ", " : "", c + 1);
      }
      write = std::make_unique<Stmt>(
          &to, fmt::format("INSERT INTO {} ({}) VALUES ({})", t.name, cols, params).c_str());
      JK_RETURN_IF_ERROR(write->status(t.name));
    }
    write->Reset();
    for (int c = 0; c < n; ++c) {
      if (read.IsNull(c)) {
        write->BindNull(c + 1, SqlType::kAny);
        continue;
      }
      switch (read.Type(c)) {
        case SqlType::kInt:
          write->Bind(c + 1, read.Int(c));
          break;
        case SqlType::kReal:
          write->Bind(c + 1, read.Real(c));
          break;
        case SqlType::kBlob:
          write->BindBlob(c + 1, read.Blob(c));
          break;
        default:
          write->Bind(c + 1, read.Text(c));
          break;
      }
    }
    JK_RETURN_IF_ERROR(write->Run(t.name));
    ++*rows;
  }
  return Status::Ok();
}

Status Reindex(Db& to, Dialect& dialect) {
  StmtCache stmts(&to);
  Stmt read(&to, "SELECT id, title, text FROM articles ORDER BY id");
  JK_RETURN_IF_ERROR(read.status("search index"));
  std::vector<IndexRow> rows;
  for (int rc = read.Step(); rc != kDone; rc = read.Step()) {
    if (rc != kRow) return read.Error("search index");
    rows.push_back({read.Int(0), IndexText(normalize::Nfkc(read.Text(1))),
                    IndexText(normalize::Nfkc(read.Text(2)))});
  }
  for (const IndexRow& row : rows) JK_RETURN_IF_ERROR(dialect.Index(to, stmts, row));
  return Status::Ok();
}

}  // namespace

Result<CopySummary> CopyCasebook(const std::string& from, const std::string& to) {
  if (from == to) return Status::InvalidInput("--from and --to name the same casebook", from);
  JK_ASSIGN_OR_RETURN(Opened src, OpenRaw(from));
  JK_ASSIGN_OR_RETURN(Opened dst, OpenRaw(to));
  for (const Table& t : kTables) {
    JK_ASSIGN_OR_RETURN(int64_t n, CountRows(*dst.db, t.name));
    if (n > 0) {
      return Status::InvalidInput(
          fmt::format("the target casebook is not empty ({} rows in {}): migrate copies into a "
                      "new casebook",
                      n, t.name));
    }
  }
  // The source is read in one transaction (a consistent snapshot while others write).
  JK_RETURN_IF_ERROR(src.db->Exec(
      src.db->IsPostgres() ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"));
  JK_RETURN_IF_ERROR(dst.db->Exec(dst.dialect->Begin()));
  CopySummary summary;
  Status s = [&]() -> Status {
    for (const Table& t : kTables) {
      int64_t rows = 0;
      JK_RETURN_IF_ERROR(CopyTable(*src.db, *dst.db, t, &rows));
      summary.rows[t.name] = rows;
    }
    JK_RETURN_IF_ERROR(Reindex(*dst.db, *dst.dialect));
    if (dst.db->IsPostgres()) {
      // Ids were copied: the identity sequences go on after the highest.
      for (const char* table : {"documents", "articles", "corrections", "case_actions"}) {
        JK_RETURN_IF_ERROR(
            dst.db->Exec(fmt::format("SELECT setval(pg_get_serial_sequence('{0}', 'id'),"
                                     " coalesce(max(id), 0) + 1, false) FROM {0}",
                                     table)
                             .c_str()));
      }
    }
    return Status::Ok();
  }();
  (void)src.db->Exec("ROLLBACK");
  if (!s.ok()) {
    (void)dst.db->Exec("ROLLBACK");
    return s;
  }
  JK_RETURN_IF_ERROR(dst.db->Exec("COMMIT"));
  return summary;
}

}  // namespace jikenbo::store
