// Archived originals (jikenbo archive) and the state of watched sources and feed items
// (jikenbo watch) in SQL (store-internal). The caller holds the transaction when it writes.
#pragma once

#include <string>
#include <vector>

#include "base/status.h"
#include "store/sql.h"
#include "store/store.h"

namespace jikenbo::store::sources {

// The archived documents of a case number or a SHA-256 prefix (8 or more hex digits).
Result<std::vector<ArchivedDocument>> Archived(Db* db, const std::string& key);
Result<SourceState> Source(StmtCache& stmts, const std::string& url);
Status PutSource(StmtCache& stmts, const SourceState& s);
Result<bool> SeenItem(StmtCache& stmts, const std::string& feed_url, const std::string& key);
Status MarkSeen(StmtCache& stmts, const std::string& feed_url, const std::string& key,
                const std::string& sha256);

}  // namespace jikenbo::store::sources
