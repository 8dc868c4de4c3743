// Reading and writing an incident's rows (store-internal): the list tables of an article and
// its packed evidence, shared by adding, correcting and re-analysing articles.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "base/status.h"
#include "model/incident.h"
#include "store/sql.h"

namespace jikenbo::store::rows {

// Writes the list rows of an incident (values, counts, authorities, indicators).
Status InsertIncident(StmtCache& stmts, int64_t id, const model::Incident& inc);
// Reads them back, with the packed evidence, type cues and doubts.
// kLoadBatch incidents at most at once, by article id: five queries for the whole batch (one
// round trip each on PostgreSQL), not five per article.
inline constexpr size_t kLoadBatch = 64;
// heads: what a list row and a case's merged fields need, without the indicators, the evidence
// spans or the type cues (Store::GetHeads).
Status LoadIncidentLists(StmtCache& stmts,
                         const std::vector<std::pair<int64_t, model::Incident*>>& batch,
                         bool heads = false);
// A query over at most kLoadBatch articles by id: `head` (ending "WHERE <id column>") + " IN
// (?1, … ?N)" (" = ?1" for one id) + `tail`, prepared once per connection, its ids bound (unused
// places bound to -1, which no article has).
Stmt& BatchQuery(StmtCache& stmts, const std::string& head, const std::string& tail,
                 const std::vector<int64_t>& ids);
// The JSON columns of an incident: evidence spans, type cues, doubts.
struct Packed {
  std::string evidence, type_cues, doubts;
};
Packed Pack(const model::Incident& inc);
// Rewrites every analysed field of article `id` (its columns and list rows) from inc; the text,
// title, location and case number stay.
Status UpdateIncident(StmtCache& stmts, int64_t id, const model::Incident& inc);

}  // namespace jikenbo::store::rows
