// Full-text search on PostgreSQL with the behaviour of the SQLite casebook's FTS5 (store-
// internal): the same tokens (search_text.h), the same matching (every term, Japanese terms as
// runs of character pairs, one character as a prefix) and the same ranking (FTS5's bm25, title
// weighted 5, text 1). A GIN index of each article's distinct tokens finds the candidates; the
// phrases are then matched and counted on the article's tokens.
#pragma once

#include <string_view>
#include <utility>
#include <vector>

#include "base/status.h"
#include "store/sql.h"
#include "store/sql_store.h"

namespace jikenbo::store {

Status PgIndex(StmtCache& stmts, const IndexRow& row);
Result<std::vector<std::pair<int64_t, double>>> PgMatch(Db& db, std::string_view query,
                                                        size_t limit);

}  // namespace jikenbo::store
