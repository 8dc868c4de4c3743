#include "store/pg_db.h"
#include "store/store.h"

namespace jikenbo::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& db, const SqliteOptions& sqlite) {
  if (IsPostgresUri(db)) return OpenPostgresStore(db);
  return OpenSqliteStore(db, sqlite);
}

std::string DisplayName(const std::string& db) { return IsPostgresUri(db) ? RedactUri(db) : db; }

}  // namespace jikenbo::store
