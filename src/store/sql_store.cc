// SqlStore: the casebook's logic over either backend (SQLite, PostgreSQL); one transaction per
// document or per batch of documents (a savepoint each). The backend's dialect does full-text
// search and the locking that serialises case numbering.
#include "store/sql_store.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "base/clock.h"
#include "normalize/normalize.h"
#include "store/search_text.h"
#include "store/snippet.h"
#include "store/sql_cases.h"
#include "store/sql_corrections.h"
#include "store/sql_rows.h"
#include "store/sql_sources.h"

namespace jikenbo::store {
namespace {

constexpr const char* kArticleColumns =
    "a.id, a.document_id, d.path, d.sha256, a.ordinal, a.line, a.end_line, a.source_begin, "
    "a.source_end, a.source_map, a.start_rule, a.title, a.title_begin, a.title_end, a.text, "
    "a.kind, a.type, (SELECT case_no FROM case_numbers WHERE article_id = a.id), a.source_ref, "
    "a.title_org, a.org_kind, a.announce_date, "
    "a.incident_date, a.cause, a.compensation_jpy_per_person, a.type_runner_up, a.org_key, "
    "a.follow_up, d.url, d.ingested_at";

std::string EncodeMap(const OffsetMap& map) {
  std::string out;
  for (const auto& a : map.anchors()) {
    out += fmt::format("{},{},{};", a.derived, a.origin, a.linear ? 1 : 0);
  }
  return out;
}

OffsetMap DecodeMap(std::string_view s) {
  OffsetMap map;
  while (!s.empty()) {
    const size_t end = s.find(';');
    const std::string piece(s.substr(0, end));
    unsigned long long d = 0, o = 0;
    int linear = 1;
    if (std::sscanf(piece.c_str(), "%llu,%llu,%d", &d, &o, &linear) == 3)
      map.Add(d, o, linear != 0);
    s.remove_prefix(end == std::string_view::npos ? s.size() : end + 1);
  }
  return map;
}

class SqlStore : public Store {
 public:
  SqlStore(std::unique_ptr<Db> db, std::unique_ptr<Dialect> dialect)
      : owner_(std::move(db)), db_(owner_.get()), stmts_(db_), dialect_(std::move(dialect)) {}
  ~SqlStore() override {
    stmts_.Clear();  // finalize before closing
  }

  Result<AddResult> AddDocument(const model::Document& doc,
                                const std::vector<model::Article>& articles) override {
    JK_RETURN_IF_ERROR(Begin());
    auto result = AddInTransaction(doc, articles);
    if (!result.ok() || result->duplicate) {
      (void)Rollback();
      return result;
    }
    JK_RETURN_IF_ERROR(Commit());
    JK_RETURN_IF_ERROR(DocumentDone());
    return result;
  }

  Status BeginBatch() override {
    if (in_batch_) return Status::Internal("BeginBatch inside a batch");
    JK_RETURN_IF_ERROR(Exec(dialect_->Begin()));
    in_batch_ = true;
    return Status::Ok();
  }

  Status CommitBatch() override {
    if (!in_batch_) return Status::Internal("CommitBatch without BeginBatch");
    in_batch_ = false;
    return CommitPending();
  }

  bool InBatch() const override { return in_batch_; }
  bool CommitsEachDocument() const override { return dialect_->CommitsEachDocument(); }

  Result<bool> HasDocument(const std::string& sha256) override {
    Stmt& st = stmts_.Get("SELECT 1 FROM documents WHERE sha256 = ?");
    JK_RETURN_IF_ERROR(st.status("HasDocument"));
    st.Bind(1, sha256);
    const int rc = st.Step();
    if (rc != kRow && rc != kDone) return st.Error("HasDocument");
    return rc == kRow;
  }

  Result<std::vector<ArticleRecord>> List(const ListQuery& q) override {
    std::string sql = fmt::format(
        "SELECT {} FROM articles a JOIN documents d ON d.id = a.document_id"
        " WHERE (?1 IS NULL OR a.kind = ?1) AND (?2 IS NULL OR a.type = ?2)"
        " AND (?3 IS NULL OR a.id IN (SELECT article_id FROM indicators"
        " WHERE value = ?3))"
        " AND {}a.id IN (SELECT article_id FROM case_numbers WHERE case_no = ?6){}"
        " ORDER BY a.document_id, a.ordinal LIMIT ?4 OFFSET ?5",
        kArticleColumns,
        // A case's reports: looked up by the case number's index, not by testing every article
        // (the planner cannot use an index behind "?6 IS NULL OR").
        q.case_no ? "" : "(?6 IS NULL OR ", q.case_no ? "" : ")");
    Stmt st(db_, sql.c_str());
    JK_RETURN_IF_ERROR(st.status("List"));
    st.Bind(1, q.kind).Bind(2, q.type).Bind(3, q.indicator).Bind(6, q.case_no);
    st.Bind(4, q.limit == 0 ? kNoLimit : static_cast<int64_t>(q.limit));
    st.Bind(5, static_cast<int64_t>(q.offset));
    std::vector<ArticleRecord> out;
    JK_RETURN_IF_ERROR(Collect(st, [&](ArticleRecord r) {
      out.push_back(std::move(r));
      return Status::Ok();
    }));
    return out;
  }

  Result<ArticleRecord> Get(int64_t id) override {
    JK_ASSIGN_OR_RETURN(std::vector<ArticleRecord> found, GetMany({id}));
    if (found.empty()) return Status::NotFound(fmt::format("no article {}", id));
    return std::move(found.front());
  }

  Result<std::vector<ArticleRecord>> GetMany(const std::vector<int64_t>& ids) override {
    return Read(ids, /*heads=*/false);
  }
  Result<std::vector<ArticleRecord>> GetHeads(const std::vector<int64_t>& ids) override {
    return Read(ids, /*heads=*/true);
  }
  Result<std::vector<ArticleRecord>> Read(const std::vector<int64_t>& ids, bool heads) {
    static const std::string whole =
        fmt::format("SELECT {} FROM articles a JOIN documents d ON d.id = a.document_id WHERE a.id",
                    kArticleColumns);
    // (the same columns, the offset map and the text left empty)
    static const std::string light = [] {
      std::string s = whole;
      for (auto [column, empty] : {std::pair{"a.source_map,", "NULL,"}, {"a.text,", "'',"}}) {
        s.replace(s.find(column), std::string_view(column).size(), empty);
      }
      return s;
    }();
    const std::string& head = heads ? light : whole;
    std::unordered_map<int64_t, ArticleRecord> found;
    for (size_t at = 0; at < ids.size(); at += rows::kLoadBatch) {
      const std::vector<int64_t> chunk(
          ids.begin() + static_cast<ptrdiff_t>(at),
          ids.begin() + static_cast<ptrdiff_t>(std::min(ids.size(), at + rows::kLoadBatch)));
      Stmt& st = rows::BatchQuery(stmts_, head, "", chunk);
      JK_RETURN_IF_ERROR(st.status("GetMany"));
      JK_RETURN_IF_ERROR(Collect(
          st,
          [&](ArticleRecord r) {
            const int64_t id = r.id;
            found.emplace(id, std::move(r));
            return Status::Ok();
          },
          heads));
      st.Reset();
    }
    std::unordered_map<int64_t, size_t> left;  // occurrences of each id still to hand out
    for (int64_t id : ids) ++left[id];
    std::vector<ArticleRecord> out;
    out.reserve(ids.size());
    for (int64_t id : ids) {
      auto it = found.find(id);
      if (it == found.end()) continue;
      if (--left[id] == 0) {
        out.push_back(std::move(it->second));
      } else {
        out.push_back(it->second);  // an id asked for twice
      }
    }
    return out;
  }

  Result<std::vector<int64_t>> SearchIds(std::string_view query, size_t limit) override {
    if (MatchExpression(query).empty()) {
      return Status::InvalidInput("nothing to search for", std::string(query));
    }
    JK_ASSIGN_OR_RETURN(auto ranked,
                        dialect_->Match(*db_, stmts_, query, limit == 0 ? 1000 : limit));
    std::vector<int64_t> ids;
    ids.reserve(ranked.size());
    for (const auto& [id, score] : ranked) ids.push_back(id);
    return ids;
  }

  Result<std::vector<SearchHit>> Search(std::string_view query, size_t limit) override {
    if (MatchExpression(query).empty()) {
      return Status::InvalidInput("nothing to search for", std::string(query));
    }
    JK_ASSIGN_OR_RETURN(auto ranked,
                        dialect_->Match(*db_, stmts_, query, limit == 0 ? 1000 : limit));
    const std::vector<std::string> terms = QueryTerms(query);
    std::vector<int64_t> ids;
    ids.reserve(ranked.size());
    for (const auto& [id, score] : ranked) ids.push_back(id);
    // (an index row outliving its report has no record and is left out)
    JK_ASSIGN_OR_RETURN(std::vector<ArticleRecord> records, GetMany(ids));
    std::vector<SearchHit> hits;
    size_t next = 0;
    for (ArticleRecord& rec : records) {
      while (ranked[next].first != rec.id) ++next;
      SearchHit h;
      MakeSnippet(rec.article.text, terms, &h.snippet, &h.highlights);
      rec.article.text.clear();
      h.record = std::move(rec);
      h.score = ranked[next++].second;
      hits.push_back(std::move(h));
    }
    return hits;
  }

  Status ForEach(const std::function<Status(const ArticleRecord&)>& fn) override {
    const std::string sql = fmt::format(
        "SELECT {} FROM articles a JOIN documents d ON d.id = a.document_id"
        " ORDER BY a.document_id, a.ordinal",
        kArticleColumns);
    Stmt st(db_, sql.c_str());
    JK_RETURN_IF_ERROR(st.status("ForEach"));
    return Collect(st, [&](ArticleRecord r) { return fn(r); });
  }

  Result<std::vector<casebook::CaseInput>> PendingIncidents(size_t limit) override {
    JK_RETURN_IF_ERROR(dialect_->LockCases(*db_));
    return cases::Pending(db_, stmts_, limit);
  }

  Result<std::vector<casebook::CaseInput>> CaseNeighbours(const casebook::Probe& probe) override {
    return cases::Neighbours(db_, stmts_, probe);
  }

  Result<std::map<std::string, int64_t>> CaseCounters() override { return cases::Counters(stmts_); }

  Status Correct(int64_t article_id, const std::vector<model::Edit>& edits,
                 const std::string& who) override {
    JK_ASSIGN_OR_RETURN(ArticleRecord rec, Get(article_id));
    return InUnit([&] { return corrections::Correct(stmts_, rec, edits, who); });
  }

  Result<std::vector<LogEntry>> Log(const std::string& case_no) override {
    return corrections::Log(db_, case_no);
  }

  Result<std::vector<CorrectionRecord>> Corrections() override { return corrections::All(db_); }

  Status MergeCases(const std::string& keep, const std::string& other,
                    const std::string& who) override {
    return InUnit([&]() -> Status {
      JK_RETURN_IF_ERROR(dialect_->LockCases(*db_));
      return corrections::Merge(db_, stmts_, keep, other, who);
    });
  }

  Result<std::string> SplitReport(int64_t article_id, const std::string& who) override {
    std::string number;
    const Status s = InUnit([&]() -> Status {
      JK_RETURN_IF_ERROR(dialect_->LockCases(*db_));
      auto split = corrections::Split(db_, stmts_, article_id, who);
      if (split.ok()) number = *split;
      return split.status();
    });
    if (!s.ok()) return s;
    return number;
  }

  Result<size_t> ReplaceAnalysis(int64_t document_id,
                                 const std::vector<model::Article>& articles) override {
    size_t reapplied = 0;
    const Status s = InUnit([&]() -> Status {
      auto done = corrections::Replace(
          db_, stmts_, document_id, articles,
          [&](const model::Article& a) { return InsertArticle(document_id, a); },
          [&](int64_t id) { return Get(id); },
          [&](const ArticleRecord& old, const model::Article& now) -> Status {
            JK_RETURN_IF_ERROR(dialect_->Unindex(*db_, stmts_, MakeIndexRow(old.id, old.article)));
            return QueueIndex(MakeIndexRow(old.id, now));
          });
      if (done.ok()) reapplied = *done;
      return done.status();
    });
    if (!s.ok()) return s;
    JK_RETURN_IF_ERROR(DocumentDone());
    return reapplied;
  }

  Status Publish(const std::string& case_no, const std::string& who) override {
    return InUnit([&] { return corrections::Publish(db_, stmts_, case_no, who); });
  }

  Result<std::vector<std::pair<std::string, std::string>>> Published(size_t limit) override {
    return corrections::Published(db_, limit);
  }

  Result<std::optional<std::string>> RetiredCase(const std::string& case_no) override {
    return cases::Retired(stmts_, case_no);
  }

  Status ApplyCases(const casebook::Assignment& a) override {
    JK_RETURN_IF_ERROR(Begin());
    Status s = dialect_->LockCases(*db_);
    if (s.ok()) s = cases::Apply(stmts_, a);
    if (!s.ok()) {
      (void)Rollback();
      return s;
    }
    return Commit();
  }

  Result<std::vector<PossibleSame>> PossibleSames() override {
    return corrections::PossibleSames(db_);
  }

  Status DismissPossibleSame(const std::string& case_no, const std::string& other,
                             const std::string& who) override {
    return InUnit([&] { return corrections::Dismiss(db_, stmts_, case_no, other, who); });
  }

  Result<std::vector<casebook::Link>> Links(int64_t article_id) override {
    Stmt st(db_,
            "SELECT article_id, other_article_id, relation, score, reason FROM case_links"
            " WHERE article_id = ?1 OR other_article_id = ?1"
            " ORDER BY relation DESC, score DESC, article_id, other_article_id");
    JK_RETURN_IF_ERROR(st.status("Links"));
    st.Bind(1, article_id);
    std::vector<casebook::Link> out;
    for (int rc = st.Step(); rc == kRow; rc = st.Step()) {
      out.push_back({st.Int(0), st.Int(1), st.Text(2), st.Real(3), st.Text(4)});
    }
    return out;
  }

  Result<std::vector<ArchivedDocument>> Archived(const std::string& key) override {
    return sources::Archived(db_, key);
  }
  Result<SourceState> Source(const std::string& url) override {
    return sources::Source(stmts_, url);
  }
  Status PutSource(const SourceState& s) override { return sources::PutSource(stmts_, s); }
  Result<bool> SeenItem(const std::string& feed_url, const std::string& key) override {
    return sources::SeenItem(stmts_, feed_url, key);
  }
  Status MarkSeen(const std::string& feed_url, const std::string& key,
                  const std::string& sha256) override {
    return sources::MarkSeen(stmts_, feed_url, key, sha256);
  }

  void EndRead() override { stmts_.ResetAll(); }

  Result<Counts> Count() override {
    Stmt st(db_,
            "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM articles),"
            " (SELECT n FROM change_counter WHERE id = 1)");
    JK_RETURN_IF_ERROR(st.status("Count"));
    if (st.Step() != kRow) return st.Error("Count");
    return Counts{st.Int(0), st.Int(1), st.Int(2)};
  }

 private:
  // One unit of work: a transaction of its own, or a savepoint inside the open batch.
  Status Begin() {
    unit_fts_ = pending_fts_.size();
    return Exec(in_batch_ ? "SAVEPOINT unit" : dialect_->Begin());
  }
  Status Commit() {
    Status s = in_batch_ ? Exec("RELEASE unit") : Changed();
    if (s.ok() && !in_batch_) s = Exec("COMMIT");
    if (!s.ok()) (void)Rollback();
    return s;
  }
  Status Rollback() {
    if (!in_batch_) return Exec("ROLLBACK");
    pending_fts_.resize(unit_fts_);
    Status s = Exec("ROLLBACK TO unit");
    Status r = Exec("RELEASE unit");
    return s.ok() ? r : s;
  }

  // Indexes the batch's rows and commits. The full-text rows go in last: FTS5 flushes its
  // pending index at every savepoint, so indexing per document would write one index segment
  // per document.
  Status CommitPending() {
    Status s;
    for (const IndexRow& row : pending_fts_) {
      s = dialect_->Index(*db_, stmts_, row);
      if (!s.ok()) break;
    }
    pending_fts_.clear();
    if (s.ok()) s = Changed();
    if (s.ok()) s = Exec("COMMIT");
    if (!s.ok()) (void)Exec("ROLLBACK");
    return s;
  }
  // After a document's unit inside a batch: where writers share the database, the document is
  // committed now and the batch goes on in a new transaction, so that no transaction holding
  // one document waits for another writer's (two writers offering the same documents in
  // different orders would deadlock).
  Status DocumentDone() {
    if (!in_batch_ || !dialect_->CommitsEachDocument()) return Status::Ok();
    Status s = CommitPending();
    Status b = Exec(dialect_->Begin());
    if (!b.ok()) in_batch_ = false;
    return s.ok() ? b : s;
  }

  // Runs fn as one unit of work: committed when it succeeds, rolled back when it fails.
  Status InUnit(const std::function<Status()>& fn) {
    JK_RETURN_IF_ERROR(Begin());
    Status s = fn();
    if (!s.ok()) {
      (void)Rollback();
      return s;
    }
    return Commit();
  }

  Status Exec(const char* sql) { return db_->Exec(sql); }
  // Counts a write in the transaction that makes it, just before its commit: readers see the
  // new count with the data (the row is locked only for the commit itself).
  Status Changed() { return Exec("UPDATE change_counter SET n = n + 1 WHERE id = 1"); }

  Result<AddResult> AddInTransaction(const model::Document& doc,
                                     const std::vector<model::Article>& articles);
  Status InsertArticle(int64_t doc_id, const model::Article& a);
  // Reads rows of kArticleColumns from st (heads: their lists as GetHeads reads them).
  Status Collect(Stmt& st, const std::function<Status(ArticleRecord)>& fn, bool heads = false);

  static IndexRow MakeIndexRow(int64_t id, const model::Article& a) {
    return {id, IndexText(normalize::Nfkc(a.title)), IndexText(normalize::Nfkc(a.text))};
  }
  // Indexes the row now, or at CommitBatch() inside a batch.
  Status QueueIndex(IndexRow row) {
    if (!in_batch_) return dialect_->Index(*db_, stmts_, row);
    pending_fts_.push_back(std::move(row));
    return Status::Ok();
  }

  std::unique_ptr<Db> owner_;
  Db* db_;
  StmtCache stmts_;
  std::unique_ptr<Dialect> dialect_;
  bool in_batch_ = false;
  std::vector<IndexRow> pending_fts_;  // rows of the open batch, indexed at CommitBatch()
  size_t unit_fts_ = 0;                // pending_fts_.size() when the current unit began
};

Result<AddResult> SqlStore::AddInTransaction(const model::Document& doc,
                                             const std::vector<model::Article>& articles) {
  AddResult result;
  auto existing = [&]() -> Result<bool> {
    Stmt& st = stmts_.Get("SELECT id FROM documents WHERE sha256 = ?");
    JK_RETURN_IF_ERROR(st.status("AddDocument"));
    st.Bind(1, doc.sha256);
    const int rc = st.Step();
    if (rc != kRow && rc != kDone) return st.Error("AddDocument");
    if (rc == kRow) result.document_id = st.Int(0);
    st.Reset();
    return rc == kRow;
  };
  JK_ASSIGN_OR_RETURN(result.duplicate, existing());
  if (result.duplicate) return result;
  // Another writer may be storing the same bytes right now: the insert then waits for its
  // commit and writes nothing (no row returned), and this one is a duplicate.
  Stmt& st = stmts_.Get(
      "INSERT INTO documents (sha256, path, content_type, encoding, size, bytes, front_matter,"
      " ingested_at, text, title, published, url, fetched_at)"
      " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING RETURNING "
      "id");
  JK_RETURN_IF_ERROR(st.status("insert document"));
  st.Bind(1, doc.sha256).Bind(2, doc.path).Bind(3, doc.content_type).Bind(4, doc.encoding);
  st.Bind(5, static_cast<int64_t>(doc.bytes.size())).BindBlob(6, doc.bytes);
  st.Bind(7, doc.front_matter).Bind(8, NowUtc());
  auto opt = [](const std::string& s) {
    return s.empty() ? std::nullopt : std::optional<std::string>(s);
  };
  st.Bind(9, opt(doc.text)).Bind(10, opt(doc.title)).Bind(11, opt(doc.published));
  st.Bind(12, opt(doc.url)).Bind(13, opt(doc.fetched_at));
  const int rc = st.Step();
  if (rc != kRow && rc != kDone) return st.Error("insert document");
  if (rc == kDone) {
    st.Reset();
    JK_ASSIGN_OR_RETURN(result.duplicate, existing());
    if (!result.duplicate) return Status::Internal("document neither stored nor found", doc.sha256);
    return result;
  }
  result.document_id = st.Int(0);
  st.Reset();
  for (const model::Article& a : articles) {
    JK_RETURN_IF_ERROR(InsertArticle(result.document_id, a));
  }
  result.articles = articles.size();
  return result;
}

Status SqlStore::InsertArticle(int64_t doc_id, const model::Article& a) {
  const model::Incident& inc = a.incident;
  Stmt& st = stmts_.Get(
      "INSERT INTO articles (document_id, ordinal, line, end_line, source_begin, source_end,"
      " source_map, start_rule, title, title_begin, title_end, text, kind, type,"
      " source_ref, title_org, org_kind, announce_date, incident_date, cause,"
      " compensation_jpy_per_person, type_runner_up, evidence_json, type_cues_json, doubts_json,"
      " org_key, follow_up)"
      " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING id");
  JK_RETURN_IF_ERROR(st.status("insert article"));
  st.Bind(1, doc_id).Bind(2, int64_t{a.ordinal}).Bind(3, int64_t{a.line});
  st.Bind(4, int64_t{a.end_line}).Bind(5, static_cast<int64_t>(a.source_begin));
  st.Bind(6, static_cast<int64_t>(a.source_end));
  st.Bind(
      7, a.source_map.empty() ? std::nullopt : std::optional<std::string>(EncodeMap(a.source_map)));
  st.Bind(8, a.start_rule).Bind(9, a.title).Bind(10, int64_t{a.title_span.begin});
  st.Bind(11, int64_t{a.title_span.end}).Bind(12, a.text).Bind(13, inc.kind).Bind(14, inc.type);
  st.Bind(15, inc.source_ref).Bind(16, inc.title_org).Bind(17, inc.org_kind);
  st.Bind(18, inc.announce_date).Bind(19, inc.incident_date).Bind(20, inc.cause);
  st.Bind(21, inc.compensation_jpy_per_person);
  st.Bind(22, inc.type_runner_up);
  const rows::Packed packed = rows::Pack(inc);
  st.Bind(23, packed.evidence).Bind(24, packed.type_cues).Bind(25, packed.doubts);
  st.Bind(26, inc.org_key).Bind(27, inc.follow_up);
  if (st.Step() != kRow) return st.Error("insert article");
  const int64_t id = st.Int(0);
  st.Reset();
  if (inc.kind == "incident" && !inc.case_no) {
    Stmt& pending =
        stmts_.Get("INSERT INTO pending_cases (article_id) VALUES (?) ON CONFLICT DO NOTHING");
    pending.Bind(1, id);
    JK_RETURN_IF_ERROR(pending.Run("queue for numbering"));
  }
  if (inc.case_no) {
    Stmt& no = stmts_.Get(
        "INSERT INTO case_numbers (article_id, case_no) VALUES (?1, ?2)"
        " ON CONFLICT (article_id) DO UPDATE SET case_no = excluded.case_no");
    no.Bind(1, id).Bind(2, *inc.case_no);
    JK_RETURN_IF_ERROR(no.Run("insert case number"));
  }
  JK_RETURN_IF_ERROR(QueueIndex(MakeIndexRow(id, a)));
  return rows::InsertIncident(stmts_, id, inc);
}

Status SqlStore::Collect(Stmt& st, const std::function<Status(ArticleRecord)>& fn, bool heads) {
  // Rows are read kLoadBatch at a time, their list tables loaded for the whole batch, then
  // handed to fn in order.
  std::vector<ArticleRecord> batch;
  batch.reserve(rows::kLoadBatch);
  auto flush = [&]() -> Status {
    std::vector<std::pair<int64_t, model::Incident*>> incidents;
    for (ArticleRecord& r : batch) incidents.emplace_back(r.id, &r.article.incident);
    JK_RETURN_IF_ERROR(rows::LoadIncidentLists(stmts_, incidents, heads));
    for (ArticleRecord& r : batch) JK_RETURN_IF_ERROR(fn(std::move(r)));
    batch.clear();
    return Status::Ok();
  };
  for (;;) {
    const int rc = st.Step();
    if (rc == kDone) return flush();
    if (rc != kRow) return st.Error("read articles");
    ArticleRecord r;
    r.id = st.Int(0);
    r.document_id = st.Int(1);
    r.doc_path = st.Text(2);
    r.doc_sha256 = st.Text(3);
    model::Article& a = r.article;
    a.ordinal = static_cast<uint32_t>(st.Int(4));
    a.line = static_cast<uint32_t>(st.Int(5));
    a.end_line = static_cast<uint32_t>(st.Int(6));
    a.source_begin = static_cast<uint64_t>(st.Int(7));
    a.source_end = static_cast<uint64_t>(st.Int(8));
    if (!st.IsNull(9)) a.source_map = DecodeMap(st.Text(9));
    a.start_rule = st.Text(10);
    a.title = st.Text(11);
    a.title_span = {static_cast<uint32_t>(st.Int(12)), static_cast<uint32_t>(st.Int(13))};
    a.text = st.Text(14);
    model::Incident& inc = a.incident;
    inc.kind = st.OptText(15);
    inc.type = st.OptText(16);
    inc.case_no = st.OptText(17);
    inc.source_ref = st.OptText(18);
    inc.title_org = st.OptText(19);
    inc.org_kind = st.OptText(20);
    inc.announce_date = st.OptText(21);
    inc.incident_date = st.OptText(22);
    inc.cause = st.OptText(23);
    inc.compensation_jpy_per_person = st.OptInt(24);
    inc.type_runner_up = st.OptText(25);
    inc.org_key = st.OptText(26);
    inc.follow_up = st.OptText(27);
    r.doc_url = st.OptText(28);
    r.archived_at = st.Text(29);
    batch.push_back(std::move(r));
    if (batch.size() == rows::kLoadBatch) JK_RETURN_IF_ERROR(flush());
  }
}

}  // namespace

std::unique_ptr<Store> MakeSqlStore(std::unique_ptr<Db> db, std::unique_ptr<Dialect> dialect) {
  return std::make_unique<SqlStore>(std::move(db), std::move(dialect));
}

}  // namespace jikenbo::store
