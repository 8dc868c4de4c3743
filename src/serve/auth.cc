// Accounts in serve (store/accounts.h). With no user in the casebook, serve is as it always
// was: open to read, --editors sign in with a token, --token-file guards ingest. Once a user
// exists (jikenbo user add), every page and API answer needs a session (sign in at /signin
// with name and password) or a user's API token (Authorization: Bearer), and the role decides
// what it may do: viewers read, editors also correct and ingest, admins also manage users.
//
// Sessions live in the casebook (the SHA-256 of the cookie's id), so that every `serve` of a
// shared casebook knows them and a cookie of another casebook is nobody's. A wrong name, a
// wrong password, a disabled or a locked account get the same answer after the same work (an
// Argon2id verification against a decoy hash when there is no user to check against); five
// wrong passwords lock an account for 15 minutes, and a client address may try five times a
// minute. Every refusal is logged on stderr, without the secret.
#include <cstdio>

#include "base/clock.h"
#include "base/secret.h"
#include "base/sha256.h"
#include "serve/app_internal.h"

namespace jikenbo::serve {
namespace {

constexpr int64_t kMaxFailures = 5;
constexpr int64_t kLockSeconds = 15 * 60;
constexpr int64_t kRecheckSeconds = 2;
constexpr size_t kMaxName = 64;
constexpr size_t kMaxPassword = 1024;
constexpr const char* kFailed = "signin.failed";  // one message for every failure

// The token of an "Authorization: Bearer TOKEN" header, or "".
std::string BearerToken(const Request& r) {
  const std::string auth = r.Header("authorization");
  constexpr std::string_view kBearer = "Bearer ";
  if (auth.size() <= kBearer.size() || auth.compare(0, kBearer.size(), kBearer) != 0) return "";
  return auth.substr(kBearer.size());
}

// A user-supplied name as it may go into the log: printable, cut short.
std::string Printable(std::string_view s) {
  std::string out;
  for (unsigned char c : s.substr(0, kMaxName)) out += c < 0x20 || c == 0x7F ? '?' : char(c);
  return out;
}

bool Public(const Request& r) {
  const std::string& p = r.path;
  return p == "/signin" || p == "/lang" || p == "/healthz" || p.rfind("/static/", 0) == 0 ||
         p == "/api/ingest" || p.rfind("/taxii2/", 0) == 0;  // these check their own tokens
}

}  // namespace

std::string App::Impl::ClientOf(const Request& r) const {
  const auto& proxies = options.trusted_proxies;
  if (std::find(proxies.begin(), proxies.end(), r.client) == proxies.end()) return r.client;
  const std::string header = r.Header("x-forwarded-for");
  std::string_view forwarded = header;
  if (const size_t comma = forwarded.rfind(','); comma != std::string_view::npos)
    forwarded.remove_prefix(comma + 1);
  forwarded = utf8::Trim(forwarded);
  if (forwarded.empty() || forwarded.size() > 64) return r.client;
  return std::string(forwarded);
}

std::string App::Impl::SessionCookie(const std::string& id) const {
  std::string cookie =
      std::string(kCookie) + "=" + id +
      "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" + std::to_string(Sessions::kSeconds);
  if (options.secure_cookie) cookie += "; Secure";
  return cookie;
}

void App::Impl::Audit(const Request& r, const std::string& what) {
  std::fprintf(stderr, "jikenbo serve: auth: %s (%s %s from %s)\n", what.c_str(),
               Printable(r.method).c_str(), Printable(r.path).c_str(),
               Printable(ClientOf(r)).c_str());
}

bool App::Impl::AccountsOn() {
  const int64_t now = NowSeconds();
  std::lock_guard<std::mutex> lock(accounts_mu);
  if (!accounts) return false;
  if (now - accounts_checked >= kRecheckSeconds) {
    auto any = accounts->Any();
    // A casebook that cannot say keeps the last answer; one never seen with users stays open.
    if (any.ok()) accounts_on = *any;
    accounts_checked = now;
  }
  return accounts_on;
}

std::optional<store::Principal> App::Impl::PrincipalOf(const Request& r, bool cookie) {
  const std::string token = BearerToken(r);
  if (!token.empty()) {
    if (token.size() > 256) return std::nullopt;
    std::lock_guard<std::mutex> lock(accounts_mu);
    auto p = accounts->TokenPrincipal(Sha256Hex(token), NowSeconds());
    return p.ok() ? *p : std::nullopt;
  }
  if (!cookie) return std::nullopt;
  const std::string id = r.Cookie(kCookie);
  if (id.size() != 64) return std::nullopt;
  std::lock_guard<std::mutex> lock(accounts_mu);
  auto p = accounts->SessionPrincipal(Sha256Hex(id), NowSeconds());
  return p.ok() ? *p : std::nullopt;
}

std::optional<Response> App::Impl::Gate(const Request& r) {
  if (Public(r) || !AccountsOn()) return std::nullopt;
  if (PrincipalOf(r, /*cookie=*/true)) return std::nullopt;
  const bool bearer = !BearerToken(r).empty();
  const bool had_cookie = !r.Cookie(kCookie).empty();
  Audit(r, bearer       ? "refused: unknown, revoked or disabled API token"
           : had_cookie ? "refused: unknown or expired session"
                        : "refused: not signed in");
  if (r.method != "GET" && r.method != "HEAD") {  // a form of a dead session: no redirect
    return Response{
        401,
        "text/html; charset=utf-8",
        Layout(r, T(r)("signin.title"), "",
               "<h1>" + EscapeXml(T(r)("signin.please")) + "</h1><p><a href=\"/signin\">" +
                   EscapeXml(T(r)("signin.title")) + "</a></p>"),
        {}};
  }
  if (IsApi(r) || bearer) {
    Response resp = JsonError(401, "sign in, or send a user's API token (Authorization: Bearer)");
    resp.headers.emplace_back("WWW-Authenticate", "Bearer");
    return resp;
  }
  std::string next = r.path;
  if (!r.query.empty()) {
    std::vector<std::pair<std::string, std::string>> q(r.query.begin(), r.query.end());
    next += Query(q);
  }
  return Redirect("/signin" + Query({{"next", LocalPath(next)}}));
}

Response App::Impl::AccountSignIn(const Request& r) {
  if (!signin_limiter.Allow(ClientOf(r))) {
    Audit(r, "refused a sign-in: too many attempts from this address");
    Response resp = SignInPage(r, 429, kFailed);
    resp.headers.emplace_back("Retry-After", "60");
    return resp;
  }
  const auto form = Form(r);
  const std::string name = Field(form, "name");
  const std::string password = Field(form, "password");
  const int64_t now = NowSeconds();
  std::optional<store::User> user;
  if (!name.empty() && name.size() <= kMaxName) {
    std::lock_guard<std::mutex> lock(accounts_mu);
    auto found = accounts->FindUser(name);
    if (!found.ok()) return SignInPage(r, 500, "signin.cannot_read");
    user = std::move(*found);
  }
  // One verification whatever the case, against the decoy when there is nobody to check.
  const bool usable = user && !user->disabled && user->locked_until <= now;
  bool match = false;
  {
    hashing.acquire();
    match = VerifyPassword(usable ? user->password : DecoyPasswordHash(),
                           std::string_view(password).substr(0, kMaxPassword));
    hashing.release();
  }
  if (!usable || !match) {
    std::string why = !user                      ? "no such user"
                      : user->disabled           ? "disabled"
                      : user->locked_until > now ? "locked"
                                                 : "wrong password";
    if (user && !user->disabled && user->locked_until <= now) {
      std::lock_guard<std::mutex> lock(accounts_mu);
      (void)accounts->RecordFailure(user->name, now, kMaxFailures, kLockSeconds);
      if (user->failures + 1 >= kMaxFailures) why += "; locked for 15 minutes";
    }
    Audit(r, "refused a sign-in as " + Printable(name) + ": " + why);
    return SignInPage(r, 401, kFailed);
  }
  const std::string id = RandomHex(32), csrf = RandomHex(32);
  if (id.empty() || csrf.empty()) return SignInPage(r, 500, "signin.no_session");
  {
    std::lock_guard<std::mutex> lock(accounts_mu);
    Status s = accounts->RecordSuccess(user->name);
    if (s.ok()) s = accounts->AddSession(Sha256Hex(id), user->name, csrf, now + Sessions::kSeconds);
    if (!s.ok()) return SignInPage(r, 500, "signin.no_session");
  }
  Audit(r, "signed in: " + Printable(user->name) + " (" + user->role + ")");
  return Redirect(LocalPath(Field(form, "next")), {{"Set-Cookie", SessionCookie(id)}});
}

}  // namespace jikenbo::serve
