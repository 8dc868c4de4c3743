// Internals shared by the parts of the web app: app.cc (helpers, routing, the App), pages.cc
// (HTML pages) and api.cc (the JSON API). Not part of the serve interface (app.h).
#pragma once

#include <fmt/format.h>
#include <openssl/crypto.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <semaphore>
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
#include "serve/app.h"
#include "serve/assets.h"
#include "serve/catalog.h"
#include "serve/i18n.h"
#include "serve/taxii.h"
#include "store/accounts.h"

namespace jikenbo::serve {

using json = nlohmann::ordered_json;
using report::EscapeXml;

inline constexpr size_t kMaxPerPage = 200;
inline constexpr size_t kMaxParam = 256;  // longest query parameter value we read
inline const std::vector<std::string>& kTypes = model::IncidentTypes();
inline const std::vector<std::string>& kOrgKinds = model::OrgKinds();
inline const std::vector<std::string>& kItems = model::DataItems();
inline const std::vector<std::string>& kAuthorities = model::Authorities();

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
    store::SqliteOptions small;  // one per request thread: 8 MiB of pages each, not 64
    small.cache_kib = 8192;
    JK_ASSIGN_OR_RETURN(auto s, store::OpenStore(db_, small));
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

// Answers to GET requests, kept until the casebook changes (a new catalog snapshot): the
// casebook is read far more than it is written. Bounded (4,096 answers, 64 MiB); cleared when
// full.
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
    const size_t size = key.size() + r.body.size() + 256;
    if (size > kMaxBytes / 8) return;  // a huge answer is not worth the room
    if (generation != generation_ || entries_.size() >= 4096 || bytes_ + size > kMaxBytes) {
      entries_.clear();
      bytes_ = 0;
      generation_ = generation;
    }
    if (entries_.emplace(key, r).second) bytes_ += size;
  }

 private:
  static constexpr size_t kMaxBytes = 64u << 20;  // bounded in bytes, not only in entries
  std::mutex mu_;
  uint64_t generation_ = 0;  // of the snapshot the entries were computed from
  size_t bytes_ = 0;
  std::unordered_map<std::string, Response> entries_;
};

// Editors' sessions, in memory (a restart signs everyone out): a random 256-bit id travels in
// an HttpOnly, SameSite=Strict cookie, and each session has its own random token that every
// form carries (CSRF). Sessions last 12 hours; the number kept is bounded.
class Sessions {
 public:
  struct Session {
    std::string editor;
    std::string csrf;
    std::string role = "editor";  // an editor of --editors; an account's role otherwise
  };
  static constexpr int kSeconds = 12 * 3600;
  // A new session of `editor`; its id, or "" when no random bytes could be had.
  std::string Open(const std::string& editor);
  std::optional<Session> Find(const std::string& id);
  void Close(const std::string& id);

 private:
  struct Entry {
    Session session;
    std::chrono::steady_clock::time_point expires;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

// --- forms and cookies (edit.cc)
inline constexpr const char* kCookie = "jikenbo_session";
inline constexpr size_t kMaxFormValue = 4000;  // longest form value we accept (a cause, a measure)
// The decoded fields of a form body; BadRequest when it is not a URL-encoded form.
std::multimap<std::string, std::string> Form(const Request& r);
// A form field ("" when absent); BadRequest when too long or not UTF-8.
std::string Field(const std::multimap<std::string, std::string>& form, const std::string& name);
// A path inside this site to return to after signing in ("/" for anything else).
std::string LocalPath(const std::string& next);
Response Redirect(const std::string& location,
                  std::vector<std::pair<std::string, std::string>> h = {});

// --- helpers (app.cc)
std::string Encode(std::string_view s);
std::string Query(const std::vector<std::pair<std::string, std::string>>& params);
Response JsonResponse(int status, const json& body);
Response JsonError(int status, const std::string& message);
bool IsApi(const Request& r);
std::string Param(const Request& r, const std::string& name);
size_t Number(const Request& r, const std::string& name, size_t fallback, size_t lo, size_t hi);
std::optional<std::string> Opt(const std::string& v);
// The headline count ("最大1,234人分", "up to 1,234 persons"), "" when none.
std::string Affected(const model::Incident& inc, const Tr& tr);
std::string CaseLink(const report::CaseFile& c);
// A case in a list (the API's): its head and how many reports it has.
json CaseSummaryJson(const CaseHead& c);
// A filter's <select>: "all" and each value, named by its vocabulary word of `role` (the value
// itself when role is "").
std::string Select(const std::string& name, const std::string& label,
                   const std::vector<std::string>& values, const std::string& chosen, const Tr& tr,
                   const std::string& role);
std::string MarkedText(const model::Article& a,
                       const std::vector<std::pair<std::string, model::Span>>& spans);

struct App::Impl {
  AppOptions options;
  report::Lexicon lexicon;     // the Japanese words of the vocabulary (digest.rules)
  report::Lexicon lexicon_en;  // the same with labels_en.rules's English labels
  UiText ui;                   // the UI's messages (ui.rules)
  StorePool pool;
  Catalog catalog;
  RateLimiter limiter;
  ResponseCache cache;
  Sessions sessions;
  TaxiiIndex taxii;
  std::mutex ingest_mu;  // one writer (ingest, a correction) at a time
  // Accounts (auth.cc): one connection, used under accounts_mu; whether there is any user,
  // looked up again every few seconds (a user added by `jikenbo user add` while serving).
  std::mutex accounts_mu;
  std::unique_ptr<store::AccountStore> accounts;
  int64_t accounts_checked = 0;
  bool accounts_on = false;                 // as last looked up
  RateLimiter signin_limiter{1.0 / 12, 5};  // sign-in attempts per client address: 5 a minute
  std::counting_semaphore<2> hashing{2};    // Argon2id takes 64 MiB: two at a time

  explicit Impl(const AppOptions& o)
      : options(o),
        pool(o.db),
        catalog([db = o.db] { return store::OpenStore(db); }),
        limiter(o.rate_per_second, o.burst) {}

  Response Route(const Request& r);
  // The response with the security headers every response carries.
  Response Secure(Response response);
  // The words of a request's language (LangOf).
  Tr T(const Request& r) const {
    const Lang lang = LangOf(r);
    return Tr(ui, lang == Lang::kEn ? lexicon_en : lexicon, lang);
  }
  // A whole page: the header (navigation `nav` marked, the language switch back to this page)
  // around `body`, in the request's language.
  std::string Layout(const Request& r, const std::string& title, const std::string& nav,
                     const std::string& body);
  // A 404 page with an optional explanation (a message key).
  Response NotFoundPage(const Request& r, const std::string& why_key = "");
  report::CaseQuery Window(const Request& r);
  CaseFilter Filter(const Request& r);
  std::vector<const CaseRow*> Page(const std::vector<const CaseRow*>& all, const Request& r,
                                   size_t* page, size_t* per_page);
  // The heads of a page's rows (Snapshot::Heads); throws BadRequest 500 when the casebook
  // cannot be read.
  std::vector<CaseHead> Heads(const Snapshot& snapshot, const std::vector<const CaseRow*>& rows);

  Response ListPage(const Request& r);
  // A case's page (told from its primary report) or an article's.
  Response CasePage(const Request& r, int64_t article_id);
  Response SearchPage(const Request& r);
  Response Dashboard(const Request& r);
  Response DigestPage(const Request& r, const std::string& format);
  // Atom feed of the cases editors published (jikenbo publish), newest first.
  Response Feed(const Request& r);
  Response IndicatorsPage(const Request& r, bool api);
  Response Archive(const std::string& sha256);

  // Accounts (auth.cc). Whether the casebook has users: then every page and API answer needs
  // a session or a user's bearer token.
  bool AccountsOn();
  // The client's address: the peer, or the last address a trusted proxy put in
  // X-Forwarded-For.
  std::string ClientOf(const Request& r) const;
  // Who a request acts for: a user's bearer token, or (with `cookie`) a session cookie.
  std::optional<store::Principal> PrincipalOf(const Request& r, bool cookie);
  // nullopt when the request may go on; else the refusal (401, or a redirect to /signin).
  std::optional<Response> Gate(const Request& r);
  Response AccountSignIn(const Request& r);
  // User management for admins (admin.cc): the page (with a token just made, shown once) and
  // its forms.
  Response AdminPage(const Request& r, const std::string& new_token = "");
  Response AdminAction(const Request& r);
  // The Set-Cookie value that opens the session `id` (Secure with --secure-cookie).
  std::string SessionCookie(const std::string& id) const;
  // A line on stderr for an authentication event (never a secret).
  void Audit(const Request& r, const std::string& what);

  // Editing (edit.cc): sign-in, sign-out and the POST forms of the case page; nullopt when
  // the request is none of these.
  std::optional<Response> RouteEditing(const Request& r);
  std::optional<Sessions::Session> SessionOf(const Request& r);
  // The sign-in page; `message` is a ui.rules key ("" for none).
  Response SignInPage(const Request& r, int status, const std::string& message);
  Response SignIn(const Request& r);
  Response SignOut(const Request& r);
  Response EditArticle(const Request& r, int64_t article_id);
  Response MergeCase(const Request& r, const std::string& case_no);
  Response DismissPair(const Request& r, const std::string& case_no);
  Response SplitArticle(const Request& r, int64_t article_id);
  // The in-place form that corrects `field` of an article ("" without a session).
  std::string EditControl(const Tr& tr, const std::optional<Sessions::Session>& session,
                          int64_t article_id, const std::string& field, const model::Incident& inc);
  // The case page's editing panel: who is signed in, merge, split; or the sign-in link.
  std::string EditPanel(const Tr& tr, const std::optional<Sessions::Session>& session,
                        const Request& r, const model::Incident& inc, store::Store& store);

  Response ApiCases(const Request& r);
  // A case's reports (c), or one article's.
  Response ApiCase(const CaseRow* c, int64_t article_id);
  Response ApiSearch(const Request& r);
  Response ApiStats(const Request& r);
  Response ApiIngest(const Request& r);
  // TAXII 2.1, read-only (taxii.cc): every path under /taxii2/.
  Response TaxiiRoute(const Request& r);
};

// The signed-in user behind a POST form (edit.cc): a session, this site's origin, the session's
// CSRF token and at least `min_role`; else BadRequest (401 or 403), logged.
Sessions::Session Authorise(App::Impl& app, const Request& r,
                            const std::multimap<std::string, std::string>& form,
                            const std::string& min_role = "editor");

}  // namespace jikenbo::serve
