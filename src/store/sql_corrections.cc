#include "store/sql_corrections.h"

#include <fmt/format.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "base/clock.h"
#include "store/sql_cases.h"
#include "store/sql_rows.h"

namespace jikenbo::store::corrections {
namespace {

std::string OpText(char op) { return op == '=' ? "=" : std::string(1, op) + "="; }

// An article that stops being an incident leaves its case; one that becomes one waits for a
// number.
Status KindChanged(StmtCache& stmts, int64_t id, bool was, bool is) {
  if (was == is) return Status::Ok();
  if (was) {
    for (const char* sql : {"DELETE FROM case_numbers WHERE article_id = ?1",
                            "DELETE FROM case_links WHERE article_id = ?1 OR other_article_id = ?1",
                            "DELETE FROM pending_cases WHERE article_id = ?1"}) {
      Stmt& st = stmts.Get(sql);
      st.Bind(1, id);
      JK_RETURN_IF_ERROR(st.Run("leave case"));
    }
    return Status::Ok();
  }
  Stmt& st = stmts.Get("INSERT INTO pending_cases (article_id) VALUES (?) ON CONFLICT DO NOTHING");
  st.Bind(1, id);
  return st.Run("queue for numbering");
}

Result<std::vector<int64_t>> ReportsOf(Db* db, const std::string& case_no) {
  Stmt st(db, "SELECT article_id FROM case_numbers WHERE case_no = ? ORDER BY article_id");
  JK_RETURN_IF_ERROR(st.status("case reports"));
  st.Bind(1, case_no);
  std::vector<int64_t> out;
  for (int rc = st.Step(); rc == kRow; rc = st.Step()) out.push_back(st.Int(0));
  return out;
}

// The reports of two cases, each of which must exist.
Result<std::pair<std::vector<int64_t>, std::vector<int64_t>>> TwoCases(Db* db, const std::string& a,
                                                                       const std::string& b) {
  JK_ASSIGN_OR_RETURN(auto first, ReportsOf(db, a));
  JK_ASSIGN_OR_RETURN(auto second, ReportsOf(db, b));
  if (first.empty()) return Status::NotFound("no such case", a);
  if (second.empty()) return Status::NotFound("no such case", b);
  return std::make_pair(std::move(first), std::move(second));
}

Status LogAction(StmtCache& stmts, const std::string& action, const std::string& case_no,
                 const std::string& other, const std::vector<int64_t>& articles,
                 const std::string& who) {
  Stmt& st = stmts.Get(
      "INSERT INTO case_actions (action, case_no, other, articles, who, at)"
      " VALUES (?, ?, ?, ?, ?, ?)");
  st.Bind(1, action).Bind(2, case_no).Bind(3, other);
  st.Bind(4, nlohmann::json(articles).dump()).Bind(5, who).Bind(6, NowUtc());
  return st.Run("log case action");
}

Status SetNumber(StmtCache& stmts, int64_t id, const std::string& no) {
  Stmt& st = stmts.Get(
      "INSERT INTO case_numbers (article_id, case_no) VALUES (?1, ?2)"
      " ON CONFLICT (article_id) DO UPDATE SET case_no = excluded.case_no");
  st.Bind(1, id).Bind(2, no);
  return st.Run("set case number");
}

}  // namespace

Status Correct(StmtCache& stmts, const ArticleRecord& rec, const std::vector<model::Edit>& edits,
               const std::string& who) {
  const model::Incident& before = rec.article.incident;
  model::Incident after = before;
  JK_RETURN_IF_ERROR(model::ApplyEdits(edits, &after));
  JK_RETURN_IF_ERROR(rows::UpdateIncident(stmts, rec.id, after));
  JK_RETURN_IF_ERROR(
      KindChanged(stmts, rec.id, before.kind == "incident", after.kind == "incident"));
  const std::string at = NowUtc();
  for (const model::Edit& e : edits) {
    Stmt& st = stmts.Get(
        "INSERT INTO corrections (doc_sha256, ordinal, field, op, value, old_value, new_value,"
        " who, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    st.Bind(1, rec.doc_sha256).Bind(2, int64_t{rec.article.ordinal}).Bind(3, e.field);
    st.Bind(4, std::string(1, e.op)).Bind(5, e.value);
    st.Bind(6, model::FieldText(before, e.field)).Bind(7, model::FieldText(after, e.field));
    st.Bind(8, who).Bind(9, at);
    JK_RETURN_IF_ERROR(st.Run("record correction"));
  }
  return Status::Ok();
}

Result<std::vector<LogEntry>> Log(Db* db, const std::string& case_no) {
  std::vector<LogEntry> out;
  {
    Stmt st(db,
            "SELECT c.id, c.at, c.who, a.id, coalesce(n.case_no, ''), c.field, c.op, c.value,"
            " c.old_value, c.new_value FROM corrections c"
            " LEFT JOIN documents d ON d.sha256 = c.doc_sha256"
            " LEFT JOIN articles a ON a.document_id = d.id AND a.ordinal = c.ordinal"
            " LEFT JOIN case_numbers n ON n.article_id = a.id"
            " WHERE ?1 = '' OR n.case_no = ?1");
    JK_RETURN_IF_ERROR(st.status("log"));
    st.Bind(1, case_no);
    for (int rc = st.Step(); rc == kRow; rc = st.Step()) {
      LogEntry e;
      e.id = st.Int(0);
      e.at = st.Text(1);
      e.who = st.Text(2);
      e.action = "edit";
      e.article_id = st.Int(3);
      e.case_no = st.Text(4);
      e.field = st.Text(5);
      e.op = OpText(st.Text(6).empty() ? '=' : st.Text(6)[0]);
      e.value = st.Text(7);
      e.old_value = st.Text(8);
      e.new_value = st.Text(9);
      out.push_back(std::move(e));
    }
  }
  {
    Stmt st(db,
            "SELECT id, at, who, action, case_no, other, articles FROM case_actions"
            " WHERE ?1 = '' OR case_no = ?1 OR other = ?1");
    JK_RETURN_IF_ERROR(st.status("log"));
    st.Bind(1, case_no);
    for (int rc = st.Step(); rc == kRow; rc = st.Step()) {
      LogEntry e;
      e.id = st.Int(0);
      e.at = st.Text(1);
      e.who = st.Text(2);
      e.action = st.Text(3);
      e.case_no = st.Text(4);
      e.other = st.Text(5);
      const auto ids = nlohmann::json::parse(st.Text(6), nullptr, false);
      if (e.action == "split" && ids.is_array() && !ids.empty() && ids[0].is_number_integer()) {
        e.article_id = ids[0].get<int64_t>();
      }
      out.push_back(std::move(e));
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const LogEntry& a, const LogEntry& b) { return a.at < b.at; });
  return out;
}

Result<std::vector<CorrectionRecord>> All(Db* db) {
  Stmt st(db,
          "SELECT a.id, c.field, c.op, c.value, c.new_value FROM corrections c"
          " JOIN documents d ON d.sha256 = c.doc_sha256"
          " JOIN articles a ON a.document_id = d.id AND a.ordinal = c.ordinal ORDER BY c.id");
  JK_RETURN_IF_ERROR(st.status("corrections"));
  std::vector<CorrectionRecord> out;
  for (int rc = st.Step(); rc == kRow; rc = st.Step()) {
    const std::string op = st.Text(2);
    out.push_back({st.Int(0), {st.Text(1), op.empty() ? '=' : op[0], st.Text(3)}, st.Text(4)});
  }
  return out;
}

Status Merge(Db* db, StmtCache& stmts, const std::string& keep, const std::string& other,
             const std::string& who) {
  if (keep == other) return Status::InvalidInput("a case cannot be merged into itself", keep);
  JK_ASSIGN_OR_RETURN(auto both, TwoCases(db, keep, other));
  const auto& [kept, moved] = both;
  for (int64_t id : moved) JK_RETURN_IF_ERROR(SetNumber(stmts, id, keep));
  Stmt& retire = stmts.Get(
      "INSERT INTO retired_cases (case_no, merged_into) VALUES (?, ?)"
      " ON CONFLICT (case_no) DO UPDATE SET merged_into = excluded.merged_into");
  retire.Bind(1, other).Bind(2, keep);
  JK_RETURN_IF_ERROR(retire.Run("retire case number"));
  Stmt& chain = stmts.Get("UPDATE retired_cases SET merged_into = ? WHERE merged_into = ?");
  chain.Bind(1, keep).Bind(2, other);
  JK_RETURN_IF_ERROR(chain.Run("retire case number"));
  JK_RETURN_IF_ERROR(
      cases::UpsertLink(stmts, {kept.front(), moved.front(), "same_incident", 1.0,
                                fmt::format("cases {} and {} merged by {}", keep, other, who)}));
  return LogAction(stmts, "merge", keep, other, moved, who);
}

Result<std::vector<PossibleSame>> PossibleSames(Db* db) {
  Stmt st(db,
          "SELECT na.case_no, nb.case_no, l.article_id, l.other_article_id, a.title, b.title,"
          " l.reason FROM case_links l"
          " JOIN case_numbers na ON na.article_id = l.article_id"
          " JOIN case_numbers nb ON nb.article_id = l.other_article_id"
          " JOIN articles a ON a.id = l.article_id JOIN articles b ON b.id = l.other_article_id"
          " WHERE l.relation = 'possible_same' AND na.case_no <> nb.case_no"
          " AND NOT EXISTS (SELECT 1 FROM case_actions c WHERE c.action = 'dismiss' AND"
          " ((c.case_no = na.case_no AND c.other = nb.case_no) OR"
          " (c.case_no = nb.case_no AND c.other = na.case_no)))"
          " ORDER BY CASE WHEN na.case_no < nb.case_no THEN na.case_no ELSE nb.case_no END,"
          " CASE WHEN na.case_no < nb.case_no THEN nb.case_no ELSE na.case_no END, l.article_id");
  JK_RETURN_IF_ERROR(st.status("possible same"));
  std::vector<PossibleSame> out;
  std::set<std::pair<std::string, std::string>> seen;  // one line per pair of cases
  for (int rc = st.Step(); rc == kRow; rc = st.Step()) {
    PossibleSame p;
    p.case_no = st.Text(0);
    p.other_case_no = st.Text(1);
    p.article_id = st.Int(2);
    p.other_article_id = st.Int(3);
    p.title = st.Text(4);
    p.other_title = st.Text(5);
    p.reason = st.Text(6);
    if (p.other_case_no < p.case_no) {
      std::swap(p.case_no, p.other_case_no);
      std::swap(p.article_id, p.other_article_id);
      std::swap(p.title, p.other_title);
    }
    if (!seen.insert({p.case_no, p.other_case_no}).second) continue;
    out.push_back(std::move(p));
  }
  return out;
}

Status Dismiss(Db* db, StmtCache& stmts, const std::string& case_no, const std::string& other,
               const std::string& who) {
  if (case_no == other) return Status::InvalidInput("a case is always its own incident", case_no);
  JK_RETURN_IF_ERROR(TwoCases(db, case_no, other).status());
  return LogAction(stmts, "dismiss", case_no, other, {}, who);
}

Result<std::string> Split(Db* db, StmtCache& stmts, int64_t article_id, const std::string& who) {
  std::string current;
  {
    Stmt st(db, "SELECT case_no FROM case_numbers WHERE article_id = ?");
    JK_RETURN_IF_ERROR(st.status("split"));
    st.Bind(1, article_id);
    if (st.Step() != kRow) {
      return Status::NotFound("the article has no case number", std::to_string(article_id));
    }
    current = st.Text(0);
  }
  JK_ASSIGN_OR_RETURN(auto members, ReportsOf(db, current));
  if (members.size() < 2) {
    return Status::InvalidInput("the report is alone in its case", current);
  }
  // The latest merge into this case that brought the report in, and whose number is still
  // retired into it: the reports it brought go back to that number.
  std::vector<int64_t> back{article_id};
  std::string number;
  {
    Stmt st(db,
            "SELECT other, articles FROM case_actions WHERE action = 'merge' AND case_no = ?"
            " AND other IN (SELECT case_no FROM retired_cases WHERE merged_into = ?)"
            " ORDER BY id DESC");
    JK_RETURN_IF_ERROR(st.status("split"));
    st.Bind(1, current).Bind(2, current);
    for (int rc = st.Step(); rc == kRow && number.empty(); rc = st.Step()) {
      const auto ids = nlohmann::json::parse(st.Text(1), nullptr, false);
      if (!ids.is_array()) continue;
      std::vector<int64_t> brought;
      for (const auto& v : ids) {
        if (v.is_number_integer()) brought.push_back(v.get<int64_t>());
      }
      if (std::find(brought.begin(), brought.end(), article_id) == brought.end()) continue;
      number = st.Text(0);
      back.clear();
      for (int64_t id : brought) {
        if (std::find(members.begin(), members.end(), id) != members.end()) back.push_back(id);
      }
    }
  }
  if (!number.empty()) {
    Stmt& restore = stmts.Get("DELETE FROM retired_cases WHERE case_no = ?");
    restore.Bind(1, number);
    JK_RETURN_IF_ERROR(restore.Run("restore case number"));
  } else {
    // A new number of the report's year, never issued before.
    std::string year = current.substr(0, 4);
    Stmt& date =
        stmts.Get("SELECT coalesce(announce_date, incident_date) FROM articles WHERE id = ?");
    date.Bind(1, article_id);
    if (date.Step() == kRow && !date.IsNull(0)) year = date.Text(0).substr(0, 4);
    date.Reset();
    Stmt& bump = stmts.Get(
        "INSERT INTO case_counters (year, last) VALUES (?1, 1)"
        " ON CONFLICT(year) DO UPDATE SET last = case_counters.last + 1 RETURNING last");
    bump.Bind(1, year);
    if (bump.Step() != kRow) return bump.Error("case counters");
    number = fmt::format("{}-{:03d}", year, bump.Int(0));
    bump.Reset();
  }
  std::set<int64_t> leaving(back.begin(), back.end());
  for (int64_t id : back) JK_RETURN_IF_ERROR(SetNumber(stmts, id, number));
  // The links that tied them to the case they leave go.
  for (int64_t id : back) {
    for (int64_t other : members) {
      if (leaving.count(other)) continue;
      Stmt& unlink = stmts.Get(
          "DELETE FROM case_links WHERE relation IN ('same_incident', 'possible_same')"
          " AND ((article_id = ?1 AND other_article_id = ?2)"
          " OR (article_id = ?2 AND other_article_id = ?1))");
      unlink.Bind(1, id).Bind(2, other);
      JK_RETURN_IF_ERROR(unlink.Run("unlink"));
    }
  }
  JK_RETURN_IF_ERROR(LogAction(stmts, "split", current, number, back, who));
  return number;
}

Result<size_t> Replace(
    Db* db, StmtCache& stmts, int64_t document_id, const std::vector<model::Article>& articles,
    const std::function<Status(const model::Article&)>& insert,
    const std::function<Result<ArticleRecord>(int64_t)>& load,
    const std::function<Status(const ArticleRecord&, const model::Article&)>& reindex) {
  std::map<uint32_t, int64_t> by_ordinal;
  std::string sha;
  {
    Stmt st(db,
            "SELECT a.ordinal, a.id, d.sha256 FROM articles a JOIN documents d"
            " ON d.id = a.document_id WHERE a.document_id = ?");
    JK_RETURN_IF_ERROR(st.status("re-analysis"));
    st.Bind(1, document_id);
    for (int rc = st.Step(); rc == kRow; rc = st.Step()) {
      by_ordinal[static_cast<uint32_t>(st.Int(0))] = st.Int(1);
      sha = st.Text(2);
    }
  }
  size_t reapplied = 0;
  std::set<uint32_t> seen;
  for (const model::Article& a : articles) {
    seen.insert(a.ordinal);
    auto it = by_ordinal.find(a.ordinal);
    if (it == by_ordinal.end()) {
      JK_RETURN_IF_ERROR(insert(a));
      continue;
    }
    const int64_t id = it->second;
    JK_ASSIGN_OR_RETURN(ArticleRecord old, load(id));
    model::Incident inc = a.incident;
    // The analysts' corrections of this report, in the order made.
    Stmt& st = stmts.Get(
        "SELECT field, op, value FROM corrections WHERE doc_sha256 = ? AND ordinal = ?"
        " ORDER BY id");
    st.Bind(1, sha).Bind(2, int64_t{a.ordinal});
    std::vector<model::Edit> edits;
    while (st.Step() == kRow) {
      const std::string op = st.Text(1);
      edits.push_back({st.Text(0), op.empty() ? '=' : op[0], st.Text(2)});
    }
    st.Reset();
    for (const model::Edit& e : edits) {
      if (model::ApplyEdits({e}, &inc).ok()) ++reapplied;
    }
    Stmt& text = stmts.Get(
        "UPDATE articles SET line = ?, end_line = ?, source_begin = ?, source_end = ?,"
        " start_rule = ?, title = ?, title_begin = ?, title_end = ?, text = ? WHERE id = ?");
    text.Bind(1, int64_t{a.line}).Bind(2, int64_t{a.end_line});
    text.Bind(3, static_cast<int64_t>(a.source_begin)).Bind(4, static_cast<int64_t>(a.source_end));
    text.Bind(5, a.start_rule).Bind(6, a.title).Bind(7, int64_t{a.title_span.begin});
    text.Bind(8, int64_t{a.title_span.end}).Bind(9, a.text).Bind(10, id);
    JK_RETURN_IF_ERROR(text.Run("re-analysis"));
    if (old.article.title != a.title || old.article.text != a.text) {
      JK_RETURN_IF_ERROR(reindex(old, a));
    }
    JK_RETURN_IF_ERROR(rows::UpdateIncident(stmts, id, inc));
    JK_RETURN_IF_ERROR(
        KindChanged(stmts, id, old.article.incident.kind == "incident", inc.kind == "incident"));
  }
  for (const auto& [ordinal, id] : by_ordinal) {
    if (seen.count(ordinal)) continue;
    Stmt& del = stmts.Get("DELETE FROM articles WHERE id = ?");
    del.Bind(1, id);
    JK_RETURN_IF_ERROR(del.Run("re-analysis"));
  }
  return reapplied;
}

Status Publish(Db* db, StmtCache& stmts, const std::string& case_no, const std::string& who) {
  JK_ASSIGN_OR_RETURN(auto reports, ReportsOf(db, case_no));
  if (reports.empty()) return Status::NotFound("no such case", case_no);
  Stmt& st = stmts.Get(
      "INSERT INTO published_cases (case_no, published_at, who) VALUES (?, ?, ?)"
      " ON CONFLICT DO NOTHING");
  st.Bind(1, case_no).Bind(2, NowUtc()).Bind(3, who);
  return st.Run("publish");
}

Result<std::vector<std::pair<std::string, std::string>>> Published(Db* db, size_t limit) {
  Stmt st(db,
          "SELECT case_no, published_at FROM published_cases"
          " ORDER BY published_at DESC, case_no DESC LIMIT ?");
  JK_RETURN_IF_ERROR(st.status("published"));
  st.Bind(1, limit == 0 ? kNoLimit : static_cast<int64_t>(limit));
  std::vector<std::pair<std::string, std::string>> out;
  for (int rc = st.Step(); rc == kRow; rc = st.Step()) out.emplace_back(st.Text(0), st.Text(1));
  return out;
}

}  // namespace jikenbo::store::corrections
