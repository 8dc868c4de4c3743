// The JSON API of the web app: /api/cases, /api/search, /api/stats, POST /api/ingest.
#include "serve/app_internal.h"

namespace jikenbo::serve {

Response App::Impl::ApiCases(const Request& r) {
  const CaseFilter f = Filter(r);
  const auto snapshot = catalog.Get();
  const auto all = snapshot->Filter(f);
  size_t page = 1, per_page = 50;
  json cases = json::array();
  for (const CaseHead& c : Heads(*snapshot, Page(all, r, &page, &per_page))) {
    cases.push_back(CaseSummaryJson(c));
  }
  return JsonResponse(
      200, {{"total", all.size()}, {"page", page}, {"per_page", per_page}, {"cases", cases}});
}

Response App::Impl::ApiCase(const CaseRow* c, int64_t article_id) {
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  std::vector<store::ArticleRecord> reports;
  if (c) {
    auto full = ReadCases(**store, {c}, Detail::kWhole);
    if (!full.ok()) return JsonError(500, "the casebook cannot be read");
    if (!full->empty()) reports = std::move(full->front().reports);
  } else if (auto one = (*store)->Get(article_id); one.ok()) {
    reports.push_back(*one);
  }
  if (reports.empty()) return JsonError(404, "no such case");
  json out = {{"case_no", reports.front().article.incident.case_no
                              ? json(*reports.front().article.incident.case_no)
                              : json(nullptr)},
              {"reports", json::array()},
              {"links", json::array()}};
  for (const auto& rep : reports) {
    json a = report::ArticleJson(rep, {.include_text = true});
    a["doc"] = report::PublicSource(rep);  // never the ingesting machine's path
    a["summary"] = json::array();
    for (const auto& line : report::Summary(rep, lexicon))
      a["summary"].push_back(report::PlainText(line));
    out["reports"].push_back(std::move(a));
  }
  if (auto links = (*store)->Links(reports.front().id); links.ok()) {
    for (const auto& l : *links) {
      out["links"].push_back({{"article_id", l.article_id},
                              {"other_id", l.other_id},
                              {"relation", l.relation},
                              {"score", l.score},
                              {"reason", l.reason}});
    }
  }
  return JsonResponse(200, out);
}

Response App::Impl::ApiSearch(const Request& r) {
  const std::string q = Param(r, "q");
  if (q.empty()) return JsonError(400, "'q' is required");
  const size_t limit = Number(r, "limit", 50, 1, kMaxPerPage);
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  auto hits = (*store)->Search(q, limit);
  if (!hits.ok()) return JsonError(400, hits.status().what());
  json out = json::array();
  for (const auto& h : *hits) {
    out.push_back(report::SearchHitJson(h));
    out.back()["doc"] = report::PublicSource(h.record);
  }
  return JsonResponse(200, {{"query", q}, {"hits", out}});
}

Response App::Impl::ApiStats(const Request& r) {
  const std::string by = Param(r, "by").empty() ? "type" : Param(r, "by");
  const auto& groupings = report::StatGroupings();
  if (std::find(groupings.begin(), groupings.end(), by) == groupings.end()) {
    return JsonError(400, "'by' must be one of type, month, org_kind, data_item, reported_to");
  }
  CaseFilter f = Filter(r);
  f.kind = "incident";
  const auto snapshot = catalog.Get();
  const report::Stats stats = snapshot->Stats(snapshot->Filter(f), by);
  if (Param(r, "format") == "svg") {
    return {200, "image/svg+xml", report::StatsSvg(stats, lexicon), {}};
  }
  return {200, "application/json; charset=utf-8", report::StatsJson(stats), {}};
}

Response App::Impl::ApiIngest(const Request& r) {
  // A user's API token with the editor role or above, or the --token-file token.
  const bool users_on = AccountsOn();
  if (options.token.empty() && !users_on) {
    return JsonError(403, "ingest is disabled: start serve with --token-file");
  }
  bool allowed = false;
  if (users_on) {
    if (const auto p = PrincipalOf(r, /*cookie=*/false)) {
      if (store::RoleRank(p->role) < store::RoleRank("editor")) {
        Audit(r, "refused an ingest by " + p->user + ": role " + p->role);
        return JsonError(403, "a " + p->role + " may read but not ingest");
      }
      allowed = true;
    }
  }
  const std::string auth = r.Header("authorization");
  const std::string want = "Bearer " + options.token;
  if (!allowed && !options.token.empty() && auth.size() == want.size() &&
      CRYPTO_memcmp(auth.data(), want.data(), want.size()) == 0) {
    allowed = true;
  }
  if (!allowed) {
    Audit(r, "refused an ingest: no valid bearer token");
    Response resp = JsonError(401, "a valid bearer token is required");
    resp.headers.emplace_back("WWW-Authenticate", "Bearer");
    return resp;
  }
  if (r.body.empty()) return JsonError(400, "the request body (the document) is empty");
  std::string name = Basename(Param(r, "name"));
  if (name.empty() || name == "." || name == "..") name = "upload.txt";
  for (char& c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == '\\') c = '_';
  }
  std::lock_guard<std::mutex> lock(ingest_mu);
  auto files = NewDiskFileSource();
  auto pipeline = ingest::LoadPipeline(*files, options.rules_dir);
  if (!pipeline.ok()) return JsonError(500, "rules cannot be loaded");
  auto store = store::OpenStore(options.db);
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  MemFileSource mem;
  const std::string path = "upload/" + name;
  mem.Add(path, r.body);
  ingest::Ingester ingester(mem, **store, *pipeline);
  struct Collect : ingest::Reporter {
    std::vector<ingest::DocumentReport> reports;
    void OnDocument(const ingest::DocumentReport& d) override { reports.push_back(d); }
    void OnError(const Status&) override {}
  } collect;
  const ingest::Summary sum = ingester.Run({path}, collect);
  if (Status s = catalog.Reload(); !s.ok()) return JsonError(500, "catalog reload failed");
  json docs = json::array();
  for (const auto& d : collect.reports) {
    docs.push_back({{"path", d.path},
                    {"outcome", d.outcome == ingest::Outcome::kFailed ? "failed" : "ok"},
                    {"articles", d.articles},
                    {"sha256", d.sha256},
                    {"error", d.status.ok() ? json(nullptr) : json(d.status.ToString())}});
  }
  const int status = sum.errors > 0 ? 422 : sum.documents > 0 ? 201 : 200;
  return JsonResponse(status, {{"documents", sum.documents},
                               {"articles", sum.articles},
                               {"duplicates", sum.duplicates},
                               {"errors", sum.errors},
                               {"reports", docs}});
}

}  // namespace jikenbo::serve
