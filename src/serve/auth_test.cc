// Accounts, on both backends: the account store (roles, tokens kept as hashes, lock-out,
// disabling), and serve with accounts: everything behind sign-in or a user's token, the same
// answer for every kind of failed sign-in, lock-out and a per-address limit, roles enforced
// (a viewer's edit or ingest is refused and changes nothing), CSRF, revoked tokens and sessions
// of another casebook refused, and every refusal logged.
#include <gtest/gtest.h>

#include <ctime>
#include <filesystem>

#include "base/secret.h"
#include "base/sha256.h"
#include "ingest/ingest.h"
#include "serve/app.h"
#include "store/accounts.h"
#include "store/store.h"
#include "tests/testing.h"

namespace jikenbo::serve {
namespace {

using Quiet = testing::QuietReporter;

constexpr const char* kViewerPassword = "kaku-viewer-pass";
constexpr const char* kEditorPassword = "kaku-editor-pass";

// Adds a user with this password to the accounts of a casebook.
void AddAccount(store::AccountStore& accounts, const std::string& name, const std::string& role,
                const std::string& password) {
  store::User u;
  u.name = name;
  u.role = role;
  auto hash = HashPassword(password);
  ASSERT_TRUE(hash.ok());
  u.password = *hash;
  ASSERT_TRUE(accounts.AddUser(u).ok());
}
void AddAccount(const std::string& db, const std::string& name, const std::string& role,
                const std::string& password) {
  auto accounts = store::OpenAccountStore(db);
  ASSERT_TRUE(accounts.ok()) << accounts.status().ToString();
  AddAccount(**accounts, name, role, password);
}

// serve's app on a casebook (nullptr and a test failure if it cannot start).
std::unique_ptr<App> ServeOn(const std::string& db, std::vector<std::string> trusted_proxies = {}) {
  AppOptions o;
  o.db = db;
  o.rules_dir = testing::SourceDir() + "/rules";
  o.trusted_proxies = std::move(trusted_proxies);
  auto app = App::Create(o);
  EXPECT_TRUE(app.ok()) << app.status().ToString();
  return app.ok() ? std::move(*app) : nullptr;
}

std::string Header(const Response& r, const std::string& name) {
  for (const auto& [k, v] : r.headers) {
    if (k == name) return v;
  }
  return "";
}

class AuthTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    book_ = std::make_unique<testing::TestCasebook>(GetParam());
    if (book_->db.empty()) GTEST_SKIP() << "no PostgreSQL server";
    {
      auto store = store::OpenStore(book_->db);
      ASSERT_TRUE(store.ok()) << store.status().ToString();
      auto files = NewDiskFileSource();
      ingest::Ingester ingester(*files, **store, testing::DefaultPipeline());
      Quiet quiet;
      const std::string fixtures = testing::SourceDir() + "/tests/fixtures/cases/";
      ingester.Run({fixtures + "notice.txt", fixtures + "followup.txt"}, quiet);
    }
    auto accounts = store::OpenAccountStore(book_->db);
    ASSERT_TRUE(accounts.ok()) << accounts.status().ToString();
    accounts_ = std::move(*accounts);
    AddUser("vera", "viewer", kViewerPassword);
    AddUser("eiji", "editor", kEditorPassword);
  }
  void TearDown() override {
    app_.reset();
    accounts_.reset();
    book_.reset();
  }
  void AddUser(const std::string& name, const std::string& role, const std::string& password) {
    AddAccount(*accounts_, name, role, password);
  }
  App& Serve() {
    if (!app_) app_ = ServeOn(book_->db);
    return *app_;
  }
  Response Send(const std::string& method, const std::string& path, const std::string& body = "",
                const std::string& cookie = "", const std::string& bearer = "",
                const std::string& client = "127.0.0.1") {
    Request r;
    r.method = method;
    r.path = path.substr(0, path.find('?'));
    if (path.find('?') != std::string::npos) r.query = ParseQuery(path.substr(path.find('?') + 1));
    r.client = client;
    r.body = body;
    r.headers["host"] = "127.0.0.1:8080";
    if (method == "POST" && bearer.empty())
      r.headers["content-type"] = "application/x-www-form-urlencoded";
    if (!cookie.empty()) r.headers["cookie"] = cookie;
    if (!bearer.empty()) r.headers["authorization"] = "Bearer " + bearer;
    return Serve().Handle(r);
  }
  Response SignInAs(const std::string& name, const std::string& password,
                    const std::string& client = "127.0.0.1") {
    return Send("POST", "/signin", "name=" + name + "&password=" + password + "&next=%2F", "", "",
                client);
  }
  std::string CookieOf(const Response& r) {
    const std::string set = Header(r, "Set-Cookie");
    return set.substr(0, set.find(';'));
  }
  static std::string CsrfOf(const std::string& page) {
    const std::string mark = "name=\"csrf\" value=\"";
    const size_t at = page.find(mark);
    return at == std::string::npos ? "" : page.substr(at + mark.size(), 64);
  }
  std::string TypeOf(int64_t id) {
    auto store = store::OpenStore(book_->db);
    auto rec = (*store)->Get(id);
    EXPECT_TRUE(rec.ok());
    return rec.ok() ? rec->article.incident.type.value_or("") : "";
  }
  std::string TokenFor(const std::string& user) {
    const std::string token = "jk_" + RandomHex(32);
    EXPECT_TRUE(accounts_->AddToken(user, Sha256Hex(token), "test").ok());
    return token;
  }

  std::unique_ptr<testing::TestCasebook> book_;
  std::unique_ptr<store::AccountStore> accounts_;
  std::unique_ptr<App> app_;
};

TEST_P(AuthTest, TheStoreKeepsRolesAndOnlyHashesOfTokens) {
  store::User dup;
  dup.name = "vera";
  dup.role = "admin";
  dup.password = "x";
  EXPECT_EQ(accounts_->AddUser(dup).code(), Code::kInvalidInput);  // the name is taken
  dup.name = "kaku";
  dup.role = "owner";
  EXPECT_EQ(accounts_->AddUser(dup).code(), Code::kInvalidInput);  // no such role
  dup.role = "viewer";
  dup.name = "two words";
  EXPECT_EQ(accounts_->AddUser(dup).code(), Code::kInvalidInput);  // not a user name
  auto vera = accounts_->FindUser("vera");
  ASSERT_TRUE(vera.ok() && vera->has_value());
  EXPECT_EQ((*vera)->role, "viewer");
  EXPECT_EQ((*vera)->password.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(VerifyPassword((*vera)->password, kViewerPassword));
  EXPECT_FALSE(VerifyPassword((*vera)->password, kEditorPassword));

  const std::string token = TokenFor("eiji");
  auto tokens = accounts_->Tokens();
  ASSERT_TRUE(tokens.ok());
  ASSERT_EQ(tokens->size(), 1u);
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  auto who = accounts_->TokenPrincipal(Sha256Hex(token), now);
  ASSERT_TRUE(who.ok() && who->has_value());
  EXPECT_EQ((*who)->user, "eiji");
  EXPECT_EQ((*who)->role, "editor");
  EXPECT_FALSE(accounts_->TokenPrincipal(token, now)->has_value());  // the token is no key
  ASSERT_TRUE(accounts_->RevokeToken((*tokens)[0].id).ok());
  EXPECT_EQ(accounts_->RevokeToken((*tokens)[0].id).code(), Code::kNotFound);
  EXPECT_FALSE(accounts_->TokenPrincipal(Sha256Hex(token), now)->has_value());
  // A token that expires works until then, and not after.
  const std::string brief = "jk_" + RandomHex(32);
  ASSERT_TRUE(accounts_->AddToken("vera", Sha256Hex(brief), "brief", now + 60).ok());
  EXPECT_TRUE(accounts_->TokenPrincipal(Sha256Hex(brief), now)->has_value());
  EXPECT_FALSE(accounts_->TokenPrincipal(Sha256Hex(brief), now + 61)->has_value());

  // Failures lock at the fifth; a new password lifts the lock.
  for (int i = 0; i < 5; ++i) ASSERT_TRUE(accounts_->RecordFailure("vera", 1000, 5, 900).ok());
  EXPECT_EQ((*accounts_->FindUser("vera"))->locked_until, 1900);
  ASSERT_TRUE(accounts_->SetPassword("vera", (*vera)->password).ok());
  EXPECT_EQ((*accounts_->FindUser("vera"))->locked_until, 0);
  EXPECT_EQ(accounts_->SetRole("nobody", "admin").code(), Code::kNotFound);
}

TEST_P(AuthTest, WithUsersEverythingButSignInNeedsASessionOrAToken) {
  ::testing::internal::CaptureStderr();
  const Response page = Send("GET", "/cases/2031-001");
  EXPECT_EQ(page.status, 303);
  EXPECT_EQ(Header(page, "Location"), "/signin?next=%2Fcases%2F2031-001");
  EXPECT_EQ(page.body.find("<html"), std::string::npos);
  const Response api = Send("GET", "/api/cases");
  EXPECT_EQ(api.status, 401);
  EXPECT_EQ(Header(api, "WWW-Authenticate"), "Bearer");
  EXPECT_EQ(api.body.find("case_no"), std::string::npos);
  EXPECT_EQ(Send("GET", "/signin").status, 200);
  EXPECT_EQ(Send("GET", "/healthz").status, 200);
  EXPECT_EQ(Send("GET", "/static/app.css").status, 200);
  // The language switch, and the sign-in page in the language it chose, need no session.
  const Response lang = Send("GET", "/lang?to=en&next=%2Fsignin");
  EXPECT_EQ(lang.status, 303);
  EXPECT_EQ(Header(lang, "Location"), "/signin");
  const Response english = Send("GET", "/signin", "", "jikenbo_lang=en");
  EXPECT_NE(english.body.find("User name"), std::string::npos);
  EXPECT_EQ(Send("GET", "/?lang=en", "", "jikenbo_lang=en").status, 303);  // the rest: still not
  // A search for what every article holds, and a page far past the end: still refused.
  EXPECT_EQ(Send("GET", "/api/search?q=%E3%81%AE&page=99999").status, 401);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(log.find("refused: not signed in (GET /cases/2031-001"), std::string::npos) << log;

  const Response in = SignInAs("vera", kViewerPassword);
  ASSERT_EQ(in.status, 303) << in.body;
  const std::string set = Header(in, "Set-Cookie");
  EXPECT_NE(set.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(set.find("; SameSite=Strict"), std::string::npos);
  const Response read = Send("GET", "/cases/2031-001", "", CookieOf(in));
  EXPECT_EQ(read.status, 200);
  // A viewer sees no forms to correct with.
  EXPECT_EQ(read.body.find("class=\"edit\""), std::string::npos);
  EXPECT_EQ(Send("GET", "/api/cases", "", CookieOf(in)).status, 200);
}

TEST_P(AuthTest, EveryFailedSignInLooksTheSameAndIsLogged) {
  AddUser("dora", "editor", "kaku-dora-pass");
  ASSERT_TRUE(accounts_->SetDisabled("dora", true).ok());
  ::testing::internal::CaptureStderr();
  const Response wrong = SignInAs("vera", "not-her-password", "10.0.0.1");
  const Response nobody = SignInAs("nobody", "not-her-password", "10.0.0.2");
  const Response disabled = SignInAs("dora", "kaku-dora-pass", "10.0.0.3");
  const std::string log = ::testing::internal::GetCapturedStderr();
  for (const Response* r : {&wrong, &nobody, &disabled}) {
    EXPECT_EQ(r->status, 401);
    EXPECT_EQ(r->body, wrong.body);  // no word on whether the name exists
    EXPECT_EQ(Header(*r, "Set-Cookie"), "");
  }
  EXPECT_NE(log.find("refused a sign-in as vera: wrong password"), std::string::npos) << log;
  EXPECT_NE(log.find("refused a sign-in as nobody: no such user"), std::string::npos) << log;
  EXPECT_NE(log.find("refused a sign-in as dora: disabled"), std::string::npos) << log;
  EXPECT_EQ(log.find("not-her-password"), std::string::npos);  // no secret in the log
}

TEST_P(AuthTest, FiveWrongPasswordsLockTheAccountAndAnAddressMayTryFiveTimesAMinute) {
  // From five addresses: the lock is the account's, whoever tries.
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(SignInAs("vera", "wrong-password-" + std::to_string(i), "10.1.0." + std::to_string(i))
                  .status,
              401);
  }
  const Response locked = SignInAs("vera", kViewerPassword, "10.1.0.9");
  EXPECT_EQ(locked.status, 401);  // the right password, refused while locked
  EXPECT_EQ(Header(locked, "Set-Cookie"), "");
  EXPECT_GT((*accounts_->FindUser("vera"))->locked_until, static_cast<int64_t>(std::time(nullptr)));

  // One address: the sixth attempt within the minute waits.
  for (int i = 0; i < 5; ++i) EXPECT_EQ(SignInAs("eiji", "wrong-pass-x", "10.2.0.1").status, 401);
  const Response limited = SignInAs("eiji", kEditorPassword, "10.2.0.1");
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(Header(limited, "Retry-After"), "60");
}

TEST_P(AuthTest, AViewersEditIsRefusedAndAnEditorsIsLoggedUnderTheirName) {
  const std::string viewer = CookieOf(SignInAs("vera", kViewerPassword));
  const std::string editor = CookieOf(SignInAs("eiji", kEditorPassword));
  const std::string before = TypeOf(1);
  ASSERT_NE(before, "ddos");

  const std::string viewer_csrf = CsrfOf(Send("GET", "/cases/2031-001", "", viewer).body);
  ASSERT_EQ(viewer_csrf.size(), 64u);  // the sign-out form's
  ::testing::internal::CaptureStderr();
  const Response refused =
      Send("POST", "/articles/1/edit", "field=type&value=ddos&csrf=" + viewer_csrf, viewer);
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(refused.status, 403);
  EXPECT_EQ(TypeOf(1), before);
  EXPECT_NE(log.find("refused a correction by vera: role viewer"), std::string::npos) << log;

  const std::string page = Send("GET", "/cases/2031-001", "", editor).body;
  EXPECT_NE(page.find("class=\"edit\""), std::string::npos);
  const std::string csrf = CsrfOf(page);
  // A forged token, and the viewer's token with the editor's cookie: refused.
  EXPECT_EQ(
      Send("POST", "/articles/1/edit", "field=type&value=ddos&csrf=" + std::string(64, 'a'), editor)
          .status,
      403);
  EXPECT_EQ(
      Send("POST", "/articles/1/edit", "field=type&value=ddos&csrf=" + viewer_csrf, editor).status,
      403);
  EXPECT_EQ(TypeOf(1), before);
  EXPECT_EQ(Send("POST", "/articles/1/edit", "field=type&value=ddos&csrf=" + csrf, editor).status,
            303);
  EXPECT_EQ(TypeOf(1), "ddos");
  auto store = store::OpenStore(book_->db);
  auto log_entries = (*store)->Log("");
  ASSERT_TRUE(log_entries.ok());
  ASSERT_FALSE(log_entries->empty());
  EXPECT_EQ(log_entries->back().who, "eiji");

  // Signed out, the session and its form token are dead: a replay is refused.
  EXPECT_EQ(Send("POST", "/signout", "csrf=" + csrf, editor).status, 303);
  EXPECT_EQ(Send("POST", "/articles/1/edit", "field=type&value=outage&csrf=" + csrf, editor).status,
            401);
  EXPECT_EQ(Send("GET", "/cases/2031-001", "", editor).status, 303);
  EXPECT_EQ(TypeOf(1), "ddos");
}

TEST_P(AuthTest, TokensActWithTheirUsersRoleUntilRevokedOrDisabled) {
  const std::string viewer = TokenFor("vera");
  const std::string editor = TokenFor("eiji");
  EXPECT_EQ(Send("GET", "/api/cases", "", "", viewer).status, 200);
  EXPECT_EQ(Send("GET", "/api/cases", "", "", "jk_" + std::string(64, '0')).status, 401);

  const std::string doc =
      "架空精機株式会社は2031年6月2日、社内サーバーがランサムウェアに感染したと発表した。";
  const Response refused = Send("POST", "/api/ingest", doc, "", viewer);
  EXPECT_EQ(refused.status, 403);
  auto store = store::OpenStore(book_->db);
  const auto before = (*store)->Count();
  ASSERT_TRUE(before.ok());
  const Response ingested = Send("POST", "/api/ingest", doc, "", editor);
  EXPECT_EQ(ingested.status, 201) << ingested.body;
  (*store)->EndRead();
  EXPECT_EQ((*store)->Count()->documents, before->documents + 1);

  // An expired token, and an expired session (stored directly, as another process would have
  // written it long ago): refused.
  const std::string old_token = "jk_" + RandomHex(32);
  const int64_t now = static_cast<int64_t>(std::time(nullptr));
  ASSERT_TRUE(accounts_->AddToken("eiji", Sha256Hex(old_token), "old", now - 1).ok());
  EXPECT_EQ(Send("GET", "/api/cases", "", "", old_token).status, 401);
  const std::string old_session = RandomHex(32);
  ASSERT_TRUE(accounts_->AddSession(Sha256Hex(old_session), "eiji", RandomHex(32), now - 1).ok());
  EXPECT_EQ(Send("GET", "/api/cases", "", "jikenbo_session=" + old_session).status, 401);

  ASSERT_TRUE(accounts_->SetDisabled("vera", true).ok());
  EXPECT_EQ(Send("GET", "/api/cases", "", "", viewer).status, 401);
  auto tokens = accounts_->Tokens();
  ASSERT_TRUE(tokens.ok());
  for (const auto& t : *tokens) {
    if (t.user == "eiji") {
      ASSERT_TRUE(accounts_->RevokeToken(t.id).ok());
    }
  }
  EXPECT_EQ(Send("GET", "/api/cases", "", "", editor).status, 401);
}

TEST_P(AuthTest, AnAdminManagesUsersAndTokensInTheBrowserAndNobodyElseDoes) {
  AddUser("aiko", "admin", "kaku-admin-pass");
  const std::string admin = CookieOf(SignInAs("aiko", "kaku-admin-pass"));
  const std::string editor = CookieOf(SignInAs("eiji", kEditorPassword));
  const Response page = Send("GET", "/admin", "", admin);
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_NE(page.body.find("id=\"users\""), std::string::npos);
  const std::string csrf = CsrfOf(page.body);
  ASSERT_EQ(csrf.size(), 64u);

  // An editor may neither see the page nor post its forms.
  EXPECT_EQ(Send("GET", "/admin", "", editor).status, 403);
  const std::string editor_csrf = CsrfOf(Send("GET", "/cases/2031-001", "", editor).body);
  EXPECT_EQ(
      Send("POST", "/admin", "action=set_role&name=eiji&role=admin&csrf=" + editor_csrf, editor)
          .status,
      403);
  EXPECT_EQ((*accounts_->FindUser("eiji"))->role, "editor");

  EXPECT_EQ(
      Send("POST", "/admin",
           "action=add_user&name=mika&role=viewer&password=kaku-mika-pass&csrf=" + csrf, admin)
          .status,
      303);
  EXPECT_EQ((*accounts_->FindUser("mika"))->role, "viewer");
  EXPECT_EQ(SignInAs("mika", "kaku-mika-pass", "10.3.0.1").status, 303);
  // A short password, and a second user of one name: refused, with the reason.
  EXPECT_EQ(Send("POST", "/admin",
                 "action=add_user&name=nao&role=viewer&password=short&csrf=" + csrf, admin)
                .status,
            400);
  EXPECT_FALSE(accounts_->FindUser("nao")->has_value());

  const Response made =
      Send("POST", "/admin", "action=add_token&name=eiji&label=upload&csrf=" + csrf, admin);
  ASSERT_EQ(made.status, 200);
  const size_t at = made.body.find("<code>jk_");
  ASSERT_NE(at, std::string::npos);
  const std::string token = made.body.substr(at + 6, 67);
  EXPECT_EQ(Send("GET", "/api/cases", "", "", token).status, 200);
  EXPECT_EQ(Send("GET", "/admin", "", admin).body.find(token), std::string::npos);  // shown once
  const auto tokens = *accounts_->Tokens();
  ASSERT_EQ(tokens.size(), 1u);
  EXPECT_EQ(Send("POST", "/admin",
                 "action=revoke_token&id=" + std::to_string(tokens[0].id) + "&csrf=" + csrf, admin)
                .status,
            303);
  EXPECT_EQ(Send("GET", "/api/cases", "", "", token).status, 401);

  // An admin keeps their own rights.
  EXPECT_EQ(Send("POST", "/admin", "action=disable&name=aiko&csrf=" + csrf, admin).status, 400);
  EXPECT_EQ(
      Send("POST", "/admin", "action=set_role&name=aiko&role=viewer&csrf=" + csrf, admin).status,
      400);
  EXPECT_EQ(Send("POST", "/admin", "action=disable&name=eiji&csrf=" + csrf, admin).status, 303);
  EXPECT_EQ(Send("GET", "/cases/2031-001", "", editor).status, 303);  // their session ended
}

TEST_P(AuthTest, ASessionOfAnotherCasebookIsNobodys) {
  // The same user name and password on another casebook: its cookie opens nothing here.
  testing::TestCasebook other(GetParam());
  ASSERT_FALSE(other.db.empty());
  AddAccount(other.db, "vera", "admin", kViewerPassword);
  auto there = ServeOn(other.db);
  ASSERT_TRUE(there);
  Request r;
  r.method = "POST";
  r.path = "/signin";
  r.client = "127.0.0.1";
  r.headers["content-type"] = "application/x-www-form-urlencoded";
  r.body = std::string("name=vera&password=") + kViewerPassword;
  const Response in = there->Handle(r);
  ASSERT_EQ(in.status, 303);
  EXPECT_EQ(Send("GET", "/cases/2031-001", "", CookieOf(in)).status, 303);
  EXPECT_EQ(Send("GET", "/api/cases", "", CookieOf(in)).status, 401);
  there.reset();
}

TEST(AuthProxy, OnlyATrustedProxyNamesTheClient) {
  testing::TestCasebook book("sqlite");
  AddAccount(book.db, "vera", "viewer", kViewerPassword);
  auto app = ServeOn(book.db, {"10.9.0.1"});
  ASSERT_TRUE(app);
  auto attempt = [&](const std::string& peer, const std::string& forwarded) {
    Request r;
    r.method = "POST";
    r.path = "/signin";
    r.client = peer;
    r.headers["content-type"] = "application/x-www-form-urlencoded";
    r.headers["x-forwarded-for"] = forwarded;
    r.body = "name=vera&password=wrong-password";
    return app->Handle(r).status;
  };
  // Behind the proxy, each analyst has their own five attempts a minute.
  for (int i = 0; i < 6; ++i) {
    EXPECT_EQ(attempt("10.9.0.1", "192.0.2.1, 198.51.100." + std::to_string(i)), 401);
  }
  // Anyone else's X-Forwarded-For is ignored: the peer's address counts.
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(attempt("203.0.113.7", "198.51.100." + std::to_string(i)), 401);
  EXPECT_EQ(attempt("203.0.113.7", "198.51.100.99"), 429);
}

TEST(AuthOpen, WithoutUsersServeReadsAsBefore) {
  testing::TestCasebook book("sqlite");
  auto app = ServeOn(book.db);
  ASSERT_TRUE(app);
  Request r;
  r.method = "GET";
  r.path = "/api/cases";
  r.client = "127.0.0.1";
  EXPECT_EQ(app->Handle(r).status, 200);
  r.path = "/signin";
  EXPECT_EQ(app->Handle(r).status, 403);  // nobody to sign in as
}

INSTANTIATE_TEST_SUITE_P(Backends, AuthTest, ::testing::Values("sqlite", "postgres"),
                         [](const auto& backend) { return backend.param; });

}  // namespace
}  // namespace jikenbo::serve
