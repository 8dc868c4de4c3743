// Schema and migrations of the SQLite casebook (store-internal). Migration N brings a casebook
// from user_version N-1 to N; each runs in its own transaction.
#pragma once

#include <sqlite3.h>

#include "base/status.h"

namespace jikenbo::store {

// Migrates db to `target` (kSchemaVersion unless a test asks for an older layout). Fails with
// Corrupt for a newer or foreign database.
Status Migrate(sqlite3* db, int target);

}  // namespace jikenbo::store
