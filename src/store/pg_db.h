// PostgreSQL connection helpers (store-internal), apart from the Db of sql.h for testing.
#pragma once

#include <libpq-fe.h>

#include <string>
#include <string_view>

#include "base/status.h"

namespace jikenbo::store {

// The store's SQL with `?N` (and bare `?`) parameters as PostgreSQL's `$N`, and how many.
struct Translated {
  std::string sql;
  size_t params = 0;
};
Result<Translated> TranslatePlaceholders(std::string_view sql);

// A connection URI without its password, for messages.
std::string RedactUri(std::string_view uri);

// The server's message for a failed result (or the connection's), trimmed.
std::string PgErrorText(PGconn* conn, const PGresult* res);

}  // namespace jikenbo::store
