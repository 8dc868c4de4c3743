#include "store/sql_cases.h"

#include <set>

namespace jikenbo::store::cases {
namespace {

constexpr const char* kCaseInputSql =
    "SELECT a.id, (SELECT case_no FROM case_numbers WHERE article_id = a.id), a.type,"
    " a.announce_date, a.incident_date, a.source_ref, a.title_org, a.org_key, a.follow_up,"
    " d.url, a.title, a.text,"
    " (SELECT count FROM affected WHERE article_id = a.id ORDER BY ordinal LIMIT 1)"
    " FROM articles a JOIN documents d ON d.id = a.document_id WHERE a.id = ?";

Result<casebook::CaseInput> Load(StmtCache& stmts, int64_t id) {
  Stmt& st = stmts.Get(kCaseInputSql);
  JK_RETURN_IF_ERROR(st.status("case input"));
  st.Bind(1, id);
  if (st.Step() != kRow) return st.Error("case input");
  casebook::CaseInput c;
  c.id = st.Int(0);
  c.case_no = st.OptText(1);
  c.type = st.OptText(2);
  c.announce_date = st.OptText(3);
  c.incident_date = st.OptText(4);
  c.source_ref = st.OptText(5);
  c.title_org = st.OptText(6);
  c.org_key = st.OptText(7).value_or("");
  c.follow_up = st.OptText(8);
  c.doc_url = st.OptText(9);
  c.title = st.Text(10);
  c.text = st.Text(11);
  c.headline = st.OptInt(12);
  st.Reset();
  Stmt& values = stmts.Get(
      "SELECT field, value FROM article_values WHERE article_id = ?"
      " AND field IN ('data_items', 'source_urls', 'victim_orgs', 'org_aliases')"
      " ORDER BY field, ordinal");
  values.Bind(1, id);
  while (values.Step() == kRow) {
    const std::string field = values.Text(0);
    (field == "data_items"    ? c.data_items
     : field == "source_urls" ? c.source_urls
     : field == "org_aliases" ? c.org_aliases
                              : c.victim_orgs)
        .push_back(values.Text(1));
  }
  values.Reset();
  return c;
}

// Runs a query of article ids with its bindings and adds them to ids.
template <typename BindFn>
Status CollectIds(Db* db, const char* sql, BindFn bind, std::set<int64_t>* ids) {
  Stmt st(db, sql);
  JK_RETURN_IF_ERROR(st.status("case neighbours"));
  bind(st);
  for (int rc = st.Step(); rc != kDone; rc = st.Step()) {
    if (rc != kRow) return st.Error("case neighbours");
    ids->insert(st.Int(0));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<casebook::CaseInput>> Pending(Db* db, StmtCache& stmts, size_t limit) {
  std::vector<int64_t> ids;
  {
    // casebook::DateOf's order: announced, else incident date, else the publisher's year.
    Stmt st(db,
            "SELECT p.article_id FROM pending_cases p JOIN articles a ON a.id = p.article_id"
            " WHERE a.kind = 'incident' ORDER BY COALESCE(a.announce_date, a.incident_date,"
            " CASE WHEN length(a.source_ref) >= 4 THEN substr(a.source_ref, 1, 4) || '-13' END,"
            " '9999'), p.article_id LIMIT ?");
    JK_RETURN_IF_ERROR(st.status("pending incidents"));
    st.Bind(1, limit == 0 ? kNoLimit : static_cast<int64_t>(limit));
    for (int rc = st.Step(); rc == kRow; rc = st.Step()) ids.push_back(st.Int(0));
  }
  std::vector<casebook::CaseInput> out;
  for (int64_t id : ids) {
    JK_ASSIGN_OR_RETURN(auto c, Load(stmts, id));
    c.case_no.reset();  // a pending report is decided afresh
    out.push_back(std::move(c));
  }
  return out;
}

Result<std::vector<casebook::CaseInput>> Neighbours(Db* db, StmtCache& stmts,
                                                    const casebook::Probe& probe) {
  std::set<int64_t> ids;
  for (const std::string& key : probe.org_keys) {
    JK_RETURN_IF_ERROR(CollectIds(
        db,
        "SELECT id FROM articles WHERE org_key = ?1 AND kind = 'incident'"
        " UNION SELECT v.article_id FROM article_values v JOIN articles a ON a.id = v.article_id"
        " WHERE v.field = 'org_aliases' AND v.value = ?1 AND a.kind = 'incident'",
        [&](Stmt& st) { st.Bind(1, key); }, &ids));
  }
  for (const std::string& ref : probe.source_refs) {
    JK_RETURN_IF_ERROR(CollectIds(
        db, "SELECT id FROM articles WHERE source_ref = ? AND kind = 'incident'",
        [&](Stmt& st) { st.Bind(1, ref); }, &ids));
  }
  for (const std::string& url : probe.urls) {
    JK_RETURN_IF_ERROR(CollectIds(
        db,
        "SELECT a.id FROM articles a JOIN documents d ON d.id = a.document_id"
        " WHERE d.url = ?1 AND a.kind = 'incident'"
        " UNION SELECT v.article_id FROM article_values v JOIN articles a ON a.id = v.article_id"
        " WHERE v.field = 'source_urls' AND v.value = ?1 AND a.kind = 'incident'",
        [&](Stmt& st) { st.Bind(1, url); }, &ids));
  }
  for (const casebook::Probe::Window& w : probe.windows) {
    JK_RETURN_IF_ERROR(CollectIds(
        db,
        "SELECT id FROM articles WHERE kind = 'incident' AND type IS NOT DISTINCT FROM ?1"
        " AND announce_date BETWEEN ?2 AND ?3",
        [&](Stmt& st) {
          st.Bind(1, w.type.empty() ? std::optional<std::string>() : w.type);
          st.Bind(2, w.from).Bind(3, w.to);
        },
        &ids));
    if (w.type.empty()) continue;
    JK_RETURN_IF_ERROR(CollectIds(
        db,
        "SELECT id FROM articles WHERE kind = 'incident' AND type = ?1 AND announce_date < ?2"
        " ORDER BY announce_date DESC LIMIT ?3",
        [&](Stmt& st) {
          st.Bind(1, w.type).Bind(2, w.from).Bind(3, static_cast<int64_t>(probe.related));
        },
        &ids));
  }
  std::vector<casebook::CaseInput> out;
  for (int64_t id : ids) {
    JK_ASSIGN_OR_RETURN(auto c, Load(stmts, id));
    if (c.case_no) out.push_back(std::move(c));  // pending ones are the fresh reports
  }
  return out;
}

Result<std::map<std::string, int64_t>> Counters(StmtCache& stmts) {
  Stmt& st = stmts.Get("SELECT year, last FROM case_counters");
  JK_RETURN_IF_ERROR(st.status("case counters"));
  std::map<std::string, int64_t> out;
  while (st.Step() == kRow) out[st.Text(0)] = st.Int(1);
  st.Reset();
  return out;
}

Status Apply(StmtCache& stmts, const casebook::Assignment& a) {
  for (const auto& [id, no] : a.case_no) {
    Stmt& up = stmts.Get(
        "INSERT INTO case_numbers (article_id, case_no) VALUES (?1, ?2)"
        " ON CONFLICT (article_id) DO UPDATE SET case_no = excluded.case_no");
    up.Bind(1, id).Bind(2, no);
    JK_RETURN_IF_ERROR(up.Run("set case number"));
    Stmt& done = stmts.Get("DELETE FROM pending_cases WHERE article_id = ?");
    done.Bind(1, id);
    JK_RETURN_IF_ERROR(done.Run("clear pending case"));
  }
  for (const casebook::Link& l : a.links) JK_RETURN_IF_ERROR(UpsertLink(stmts, l));
  for (const auto& [year, last] : a.counters) {
    Stmt& c = stmts.Get(
        "INSERT INTO case_counters (year, last) VALUES (?1, ?2)"
        " ON CONFLICT(year) DO UPDATE SET last = CASE WHEN case_counters.last > ?2"
        " THEN case_counters.last ELSE ?2 END");
    c.Bind(1, year).Bind(2, last);
    JK_RETURN_IF_ERROR(c.Run("case counters"));
  }
  return Status::Ok();
}

Status UpsertLink(StmtCache& stmts, const casebook::Link& l) {
  Stmt& link = stmts.Get(
      "INSERT INTO case_links (article_id, other_article_id, relation, score, reason)"
      " VALUES (?, ?, ?, ?, ?) ON CONFLICT (article_id, other_article_id, relation)"
      " DO UPDATE SET score = excluded.score, reason = excluded.reason");
  link.Bind(1, l.article_id).Bind(2, l.other_id).Bind(3, l.relation).Bind(4, l.score);
  link.Bind(5, l.reason);
  return link.Run("link cases");
}

Result<std::optional<std::string>> Retired(StmtCache& stmts, const std::string& case_no) {
  Stmt& st = stmts.Get("SELECT merged_into FROM retired_cases WHERE case_no = ?");
  JK_RETURN_IF_ERROR(st.status("retired case"));
  st.Bind(1, case_no);
  std::optional<std::string> out;
  if (st.Step() == kRow) out = st.Text(0);
  st.Reset();
  return out;
}

}  // namespace jikenbo::store::cases
