#include "store/store.h"

namespace jikenbo::store {

Result<std::unique_ptr<Store>> OpenStore(const std::string& db) {
  if (IsPostgresUri(db)) return OpenPostgresStore(db);
  return OpenSqliteStore(db);
}

}  // namespace jikenbo::store
