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
#include "serve/app_internal.h"
#include "serve/assets.h"
#include "serve/catalog.h"

namespace jikenbo::serve {

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

std::string Affected(const model::Incident& inc, const Tr& tr) {
  if (inc.affected.empty()) return "";
  const model::AffectedCount& c = inc.affected.front();
  const std::string n =
      tr("affected.count", {report::GroupedNumber(c.count), tr.Word("unit", c.unit)});
  switch (c.qualifier) {
    case model::Qualifier::kMax:
      return tr("affected.max", {n});
    case model::Qualifier::kApprox:
      return tr("affected.approx", {n});
    case model::Qualifier::kMin:
      return tr("affected.min", {n});
    case model::Qualifier::kExact:
      break;
  }
  return n;
}

std::string CaseLink(const report::CaseFile& c) {
  const auto& inc = c.primary.article.incident;
  return inc.case_no ? "/cases/" + *inc.case_no : "/articles/" + std::to_string(c.primary.id);
}

json CaseSummaryJson(const CaseHead& h) {
  const report::CaseFile& c = h.head;
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
          {"reports", 1 + h.row->others.size()},
          {"url", CaseLink(c)}};
}

std::string Select(const std::string& name, const std::string& label,
                   const std::vector<std::string>& values, const std::string& chosen, const Tr& tr,
                   const std::string& role) {
  std::string out = "<label>" + EscapeXml(label) + "<select name=\"" + name +
                    "\"><option value=\"\">" + EscapeXml(tr("filter.all")) + "</option>";
  for (const std::string& v : values) {
    out += "<option value=\"" + EscapeXml(v) + "\"" + (v == chosen ? " selected" : "") + ">" +
           EscapeXml(role.empty() ? v : tr.Word(role, v)) + "</option>";
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

std::string App::Impl::Layout(const Request& r, const std::string& title, const std::string& nav,
                              const std::string& body) {
  const Tr tr = T(r);
  std::string links;
  for (const auto& [href, key] :
       std::vector<std::pair<std::string, std::string>>{{"/", "list"},
                                                        {"/search", "search"},
                                                        {"/dashboard", "dashboard"},
                                                        {"/digest", "digest"},
                                                        {"/indicators", "indicators"}}) {
    links += "<a href=\"" + href + "\"" + (key == nav ? " class=\"on\"" : "") + ">" +
             EscapeXml(tr("nav." + key)) + "</a>";
  }
  // The switch to the other language comes back to this page (without its own ?lang=).
  std::vector<std::pair<std::string, std::string>> params;
  for (const auto& [k, v] : r.query) {
    if (k != "lang") params.emplace_back(k, v);
  }
  const Lang other = tr.lang() == Lang::kJa ? Lang::kEn : Lang::kJa;
  const std::string next = LocalPath(r.path + Query(params));
  const std::string switcher =
      "<a id=\"lang\" hreflang=\"" + std::string(LangCode(other)) + "\" lang=\"" +
      std::string(LangCode(other)) + "\" href=\"" +
      EscapeXml("/lang" + Query({{"to", std::string(LangCode(other))}, {"next", next}})) + "\">" +
      EscapeXml(tr("nav.other_language")) + "</a>";
  return "<!DOCTYPE html>\n<html lang=\"" + std::string(tr.code()) +
         "\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>" +
         EscapeXml(title) +
         " - jikenbo</title><link rel=\"icon\" href=\"data:,\">"
         "<link rel=\"stylesheet\" href=\"/static/app.css\">"
         "<script src=\"/static/app.js\" defer></script></head><body><header>"
         "<a class=\"brand\" href=\"/\">" +
         EscapeXml(tr("brand")) + "</a><nav>" + links + "</nav>" + switcher + "</header><main>\n" +
         body + "\n</main></body></html>\n";
}

Response App::Impl::NotFoundPage(const Request& r, const std::string& why_key) {
  const Tr tr = T(r);
  std::string body = "<h1>" + EscapeXml(tr("error.not_found")) + "</h1>";
  if (!why_key.empty()) body += "<p>" + EscapeXml(tr(why_key)) + "</p>";
  return {404, "text/html; charset=utf-8", Layout(r, tr("error.not_found"), "", body), {}};
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
    auto ids = (*store)->SearchIds(q, store::kSearchCandidates);  // ids only: no article read
    if (!ids.ok()) throw BadRequest{400, ids.status().what()};
    f.by_ids = true;
    f.ids = std::move(*ids);
    std::sort(f.ids.begin(), f.ids.end());
  }
  return f;
}

std::vector<const CaseRow*> App::Impl::Page(const std::vector<const CaseRow*>& all,
                                            const Request& r, size_t* page, size_t* per_page) {
  *per_page = Number(r, "per_page", 50, 1, kMaxPerPage);
  *page = Number(r, "page", 1, 1, 1000000);
  const size_t begin = std::min(all.size(), (*page - 1) * *per_page);
  const size_t end = std::min(all.size(), begin + *per_page);
  return {all.begin() + static_cast<long>(begin), all.begin() + static_cast<long>(end)};
}

std::vector<CaseHead> App::Impl::Heads(const Snapshot& snapshot,
                                       const std::vector<const CaseRow*>& rows) {
  auto store = pool.Acquire();
  if (!store.ok()) throw BadRequest{500, "the casebook cannot be opened"};
  auto heads = snapshot.Heads(**store, rows);
  if (!heads.ok()) throw BadRequest{500, "the casebook cannot be read"};
  return std::move(*heads);
}

Response App::Impl::Route(const Request& r) {
  const std::string& p = r.path;
  const bool get = r.method == "GET" || r.method == "HEAD";
  if (p == "/api/ingest") {
    if (r.method != "POST") return JsonError(405, "use POST");
    return ApiIngest(r);
  }
  if (auto editing = RouteEditing(r)) return std::move(*editing);
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
  auto case_of = [&](std::string_view no) -> const CaseRow* {
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
    const CaseRow* c = case_of(std::string_view(p).substr(7));
    if (!c) return NotFoundPage(r, "error.no_such_case");
    return CasePage(r, c->primary);
  }
  if (p.rfind("/articles/", 0) == 0) {
    const int64_t id = article_id(std::string_view(p).substr(10));
    if (id < 0) return NotFoundPage(r);
    return CasePage(r, id);
  }
  if (p == "/lang") {  // the language switch: remembered in a cookie, back to the page
    const auto lang = ParseLang(Param(r, "to"));
    if (!lang) throw BadRequest{400, "'to' must be ja or en"};
    std::string cookie = std::string(kLangCookie) + "=" + std::string(LangCode(*lang)) +
                         "; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly";
    if (options.secure_cookie) cookie += "; Secure";
    return Redirect(LocalPath(Param(r, "next")), {{"Set-Cookie", cookie}});
  }
  if (p == "/feed.atom") return Feed(r);
  if (p == "/search") return SearchPage(r);
  if (p == "/dashboard") return Dashboard(r);
  if (p == "/digest") return DigestPage(r, "page");
  if (p == "/digest.md") return DigestPage(r, "md");
  if (p == "/digest.html") return DigestPage(r, "html");
  if (p == "/indicators") return IndicatorsPage(r, false);
  if (p.rfind("/archive/", 0) == 0) return Archive(p.substr(9));
  if (p == "/api/cases") return ApiCases(r);
  if (p.rfind("/api/cases/", 0) == 0) {
    const CaseRow* c = case_of(std::string_view(p).substr(11));
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
  if (p.rfind("/taxii2/", 0) == 0) return TaxiiRoute(r);
  return IsApi(r) ? JsonError(404, "no such endpoint") : NotFoundPage(r);
}

Response App::Impl::Secure(Response response) {
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

App::App(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
App::~App() = default;

Result<std::unique_ptr<App>> App::Create(const AppOptions& options) {
  auto impl = std::make_unique<Impl>(options);
  auto files = NewDiskFileSource();
  JK_ASSIGN_OR_RETURN(impl->lexicon, report::LoadLexicon(*files, options.rules_dir));
  report::NamedText ui{options.rules_dir + "/ui.rules", ""},
      labels{options.rules_dir + "/labels_en.rules", ""};
  for (report::NamedText* t : {&ui, &labels}) {
    auto text = files->Read(t->name, 1 << 20);
    if (!text.ok()) return Status::NotFound("cannot read rules file", t->name);
    t->text = std::move(*text);
  }
  JK_ASSIGN_OR_RETURN(impl->ui, UiText::Parse(ui));
  JK_ASSIGN_OR_RETURN(impl->lexicon_en, EnglishLexicon(impl->lexicon, labels));
  JK_ASSIGN_OR_RETURN(auto store, store::OpenStore(options.db));  // fails early if bad
  store.reset();
  JK_ASSIGN_OR_RETURN(impl->accounts, store::OpenAccountStore(options.db));
  JK_RETURN_IF_ERROR(impl->catalog.Load());
  return std::unique_ptr<App>(new App(std::move(impl)));
}

Response App::Handle(const Request& request) {
  Response response;
  const Lang lang = LangOf(request);  // an HTML page in each language, cached apart
  if (!impl_->limiter.Allow(impl_->ClientOf(request))) {
    response = JsonError(429, "too many requests");
    response.headers.emplace_back("Retry-After", "1");
  } else {
    try {
      // With accounts, nothing but the sign-in page and static files without a session or a
      // user's token: checked before the cache can answer.
      if (auto refused = impl_->Gate(request)) return impl_->Secure(std::move(*refused));
      // GET answers depend only on the request and the casebook snapshot: served from the cache
      // while the snapshot holds.
      // The feed is read from the store on each request (published cases, 50 at most; its
      // links depend on the Host header), so a publication shows at once.
      // An editor's pages carry their session's forms: never cached.
      const bool cacheable =
          (request.method == "GET" || request.method == "HEAD") &&
          request.Header("cookie").find("jikenbo_session=") == std::string::npos &&
          request.path.rfind("/archive/", 0) != 0 && request.path != "/feed.atom" &&
          request.path != "/lang" &&
          request.path.rfind("/taxii2/", 0) != 0;  // per reader, and indexed by taxii.cc
      const auto snapshot = impl_->catalog.Get();
      std::string key;
      if (cacheable) {
        key = std::string(LangCode(lang)) + " " + request.path;
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
      response = IsApi(request)
                     ? JsonError(bad.status, bad.message)
                     : Response{bad.status,
                                "text/html; charset=utf-8",
                                impl_->Layout(
                                    request, impl_->T(request)("error.title"), "",
                                    "<h1>" + EscapeXml(impl_->T(request)("error.cannot_process")) +
                                        "</h1><p>" +
                                        EscapeXml(impl_->T(request).Phrase(bad.message)) + "</p>"),
                                {}};
    }
  }
  if (response.content_type.rfind("text/html", 0) == 0) {
    response.headers.emplace_back("Content-Language", std::string(LangCode(lang)));
    response.headers.emplace_back("Vary", "Accept-Language, Cookie");
  }
  return impl_->Secure(std::move(response));
}

}  // namespace jikenbo::serve
