#include "serve/app.h"

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <unordered_map>

#include "base/file_source.h"
#include "base/utf8.h"
#include "extract/ioc.h"
#include "ingest/ingest.h"
#include "ingest/pipeline.h"
#include "model/vocabulary.h"
#include "report/chart.h"
#include "report/digest.h"
#include "report/interchange.h"
#include "report/json.h"
#include "report/lexicon.h"
#include "report/stats.h"
#include "serve/assets.h"
#include "serve/catalog.h"

namespace jikenbo::serve {
namespace {

using json = nlohmann::ordered_json;
using report::EscapeXml;

constexpr size_t kMaxPerPage = 200;
constexpr size_t kMaxParam = 256;  // longest query parameter value we read
const std::vector<std::string>& kTypes = model::IncidentTypes();
const std::vector<std::string>& kOrgKinds = model::OrgKinds();
const std::vector<std::string>& kItems = model::DataItems();
const std::vector<std::string>& kAuthorities = model::Authorities();

// A bad request: the message is shown to the client.
struct BadRequest {
  int status;
  std::string message;
};

// Connections to the casebook, one per concurrent request (a Store is not thread-safe).
class StorePool {
 public:
  explicit StorePool(std::string db) : db_(std::move(db)) {}
  class Lease {
   public:
    Lease(StorePool* pool, std::unique_ptr<store::Store> s) : pool_(pool), store_(std::move(s)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (store_) pool_->Return(std::move(store_));
    }
    store::Store& operator*() { return *store_; }
    store::Store* operator->() { return store_.get(); }

   private:
    StorePool* pool_;
    std::unique_ptr<store::Store> store_;
  };
  Result<Lease> Acquire() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (!free_.empty()) {
        auto s = std::move(free_.back());
        free_.pop_back();
        return Lease(this, std::move(s));
      }
    }
    JK_ASSIGN_OR_RETURN(auto s, store::OpenSqliteStore(db_));
    return Lease(this, std::move(s));
  }

 private:
  void Return(std::unique_ptr<store::Store> s) {
    s->EndRead();  // the next request sees the casebook as it is then
    std::lock_guard<std::mutex> lock(mu_);
    free_.push_back(std::move(s));
  }
  std::string db_;
  std::mutex mu_;
  std::vector<std::unique_ptr<store::Store>> free_;
};

// Token buckets per client address.
class RateLimiter {
 public:
  RateLimiter(double rate, double burst) : rate_(rate), burst_(burst) {}
  bool Allow(const std::string& client) {
    if (rate_ <= 0) return true;
    const double now =
        std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
    std::lock_guard<std::mutex> lock(mu_);
    if (buckets_.size() > 100000) buckets_.clear();  // bounded memory under address churn
    Bucket& b = buckets_.try_emplace(client, Bucket{burst_, now}).first->second;
    b.tokens = std::min(burst_, b.tokens + (now - b.at) * rate_);
    b.at = now;
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

 private:
  struct Bucket {
    double tokens;
    double at;
  };
  double rate_, burst_;
  std::mutex mu_;
  std::map<std::string, Bucket> buckets_;
};

// --- small helpers

std::string Encode(std::string_view s) {  // for a query string
  static const char* kHex = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
        c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string Query(const std::vector<std::pair<std::string, std::string>>& params) {
  std::string out;
  for (const auto& [k, v] : params) {
    if (v.empty()) continue;
    out.push_back(out.empty() ? '?' : '&');
    out.append(Encode(k));
    out.push_back('=');
    out.append(Encode(v));
  }
  return out;
}

Response JsonResponse(int status, const json& body) {
  return {status, "application/json; charset=utf-8", report::Dump(body, 1) + "\n", {}};
}

Response JsonError(int status, const std::string& message) {
  return JsonResponse(status, {{"error", {{"status", status}, {"message", message}}}});
}

bool IsApi(const Request& r) { return r.path.rfind("/api/", 0) == 0; }

std::string Param(const Request& r, const std::string& name) {
  std::string v = r.Param(name);
  if (v.size() > kMaxParam) throw BadRequest{400, "parameter '" + name + "' is too long"};
  if (!utf8::IsValid(v)) throw BadRequest{400, "parameter '" + name + "' is not UTF-8"};
  return v;
}

size_t Number(const Request& r, const std::string& name, size_t fallback, size_t lo, size_t hi) {
  const std::string v = Param(r, name);
  if (v.empty()) return fallback;
  size_t n = 0;
  for (char c : v) {
    if (c < '0' || c > '9' || n > hi) throw BadRequest{400, "'" + name + "' must be a number"};
    n = n * 10 + static_cast<size_t>(c - '0');
  }
  if (n < lo || n > hi) {
    throw BadRequest{400, fmt::format("'{}' must be from {} to {}", name, lo, hi)};
  }
  return n;
}

std::optional<std::string> Opt(const std::string& v) {
  return v.empty() ? std::nullopt : std::optional<std::string>(v);
}

std::string Affected(const model::Incident& inc, const report::Lexicon& lex) {
  if (inc.affected.empty()) return "";
  const model::AffectedCount& c = inc.affected.front();
  std::string n = report::GroupedNumber(c.count) + lex.Word("unit", c.unit);
  if (c.qualifier == model::Qualifier::kMax) n = "最大" + n;
  if (c.qualifier == model::Qualifier::kApprox) n = "約" + n;
  if (c.qualifier == model::Qualifier::kMin) n += "以上";
  return n;
}

std::string CaseLink(const report::CaseFile& c) {
  const auto& inc = c.primary.article.incident;
  return inc.case_no ? "/cases/" + *inc.case_no : "/articles/" + std::to_string(c.primary.id);
}

json CaseSummaryJson(const report::CaseFile& c) {
  const model::Incident& inc = c.primary.article.incident;
  json affected = json::array();
  for (const auto& a : inc.affected) {
    affected.push_back(
        {{"count", a.count}, {"unit", a.unit}, {"qualifier", model::QualifierName(a.qualifier)}});
  }
  json reported = json::array();
  for (const auto& r : inc.reported_to) reported.push_back(r.authority);
  return {{"case_no", inc.case_no ? json(*inc.case_no) : json(nullptr)},
          {"id", c.primary.id},
          {"kind", inc.kind.value_or("")},
          {"type", inc.type ? json(*inc.type) : json(nullptr)},
          {"title", c.primary.article.title},
          {"org", inc.title_org ? json(*inc.title_org) : json(nullptr)},
          {"org_kind", inc.org_kind ? json(*inc.org_kind) : json(nullptr)},
          {"date", c.date.empty() ? json(nullptr) : json(c.date)},
          {"affected", affected},
          {"data_items", inc.data_items},
          {"reported_to", reported},
          {"reports", c.reports.size()},
          {"url", CaseLink(c)}};
}

std::string Select(const std::string& name, const std::string& label,
                   const std::vector<std::string>& values, const std::string& chosen,
                   const report::Lexicon& lex, const std::string& role) {
  std::string out = "<label>" + EscapeXml(label) + "<select name=\"" + name +
                    "\"><option value=\"\">すべて</option>";
  for (const std::string& v : values) {
    out += "<option value=\"" + EscapeXml(v) + "\"" + (v == chosen ? " selected" : "") + ">" +
           EscapeXml(role.empty() ? v : lex.Word(role, v)) + "</option>";
  }
  return out + "</select></label>";
}

// The notice's text with every evidence span marked: a segment names the fields whose values it
// supports (data-ev), so that clicking a field's button lights them up.
std::string MarkedText(const model::Article& a,
                       const std::vector<std::pair<std::string, model::Span>>& spans) {
  const uint32_t size = static_cast<uint32_t>(a.text.size());
  auto start_of_char = [&](uint32_t at) {
    at = std::min(at, size);
    while (at > 0 && at < size && (static_cast<unsigned char>(a.text[at]) & 0xC0) == 0x80) --at;
    return at;
  };
  std::set<uint32_t> cuts = {0, size};
  for (const auto& [field, span] : spans) {
    cuts.insert(start_of_char(span.begin));
    cuts.insert(start_of_char(span.end));
  }
  std::string out;
  for (auto it = cuts.begin(); std::next(it) != cuts.end(); ++it) {
    const uint32_t b = *it, e = *std::next(it);
    std::set<std::string> fields;
    for (const auto& [field, span] : spans) {
      if (start_of_char(span.begin) <= b && e <= start_of_char(span.end) && span.begin < span.end) {
        fields.insert(field);
      }
    }
    const std::string text = EscapeXml(a.text.substr(b, e - b));
    if (fields.empty()) {
      out += text;
      continue;
    }
    std::string names;
    for (const std::string& f : fields) names += (names.empty() ? "" : " ") + f;
    out += "<span data-ev=\"" + EscapeXml(names) + "\">" + text + "</span>";
  }
  return out;
}

}  // namespace

// Answers to GET requests, kept until the casebook changes (a new catalog snapshot): the
// casebook is read far more than it is written. Bounded; cleared when full.
class ResponseCache {
 public:
  std::optional<Response> Find(uint64_t generation, const std::string& key) {
    std::lock_guard<std::mutex> lock(mu_);
    if (generation != generation_) return std::nullopt;
    const auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }
  void Put(uint64_t generation, const std::string& key, const Response& r) {
    std::lock_guard<std::mutex> lock(mu_);
    if (generation != generation_ || entries_.size() >= 4096) {
      entries_.clear();
      generation_ = generation;
    }
    entries_.emplace(key, r);
  }

 private:
  std::mutex mu_;
  uint64_t generation_ = 0;  // of the snapshot the entries were computed from
  std::unordered_map<std::string, Response> entries_;
};

struct App::Impl {
  AppOptions options;
  report::Lexicon lexicon;
  StorePool pool;
  Catalog catalog;
  RateLimiter limiter;
  ResponseCache cache;
  std::mutex ingest_mu;  // one ingest at a time

  explicit Impl(const AppOptions& o)
      : options(o),
        pool(o.db),
        catalog([db = o.db] { return store::OpenSqliteStore(db); }),
        limiter(o.rate_per_second, o.burst) {}

  Response Route(const Request& r);
  std::string Layout(const std::string& title, const std::string& nav, const std::string& body);
  report::CaseQuery Window(const Request& r);
  CaseFilter Filter(const Request& r);
  std::vector<const report::CaseFile*> Page(const std::vector<const report::CaseFile*>& all,
                                            const Request& r, size_t* page, size_t* per_page);

  Response ListPage(const Request& r);
  Response CasePage(const Request& r, const report::CaseFile* c, int64_t article_id);
  Response SearchPage(const Request& r);
  Response Dashboard(const Request& r);
  Response DigestPage(const Request& r, const std::string& format);
  Response IndicatorsPage(const Request& r, bool api);
  Response Archive(const std::string& sha256);

  Response ApiCases(const Request& r);
  Response ApiCase(const report::CaseFile* c, int64_t article_id);
  Response ApiSearch(const Request& r);
  Response ApiStats(const Request& r);
  Response ApiIngest(const Request& r);
};

std::string App::Impl::Layout(const std::string& title, const std::string& nav,
                              const std::string& body) {
  std::string links;
  for (const auto& [href, key, label] :
       std::vector<std::tuple<std::string, std::string, std::string>>{
           {"/", "list", "事件簿"},
           {"/search", "search", "検索"},
           {"/dashboard", "dashboard", "ダッシュボード"},
           {"/digest", "digest", "ダイジェスト"},
           {"/indicators", "indicators", "指標"}}) {
    links +=
        "<a href=\"" + href + "\"" + (key == nav ? " class=\"on\"" : "") + ">" + label + "</a>";
  }
  return "<!DOCTYPE html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" +
         EscapeXml(title) +
         " - jikenbo</title><link rel=\"icon\" href=\"data:,\">"
         "<link rel=\"stylesheet\" href=\"/static/app.css\">"
         "<script src=\"/static/app.js\" defer></script></head><body><header>"
         "<a class=\"brand\" href=\"/\">jikenbo 事件簿</a><nav>" +
         links + "</nav></header><main>\n" + body + "\n</main></body></html>\n";
}

report::CaseQuery App::Impl::Window(const Request& r) {
  report::CaseQuery q;
  q.from = Opt(Param(r, "from"));
  q.to = Opt(Param(r, "to"));
  for (const std::string& t : r.Params("type")) {
    if (t.size() > kMaxParam) throw BadRequest{400, "parameter 'type' is too long"};
    q.types.push_back(t);
  }
  if (Status s = report::CheckWindow(q); !s.ok()) throw BadRequest{400, s.what()};
  return q;
}

CaseFilter App::Impl::Filter(const Request& r) {
  const report::CaseQuery w = Window(r);
  CaseFilter f;
  f.from = w.from;
  f.to = w.to;
  f.types = w.types;
  f.kind = Opt(Param(r, "kind"));
  f.org_kind = Opt(Param(r, "org_kind"));
  f.data_item = Opt(Param(r, "data_item"));
  f.reported_to = Opt(Param(r, "reported_to"));
  const std::string q = Param(r, "q");
  if (!q.empty()) {
    auto store = pool.Acquire();
    if (!store.ok()) throw BadRequest{500, "the casebook cannot be opened"};
    auto hits = (*store)->Search(q, 2000);
    if (!hits.ok()) throw BadRequest{400, hits.status().what()};
    f.by_ids = true;
    for (const auto& h : *hits) f.ids.push_back(h.record.id);
  }
  return f;
}

std::vector<const report::CaseFile*> App::Impl::Page(
    const std::vector<const report::CaseFile*>& all, const Request& r, size_t* page,
    size_t* per_page) {
  *per_page = Number(r, "per_page", 50, 1, kMaxPerPage);
  *page = Number(r, "page", 1, 1, 1000000);
  const size_t begin = std::min(all.size(), (*page - 1) * *per_page);
  const size_t end = std::min(all.size(), begin + *per_page);
  return {all.begin() + static_cast<long>(begin), all.begin() + static_cast<long>(end)};
}

Response App::Impl::ListPage(const Request& r) {
  const CaseFilter f = Filter(r);
  const auto snapshot = catalog.Get();
  const auto all = snapshot->Filter(f);
  size_t page = 1, per_page = 50;
  const auto shown = Page(all, r, &page, &per_page);
  const std::string type = f.types.empty() ? "" : f.types.front();
  std::string body =
      "<h1>事件簿</h1>\n<form class=\"filters\" method=\"get\" action=\"/\">" +
      Select("type", "種別", kTypes, type, lexicon, "type_label") +
      "<label>から(月)<input type=\"month\" name=\"from\" value=\"" +
      EscapeXml(f.from.value_or("")) +
      "\"></label><label>まで(月)<input type=\"month\" name=\"to\" value=\"" +
      EscapeXml(f.to.value_or("")) + "\"></label>" +
      Select("org_kind", "組織", kOrgKinds, f.org_kind.value_or(""), lexicon, "org_kind") +
      Select("data_item", "情報", kItems, f.data_item.value_or(""), lexicon, "data_item") +
      Select("reported_to", "報告先", kAuthorities, f.reported_to.value_or(""), lexicon,
             "authority") +
      "<label>キーワード<input type=\"search\" name=\"q\" value=\"" + EscapeXml(Param(r, "q")) +
      "\"></label><button>絞り込む</button></form>\n";
  body += fmt::format("<p class=\"count\" id=\"count\">{}件</p>\n", all.size());
  body +=
      "<table id=\"cases\"><tr><th>発表日</th><th>事件簿</th><th>種別</th><th>タイトル</th>"
      "<th>組織</th><th>影響</th></tr>\n";
  for (const report::CaseFile* c : shown) {
    const model::Incident& inc = c->primary.article.incident;
    body +=
        "<tr><td>" + EscapeXml(c->date) + "</td><td>" + EscapeXml(inc.case_no.value_or("-")) +
        "</td><td><span class=\"tag type\">" +
        EscapeXml(inc.kind == "incident" ? lexicon.Word("type_label", inc.type.value_or("other"))
                                         : inc.kind.value_or("")) +
        "</span></td><td><a href=\"" + EscapeXml(CaseLink(*c)) + "\">" +
        EscapeXml(c->primary.article.title) + "</a></td><td>" +
        EscapeXml(inc.title_org.value_or("")) + "</td><td class=\"num\">" +
        EscapeXml(Affected(inc, lexicon)) + "</td></tr>\n";
  }
  body += "</table>\n<div class=\"pager\">";
  std::vector<std::pair<std::string, std::string>> params;
  for (const char* k :
       {"type", "from", "to", "org_kind", "data_item", "reported_to", "q", "kind"}) {
    params.emplace_back(k, Param(r, k));
  }
  auto link = [&](size_t p) {
    auto q = params;
    q.emplace_back("page", std::to_string(p));
    return "/" + Query(q);
  };
  if (page > 1) body += "<a rel=\"prev\" href=\"" + EscapeXml(link(page - 1)) + "\">← 前へ</a>";
  if (page * per_page < all.size()) {
    body += "<a rel=\"next\" href=\"" + EscapeXml(link(page + 1)) + "\">次へ →</a>";
  }
  body += "</div>";
  return {200, "text/html; charset=utf-8", Layout("事件簿", "list", body), {}};
}

Response App::Impl::CasePage(const Request&, const report::CaseFile* c, int64_t article_id) {
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  const int64_t id = c ? c->primary.id : article_id;
  auto rec = (*store)->Get(id);
  if (!rec.ok())
    return {404,
            "text/html; charset=utf-8",
            Layout("見つかりません", "", "<h1>見つかりません</h1>"),
            {}};
  const model::Article& a = rec->article;
  const model::Incident& inc = a.incident;
  std::vector<std::pair<std::string, model::Span>> spans;
  spans.emplace_back("title", a.title_span);
  for (const auto& e : inc.evidence) spans.emplace_back(e.field, e.span);
  for (const auto& x : inc.affected) spans.emplace_back("affected", x.evidence);
  for (const auto& x : inc.reported_to) spans.emplace_back("reported_to", x.evidence);
  for (const auto& x : inc.indicators) spans.emplace_back("indicators", x.evidence);
  for (const auto& x : inc.type_cues) {
    if (inc.type && x.type == *inc.type) spans.emplace_back("type", x.evidence);
  }
  std::set<std::string> with_evidence;
  for (const auto& [f, s] : spans) {
    if (s.begin < s.end) with_evidence.insert(f);
  }
  auto field = [&](const std::string& name, const std::string& label, const std::string& value) {
    if (value.empty()) return "<dt>" + EscapeXml(label) + "</dt><dd class=\"muted\">-</dd>";
    const std::string v = EscapeXml(value);
    return "<dt>" + EscapeXml(label) + "</dt><dd>" +
           (with_evidence.count(name)
                ? "<button class=\"ev\" type=\"button\" data-ev=\"" + name + "\">" + v + "</button>"
                : v) +
           "</dd>";
  };
  auto join = [](const std::vector<std::string>& v, const char* sep) {
    std::string out;
    for (const std::string& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
  };
  std::vector<std::string> items, authorities, affected;
  for (const auto& i : inc.data_items) items.push_back(lexicon.Word("data_item", i));
  for (const auto& x : inc.reported_to)
    authorities.push_back(lexicon.Word("authority", x.authority));
  for (const auto& x : inc.affected) {
    affected.push_back(report::GroupedNumber(x.count) + " " + x.unit + " (" +
                       model::QualifierName(x.qualifier) + ")");
  }
  std::string body = "<h1>" + EscapeXml(a.title) + "</h1>\n<dl class=\"fields\">";
  body += field("case_no", "事件簿番号", inc.case_no.value_or(""));
  body += field("kind", "区分", inc.kind.value_or(""));
  body += field("type", "種別",
                inc.type ? lexicon.Word("type_label", *inc.type) + " (" + *inc.type + ")" : "");
  body += field("title_org", "発表組織", inc.title_org.value_or(""));
  body += field("victim_orgs", "被害組織", join(inc.victim_orgs, "、"));
  body +=
      field("org_kind", "組織の種類", inc.org_kind ? lexicon.Word("org_kind", *inc.org_kind) : "");
  body += field("announce_date", "発表日", inc.announce_date.value_or(""));
  body += field("incident_date", "発生・判明日", inc.incident_date.value_or(""));
  body += field("affected", "影響", join(affected, "、"));
  body += field("data_items", "漏えい等した情報", join(items, "、"));
  body += field("reported_to", "報告先", join(authorities, "、"));
  body += field("cause", "原因", inc.cause.value_or(""));
  body += field("countermeasures", "対策", join(inc.countermeasures, " / "));
  body += field("compensation_jpy_per_person", "補償(1人当たり)",
                inc.compensation_jpy_per_person
                    ? report::GroupedNumber(*inc.compensation_jpy_per_person) + "円"
                    : "");
  body += "</dl>\n";
  if (!inc.source_urls.empty()) {
    body += "<h2>出典</h2><ul>";
    for (const std::string& url : inc.source_urls) {
      const bool safe = url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0;
      body += safe ? "<li><a href=\"" + EscapeXml(url) +
                         "\" rel=\"noopener noreferrer nofollow\">" + EscapeXml(url) + "</a></li>"
                   : "<li>" + EscapeXml(url) + "</li>";
    }
    body += "</ul>";
  }
  body += "<h2>原文アーカイブ</h2><p><a href=\"/archive/" + EscapeXml(rec->doc_sha256) + "\">" +
          EscapeXml(rec->doc_path) +
          "</a> <span class=\"muted\">sha256:" + EscapeXml(rec->doc_sha256.substr(0, 16)) +
          "</span></p>";
  if (auto links = (*store)->Links(rec->id); links.ok() && !links->empty()) {
    body += "<h2>関連</h2><ul id=\"links\">";
    for (const auto& l : *links) {
      const int64_t other = l.article_id == rec->id ? l.other_id : l.article_id;
      auto o = (*store)->Get(other);
      if (!o.ok()) continue;
      body += "<li>" +
              std::string(l.relation == "same_incident" ? "同一事案の報告: " : "関連する事案: ") +
              "<a href=\"/articles/" + std::to_string(other) + "\">" +
              EscapeXml(o->article.incident.case_no.value_or("-")) + " " +
              EscapeXml(o->article.title) + "</a> <span class=\"muted\">" + EscapeXml(l.reason) +
              "</span></li>";
    }
    body += "</ul>";
  }
  if (!inc.indicators.empty()) {
    body +=
        "<h2>指標</h2><table "
        "id=\"indicators\"><tr><th>種類</th><th>値</th><th>タグ</th><th></th></tr>";
    for (const auto& i : inc.indicators) {
      extract::Ioc ioc;
      ioc.type = i.type;
      ioc.value = i.value;
      const std::string defanged = extract::Defang(ioc);
      body += "<tr><td>" + EscapeXml(i.type) + "</td><td>" + EscapeXml(defanged) + "</td><td>" +
              EscapeXml(join(i.tags, ", ")) +
              "</td><td><button class=\"copy\" type=\"button\" data-copy=\"" + EscapeXml(defanged) +
              "\">無害化してコピー</button></td></tr>";
    }
    body += "</table>";
  }
  body +=
      "<h2>本文</h2><p class=\"muted\">項目の値をクリックすると、根拠となる箇所が強調されます。</p>"
      "<pre class=\"notice\" id=\"notice\">" +
      MarkedText(a, spans) + "</pre>";
  return {200, "text/html; charset=utf-8", Layout(a.title, "list", body), {}};
}

Response App::Impl::SearchPage(const Request& r) {
  const std::string q = Param(r, "q");
  std::string body =
      "<h1>検索</h1><form class=\"filters\" method=\"get\" action=\"/search\">"
      "<label>語句<input type=\"search\" name=\"q\" value=\"" +
      EscapeXml(q) + "\" autofocus></label><button>検索</button></form>\n";
  if (!q.empty()) {
    auto store = pool.Acquire();
    if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
    auto hits = (*store)->Search(q, 100);
    if (!hits.ok()) throw BadRequest{400, hits.status().what()};
    body += fmt::format("<p class=\"count\" id=\"count\">{}件</p><ol id=\"hits\">", hits->size());
    for (const store::SearchHit& h : *hits) {
      std::string snippet;
      size_t at = 0;
      for (const auto& [b, e] : h.highlights) {
        if (b < at || e > h.snippet.size()) continue;
        snippet += EscapeXml(h.snippet.substr(at, b - at)) + "<mark>" +
                   EscapeXml(h.snippet.substr(b, e - b)) + "</mark>";
        at = e;
      }
      snippet += EscapeXml(h.snippet.substr(std::min(at, h.snippet.size())));
      body += "<li><a href=\"/articles/" + std::to_string(h.record.id) + "\">" +
              EscapeXml(h.record.article.title) + "</a> <span class=\"muted\">" +
              EscapeXml(h.record.article.incident.case_no.value_or("")) +
              "</span><div class=\"snippet\">" + snippet + "</div></li>";
    }
    body += "</ol>";
  }
  return {200, "text/html; charset=utf-8", Layout("検索", "search", body), {}};
}

Response App::Impl::Dashboard(const Request& r) {
  const CaseFilter f = Filter(r);
  const auto snapshot = catalog.Get();
  const report::Stats by_type = report::ComputeStats(snapshot->Filter(f), "type");
  report::Stats monthly = by_type;
  monthly.by = "month";
  std::string body =
      "<h1>ダッシュボード</h1><form class=\"filters\" method=\"get\" "
      "action=\"/dashboard\"><label>から(月)<input type=\"month\" name=\"from\" "
      "value=\"" +
      EscapeXml(f.from.value_or("")) +
      "\"></label><label>まで(月)<input type=\"month\" name=\"to\" value=\"" +
      EscapeXml(f.to.value_or("")) + "\"></label><button>表示</button></form>";
  const report::StatRow& t = by_type.total;
  body += fmt::format(
      "<div class=\"cards\" id=\"totals\"><div class=\"card\"><b>{}</b>インシデント</div>"
      "<div class=\"card\"><b>{}</b>人</div><div class=\"card\"><b>{}</b>件(記録)</div>"
      "<div class=\"card\"><b>{}</b>件(カード)</div><div class=\"card\"><b>{}</b>PPC報告</div>"
      "</div>",
      t.incidents, report::GroupedNumber(t.persons), report::GroupedNumber(t.records),
      report::GroupedNumber(t.cards),
      t.incidents == 0 ? std::string("-")
                       : fmt::format("{:.0f}%", 100.0 * t.reported_to_ppc / t.incidents));
  body += "<div class=\"chart\" id=\"monthly\">" + report::StatsSvg(monthly, lexicon) + "</div>";
  body += "<div class=\"chart\" id=\"types\">" + report::StatsSvg(by_type, lexicon) + "</div>";
  body += "<h2>多い情報の種類</h2><table><tr><th>情報</th><th>件数</th></tr>";
  for (size_t k = 0; k < by_type.top_data_items.size() && k < 10; ++k) {
    body += "<tr><td>" + EscapeXml(lexicon.Word("data_item", by_type.top_data_items[k].first)) +
            "</td><td class=\"num\">" + std::to_string(by_type.top_data_items[k].second) +
            "</td></tr>";
  }
  body += "</table>";
  return {200, "text/html; charset=utf-8", Layout("ダッシュボード", "dashboard", body), {}};
}

Response App::Impl::DigestPage(const Request& r, const std::string& format) {
  report::CaseQuery q = Window(r);
  const auto snapshot = catalog.Get();
  if (!q.from && !q.to && format != "api") {  // a window is needed; default: the latest month
    for (const report::CaseFile& c : snapshot->cases) {
      if (c.date.size() >= 7) {
        q.from = q.to = c.date.substr(0, 7);
        break;
      }
    }
  }
  CaseFilter f;
  f.from = q.from;
  f.to = q.to;
  f.types = q.types;
  std::vector<report::CaseFile> cases;
  for (const report::CaseFile* c : snapshot->Filter(f)) {
    const auto& kind = c->primary.article.incident.kind;
    if (kind == "incident" || kind == "advisory") cases.push_back(*c);
  }
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  const report::Digest d = report::BuildDigest(**store, lexicon, cases, q);
  if (format == "md") {
    return {200,
            "text/markdown; charset=utf-8",
            report::DigestMarkdown(d, lexicon),
            {{"Content-Disposition", "attachment; filename=\"digest.md\""}}};
  }
  if (format == "html") {
    return {200,
            "text/html; charset=utf-8",
            report::DigestHtml(d, lexicon),
            {{"Content-Disposition", "attachment; filename=\"digest.html\""}}};
  }
  if (format == "api") {
    json out = report::DigestJson(d);
    out["markdown"] = report::DigestMarkdown(d, lexicon);
    return JsonResponse(200, out);
  }
  std::vector<std::pair<std::string, std::string>> params = {{"from", q.from.value_or("")},
                                                             {"to", q.to.value_or("")}};
  for (const std::string& t : q.types) params.emplace_back("type", t);
  std::string body =
      "<form class=\"filters\" method=\"get\" action=\"/digest\">"
      "<label>から<input type=\"month\" name=\"from\" value=\"" +
      EscapeXml(q.from.value_or("")) +
      "\"></label><label>まで<input type=\"month\" name=\"to\" value=\"" +
      EscapeXml(q.to.value_or("")) + "\"></label>" +
      Select("type", "種別", kTypes, q.types.empty() ? "" : q.types.front(), lexicon,
             "type_label") +
      "<button>表示</button> <a href=\"/digest.md" + EscapeXml(Query(params)) +
      "\">Markdown</a> <a href=\"/digest.html" + EscapeXml(Query(params)) +
      "\">HTML</a></form>\n<div id=\"digest\">" + report::DigestHtmlContent(d, lexicon) + "</div>";
  return {200, "text/html; charset=utf-8", Layout("ダイジェスト", "digest", body), {}};
}

Response App::Impl::IndicatorsPage(const Request& r, bool api) {
  const std::string type = Param(r, "type");
  const std::string tag = Param(r, "tag");
  const std::string format = Param(r, "format");
  struct Seen {
    std::string type, value;
    std::set<std::string> tags;
    std::vector<std::string> cases;
  };
  std::map<std::pair<std::string, std::string>, Seen> by_value;
  const auto snapshot = catalog.Get();
  for (const report::CaseFile& c : snapshot->cases) {
    for (const auto& rep : c.reports) {
      for (const auto& i : rep.article.incident.indicators) {
        if (!type.empty() && i.type != type) continue;
        if (!tag.empty() && std::find(i.tags.begin(), i.tags.end(), tag) == i.tags.end()) continue;
        Seen& s = by_value[{i.type, i.value}];
        s.type = i.type;
        s.value = i.value;
        s.tags.insert(i.tags.begin(), i.tags.end());
        std::string ref = "#";
        ref.append(std::to_string(c.primary.id));
        if (c.primary.article.incident.case_no) ref = *c.primary.article.incident.case_no;
        if (std::find(s.cases.begin(), s.cases.end(), ref) == s.cases.end()) s.cases.push_back(ref);
      }
    }
  }
  std::vector<const Seen*> all;
  for (const auto& [k, s] : by_value) all.push_back(&s);
  if (api || format == "json" || format == "csv") {
    if (format == "csv") {
      std::string csv = "type,value,tags,cases\r\n";
      auto field = [](std::string v) {
        if (!v.empty() && std::string_view("=+-@").find(v[0]) != std::string_view::npos)
          v = "'" + v;
        if (v.find_first_of(",\"\r\n") == std::string::npos) return v;
        std::string q = "\"";
        for (char ch : v) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
        return q + "\"";
      };
      for (const Seen* s : all) {
        std::string tags, cases;
        for (const auto& t : s->tags) tags += (tags.empty() ? "" : ";") + t;
        for (const auto& c : s->cases) cases += (cases.empty() ? "" : ";") + c;
        csv += field(s->type) + "," + field(s->value) + "," + field(tags) + "," + field(cases) +
               "\r\n";
      }
      return {200,
              "text/csv; charset=utf-8",
              csv,
              {{"Content-Disposition", "attachment; filename=\"indicators.csv\""}}};
    }
    json out = json::array();
    for (const Seen* s : all) {
      out.push_back(
          {{"type", s->type}, {"value", s->value}, {"tags", s->tags}, {"cases", s->cases}});
    }
    return JsonResponse(200, {{"total", all.size()}, {"indicators", out}});
  }
  static const std::vector<std::string> kIocTypes = extract::IocTypes();
  std::string body = "<h1>指標</h1><form class=\"filters\" method=\"get\" action=\"/indicators\">" +
                     Select("type", "種類", kIocTypes, type, lexicon, "") +
                     "<label>タグ<input name=\"tag\" value=\"" + EscapeXml(tag) +
                     "\" placeholder=\"discord_webhook\"></label><button>絞り込む</button> "
                     "<a href=\"/indicators" +
                     EscapeXml(Query({{"type", type}, {"tag", tag}, {"format", "csv"}})) +
                     "\">CSV</a></form>";
  body += fmt::format("<p class=\"count\" id=\"count\">{}件</p>", all.size());
  body +=
      "<table "
      "id=\"indicators\"><tr><th>種類</th><th>値(無害化)</th><th>タグ</th><th>事件簿</th><th></"
      "th></tr>";
  size_t shown = 0;
  for (const Seen* s : all) {
    if (++shown > 1000) break;
    extract::Ioc ioc;
    ioc.type = s->type;
    ioc.value = s->value;
    const std::string defanged = extract::Defang(ioc);
    std::string tags, cases;
    for (const auto& t : s->tags) tags += "<span class=\"tag\">" + EscapeXml(t) + "</span>";
    for (const auto& c : s->cases) {
      cases += (cases.empty() ? "" : " ") +
               (c[0] == '#' ? "<a href=\"/articles/" + EscapeXml(c.substr(1)) + "\">" +
                                  EscapeXml(c) + "</a>"
                            : "<a href=\"/cases/" + EscapeXml(c) + "\">" + EscapeXml(c) + "</a>");
    }
    body += "<tr><td>" + EscapeXml(s->type) + "</td><td>" + EscapeXml(defanged) + "</td><td>" +
            tags + "</td><td>" + cases +
            "</td><td><button class=\"copy\" type=\"button\" data-copy=\"" + EscapeXml(defanged) +
            "\">コピー</button></td></tr>";
  }
  body += "</table>";
  return {200, "text/html; charset=utf-8", Layout("指標", "indicators", body), {}};
}

Response App::Impl::Archive(const std::string& sha256) {
  if (sha256.size() != 64 || !std::all_of(sha256.begin(), sha256.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
      })) {
    return JsonError(400, "not a SHA-256");
  }
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  auto docs = (*store)->Archived(sha256);
  if (!docs.ok() || docs->empty()) return JsonError(404, "no such archived document");
  const model::Document& d = docs->front().document;
  std::string name = Basename(d.path);
  for (char& c : name) {
    if (c == '"' || c == '\\' || static_cast<unsigned char>(c) < 0x20) c = '_';
  }
  // Always a download: an archived page may be hostile HTML, never rendered on this origin.
  return {200,
          "application/octet-stream",
          d.bytes,
          {{"Content-Disposition", "attachment; filename=\"" + name + "\""}}};
}

Response App::Impl::ApiCases(const Request& r) {
  const CaseFilter f = Filter(r);
  const auto snapshot = catalog.Get();
  const auto all = snapshot->Filter(f);
  size_t page = 1, per_page = 50;
  const auto shown = Page(all, r, &page, &per_page);
  json cases = json::array();
  for (const report::CaseFile* c : shown) cases.push_back(CaseSummaryJson(*c));
  return JsonResponse(
      200, {{"total", all.size()}, {"page", page}, {"per_page", per_page}, {"cases", cases}});
}

Response App::Impl::ApiCase(const report::CaseFile* c, int64_t article_id) {
  auto store = pool.Acquire();
  if (!store.ok()) return JsonError(500, "the casebook cannot be opened");
  std::vector<store::ArticleRecord> reports;
  if (c) {
    for (const auto& rep : c->reports) {
      if (auto full = (*store)->Get(rep.id); full.ok()) reports.push_back(*full);
    }
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
  for (const auto& h : *hits) out.push_back(report::SearchHitJson(h));
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
  const report::Stats stats = report::ComputeStats(snapshot->Filter(f), by);
  if (Param(r, "format") == "svg") {
    return {200, "image/svg+xml", report::StatsSvg(stats, lexicon), {}};
  }
  return {200, "application/json; charset=utf-8", report::StatsJson(stats), {}};
}

Response App::Impl::ApiIngest(const Request& r) {
  if (options.token.empty()) {
    return JsonError(403, "ingest is disabled: start serve with --token-file");
  }
  const std::string auth = r.Header("authorization");
  const std::string want = "Bearer " + options.token;
  if (auth.size() != want.size() || CRYPTO_memcmp(auth.data(), want.data(), want.size()) != 0) {
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
  auto store = store::OpenSqliteStore(options.db);
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

Response App::Impl::Route(const Request& r) {
  const std::string& p = r.path;
  const bool get = r.method == "GET" || r.method == "HEAD";
  if (p == "/api/ingest") {
    if (r.method != "POST") return JsonError(405, "use POST");
    return ApiIngest(r);
  }
  if (!get)
    return IsApi(r) ? JsonError(405, "method not allowed")
                    : Response{405, "text/plain; charset=utf-8", "method not allowed\n", {}};
  if (p.rfind("/static/", 0) == 0) {
    if (auto a = FindAsset(std::string_view(p).substr(8))) {
      return {200,
              std::string(a->content_type),
              std::string(a->body),
              {{"Cache-Control", "max-age=3600"}}};
    }
    return {404, "text/plain; charset=utf-8", "not found\n", {}};
  }
  // (the snapshot stays alive while the case found in it is used)
  const std::shared_ptr<const Snapshot> snapshot = catalog.Get();
  auto case_of = [&](std::string_view no) -> const report::CaseFile* {
    return snapshot->FindCase(std::string(no));
  };
  auto article_id = [](std::string_view s) -> int64_t {
    if (s.empty() || s.size() > 18) return -1;
    int64_t n = 0;
    for (char c : s) {
      if (c < '0' || c > '9') return -1;
      n = n * 10 + (c - '0');
    }
    return n;
  };
  if (p == "/" || p == "/cases") return ListPage(r);
  if (p.rfind("/cases/", 0) == 0) {
    const report::CaseFile* c = case_of(std::string_view(p).substr(7));
    if (!c)
      return {404,
              "text/html; charset=utf-8",
              Layout("見つかりません", "",
                     "<h1>見つかりません</h1><p>その事件簿番号はありません。</p>"),
              {}};
    return CasePage(r, c, 0);
  }
  if (p.rfind("/articles/", 0) == 0) {
    const int64_t id = article_id(std::string_view(p).substr(10));
    if (id < 0)
      return {404,
              "text/html; charset=utf-8",
              Layout("見つかりません", "", "<h1>見つかりません</h1>"),
              {}};
    return CasePage(r, nullptr, id);
  }
  if (p == "/search") return SearchPage(r);
  if (p == "/dashboard") return Dashboard(r);
  if (p == "/digest") return DigestPage(r, "page");
  if (p == "/digest.md") return DigestPage(r, "md");
  if (p == "/digest.html") return DigestPage(r, "html");
  if (p == "/indicators") return IndicatorsPage(r, false);
  if (p.rfind("/archive/", 0) == 0) return Archive(p.substr(9));
  if (p == "/api/cases") return ApiCases(r);
  if (p.rfind("/api/cases/", 0) == 0) {
    const report::CaseFile* c = case_of(std::string_view(p).substr(11));
    if (!c) return JsonError(404, "no such case");
    return ApiCase(c, 0);
  }
  if (p.rfind("/api/articles/", 0) == 0) {
    const int64_t id = article_id(std::string_view(p).substr(14));
    if (id < 0) return JsonError(404, "no such article");
    return ApiCase(nullptr, id);
  }
  if (p == "/api/search") return ApiSearch(r);
  if (p == "/api/stats") return ApiStats(r);
  if (p == "/api/indicators") return IndicatorsPage(r, true);
  if (p == "/api/digest") {
    if (Param(r, "format") == "md") return DigestPage(r, "md");
    if (Param(r, "format") == "html") return DigestPage(r, "html");
    return DigestPage(r, "api");
  }
  if (p == "/healthz") return JsonResponse(200, {{"ok", true}});
  return IsApi(r) ? JsonError(404, "no such endpoint")
                  : Response{404,
                             "text/html; charset=utf-8",
                             Layout("見つかりません", "", "<h1>見つかりません</h1>"),
                             {}};
}

App::App(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
App::~App() = default;

Result<std::unique_ptr<App>> App::Create(const AppOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  auto files = NewDiskFileSource();
  JK_ASSIGN_OR_RETURN(impl->lexicon, report::LoadLexicon(*files, options.rules_dir));
  JK_ASSIGN_OR_RETURN(auto store, store::OpenSqliteStore(options.db));  // fails early if bad
  store.reset();
  JK_RETURN_IF_ERROR(impl->catalog.Load());
  return std::unique_ptr<App>(new App(std::move(impl)));
}

Response App::Handle(const Request& request) {
  Response response;
  if (!impl_->limiter.Allow(request.client)) {
    response = JsonError(429, "too many requests");
    response.headers.emplace_back("Retry-After", "1");
  } else {
    try {
      // GET answers depend only on the request and the casebook snapshot: served from the cache
      // while the snapshot holds.
      const bool cacheable = (request.method == "GET" || request.method == "HEAD") &&
                             request.path.rfind("/archive/", 0) != 0;
      const auto snapshot = impl_->catalog.Get();
      std::string key;
      if (cacheable) {
        key = request.path;
        for (const auto& [k, v] : request.query) key += "\n" + k + "=" + v;
      }
      if (auto hit = cacheable ? impl_->cache.Find(snapshot->generation, key) : std::nullopt) {
        response = std::move(*hit);
      } else {
        response = impl_->Route(request);
        if (cacheable && response.status < 500) {
          impl_->cache.Put(snapshot->generation, key, response);
        }
      }
    } catch (const BadRequest& bad) {
      response = IsApi(request) ? JsonError(bad.status, bad.message)
                                : Response{bad.status,
                                           "text/html; charset=utf-8",
                                           impl_->Layout("エラー", "",
                                                         "<h1>リクエストを処理できません</h1><p>" +
                                                             EscapeXml(bad.message) + "</p>"),
                                           {}};
    }
  }
  // The security headers of every response.
  auto& h = response.headers;
  h.emplace_back("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                 "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  h.emplace_back("X-Content-Type-Options", "nosniff");
  h.emplace_back("Referrer-Policy", "no-referrer");
  h.emplace_back("X-Frame-Options", "DENY");
  h.emplace_back("Cross-Origin-Opener-Policy", "same-origin");
  h.emplace_back("Cross-Origin-Resource-Policy", "same-origin");
  if (std::none_of(h.begin(), h.end(), [](const auto& x) { return x.first == "Cache-Control"; })) {
    h.emplace_back("Cache-Control", "no-store");
  }
  return response;
}

}  // namespace jikenbo::serve
