// The casebook's decisions in SQL (either backend) (store-internal): the incidents waiting for a
// number, the numbered ones a probe names, the per-year counters, and the writing of an Assignment.
// The caller holds the transaction.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "casebook/casebook.h"
#include "store/sql.h"

namespace jikenbo::store::cases {

Result<std::vector<casebook::CaseInput>> Pending(Db* db, StmtCache& stmts, size_t limit);
Result<std::vector<casebook::CaseInput>> Neighbours(Db* db, StmtCache& stmts,
                                                    const casebook::Probe& probe);
Result<std::map<std::string, int64_t>> Counters(StmtCache& stmts);
Status Apply(StmtCache& stmts, const casebook::Assignment& assignment);
// Writes one link between two reports (a later decision on the same pair replaces its score and
// reason): the casebook's links and an analyst's merge alike.
Status UpsertLink(StmtCache& stmts, const casebook::Link& link);
Result<std::optional<std::string>> Retired(StmtCache& stmts, const std::string& case_no);

}  // namespace jikenbo::store::cases
