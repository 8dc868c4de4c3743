#include "store/pg_db.h"
#include "store/store.h"

namespace jikenbo::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& db) {
  if (IsPostgresUri(db)) return OpenPostgresStore(db);
  return OpenSqliteStore(db);
}

std::string DisplayName(const std::string& db) { return IsPostgresUri(db) ? RedactUri(db) : db; }

}  // namespace jikenbo::store
