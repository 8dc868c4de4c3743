// Analysts' acts in SQL (either backend) (store-internal): corrections kept apart from the analysis
// and re-applied after re-analysis, merges and splits of cases, and their log. The caller holds the
// transaction.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/sql.h"
#include "store/store.h"

namespace jikenbo::store::corrections {

Status Correct(StmtCache& stmts, const ArticleRecord& rec, const std::vector<model::Edit>& edits,
               const std::string& who);
Result<std::vector<LogEntry>> Log(Db* db, const std::string& case_no);
Result<std::vector<CorrectionRecord>> All(Db* db);
Status Merge(Db* db, StmtCache& stmts, const std::string& keep, const std::string& other,
             const std::string& who);
Result<std::string> Split(Db* db, StmtCache& stmts, int64_t article_id, const std::string& who);
Status Publish(Db* db, StmtCache& stmts, const std::string& case_no, const std::string& who);
Result<std::vector<PossibleSame>> PossibleSames(Db* db);
Status Dismiss(Db* db, StmtCache& stmts, const std::string& case_no, const std::string& other,
               const std::string& who);
Result<std::vector<std::pair<std::string, std::string>>> Published(Db* db, size_t limit);
// `insert` adds an article of the document (a new ordinal); `load` reads an article; `reindex`
// updates the full-text index of an article whose title or text changed.
Result<size_t> Replace(
    Db* db, StmtCache& stmts, int64_t document_id, const std::vector<model::Article>& articles,
    const std::function<Status(const model::Article&)>& insert,
    const std::function<Result<ArticleRecord>(int64_t)>& load,
    const std::function<Status(const ArticleRecord& old, const model::Article& now)>& reindex);

}  // namespace jikenbo::store::corrections
