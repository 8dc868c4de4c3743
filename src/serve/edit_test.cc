// Editing in the web UI: sign-in with an editor token, the session cookie's attributes, CSRF and
// origin checks, corrections in place (a bad value changes nothing), merge and split, sign-out,
// and that an editor's page is never served to someone else from the cache.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "ingest/ingest.h"
#include "serve/app.h"
#include "store/store.h"
#include "tests/testing.h"

namespace jikenbo::serve {
namespace {

using Quiet = testing::QuietReporter;

constexpr const char* kToken = "kai-0123456789abcdef";

class EditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("jikenbo_edit_test_" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    db_ = (dir_ / "case.db").string();
    auto store = store::OpenSqliteStore(db_);
    ASSERT_TRUE(store.ok());
    auto files = NewDiskFileSource();
    ingest::Ingester ingester(*files, **store, testing::DefaultPipeline());
    Quiet quiet;
    const std::string fixtures = testing::SourceDir() + "/tests/fixtures/cases/";
    ingester.Run({fixtures + "notice.txt", fixtures + "followup.txt", fixtures + "news.txt"},
                 quiet);
    AppOptions o;
    o.db = db_;
    o.rules_dir = testing::SourceDir() + "/rules";
    o.editors = {{"kai", kToken}, {"mio", "mio-fedcba9876543210"}};
    auto app = App::Create(o);
    ASSERT_TRUE(app.ok()) << app.status().ToString();
    app_ = std::move(*app);
  }
  void TearDown() override {
    app_.reset();
    std::filesystem::remove_all(dir_);
  }

  Response Get(const std::string& path, const std::string& cookie = "") {
    Request r;
    r.method = "GET";
    r.path = path;
    r.client = "127.0.0.1";
    r.headers["host"] = "127.0.0.1:8080";
    if (!cookie.empty()) r.headers["cookie"] = cookie;
    return app_->Handle(r);
  }
  Response Post(const std::string& path, const std::string& body, const std::string& cookie,
                const std::string& origin = "") {
    Request r;
    r.method = "POST";
    r.path = path;
    r.client = "127.0.0.1";
    r.body = body;
    r.headers["host"] = "127.0.0.1:8080";
    r.headers["content-type"] = "application/x-www-form-urlencoded";
    if (!cookie.empty()) r.headers["cookie"] = cookie;
    if (!origin.empty()) r.headers["origin"] = origin;
    return app_->Handle(r);
  }
  static std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }
  // Signs in; returns the Cookie header to send.
  std::string SignIn(const std::string& token = kToken) {
    const Response r = Post("/signin", "token=" + token + "&next=%2Fcases%2F2031-001", "");
    EXPECT_EQ(r.status, 303) << r.body;
    const std::string set = HeaderOf(r, "Set-Cookie");
    return set.substr(0, set.find(';'));
  }
  static std::string CsrfOf(const std::string& page) {
    const std::string mark = "name=\"csrf\" value=\"";
    const size_t at = page.find(mark);
    return at == std::string::npos ? "" : page.substr(at + mark.size(), 64);
  }
  model::Incident Stored(int64_t id) {
    auto store = store::OpenSqliteStore(db_);
    EXPECT_TRUE(store.ok());
    auto rec = (*store)->Get(id);
    EXPECT_TRUE(rec.ok());
    return rec.ok() ? rec->article.incident : model::Incident{};
  }
  std::vector<int64_t> ReportsOf(const std::string& case_no) {
    auto store = store::OpenSqliteStore(db_);
    store::ListQuery q;
    q.case_no = case_no;
    q.limit = 0;
    auto list = (*store)->List(q);
    EXPECT_TRUE(list.ok());
    std::vector<int64_t> ids;
    for (const auto& rec : *list) ids.push_back(rec.id);
    return ids;
  }

  std::filesystem::path dir_;
  std::string db_;
  std::unique_ptr<App> app_;
};

TEST_F(EditTest, ACorrectionByAnotherProcessReachesThisServerSoon) {
  // Another process (jikenbo edit, another serve) corrects a report: no article is added, yet
  // this server's answers change within a few seconds (its catalogue follows the casebook's
  // count of writes), the cached answer included.
  const std::string before = Get("/api/articles/1").body;
  ASSERT_EQ(before.find("\"type\": \"outage\""), std::string::npos);
  {
    auto store = store::OpenSqliteStore(db_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Correct(1, {{"type", '=', "outage"}}, "kai").ok());
  }
  bool seen = false;
  for (int i = 0; i < 100 && !seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    seen = Get("/api/articles/1").body.find("\"type\": \"outage\"") != std::string::npos;
  }
  EXPECT_TRUE(seen);
}

TEST_F(EditTest, SignInGivesAStrictHttpOnlyCookieAndAWrongTokenNothing) {
  Response page = Get("/cases/2031-001");
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"signin\""), std::string::npos);
  EXPECT_EQ(page.body.find("class=\"edit\""), std::string::npos);

  const Response wrong = Post("/signin", "token=kai-0123456789abcdeX", "");
  EXPECT_EQ(wrong.status, 401);
  EXPECT_EQ(HeaderOf(wrong, "Set-Cookie"), "");

  const Response ok =
      Post("/signin", std::string("token=") + kToken + "&next=%2Fcases%2F2031-001", "");
  ASSERT_EQ(ok.status, 303);
  EXPECT_EQ(HeaderOf(ok, "Location"), "/cases/2031-001");
  const std::string cookie = HeaderOf(ok, "Set-Cookie");
  EXPECT_EQ(cookie.rfind("jikenbo_session=", 0), 0u);
  EXPECT_NE(cookie.find("; HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("; SameSite=Strict"), std::string::npos);
  EXPECT_NE(cookie.find("; Path=/"), std::string::npos);
  // Only a path of this site is a place to return to.
  const Response away =
      Post("/signin", std::string("token=") + kToken + "&next=%2F%2Fevil.example", "");
  EXPECT_EQ(HeaderOf(away, "Location"), "/");

  page = Get("/cases/2031-001", cookie.substr(0, cookie.find(';')));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("class=\"edit\""), std::string::npos);
  EXPECT_NE(page.body.find("action=\"/signout\""), std::string::npos);
  EXPECT_EQ(CsrfOf(page.body).size(), 64u);
  // The editor's page, with its CSRF token, is not served to the next anonymous reader.
  const Response anonymous = Get("/cases/2031-001");
  EXPECT_EQ(anonymous.body.find("name=\"csrf\""), std::string::npos);
}

TEST_F(EditTest, AnEditInPlaceIsLoggedUnderTheEditorAndABadOneChangesNothing) {
  const auto ids = ReportsOf("2031-001");
  ASSERT_GE(ids.size(), 2u);
  const int64_t id = ids.front();
  const std::string path = "/articles/" + std::to_string(id) + "/edit";
  // Without a session: refused.
  EXPECT_EQ(Post(path, "field=type&value=ransomware", "").status, 401);

  const std::string cookie = SignIn();
  const std::string csrf = CsrfOf(Get("/cases/2031-001", cookie).body);
  ASSERT_EQ(csrf.size(), 64u);
  const model::Incident before = Stored(id);
  // A forged form (no or another token) and a form from another origin are refused.
  EXPECT_EQ(Post(path, "field=cause&value=x", cookie).status, 403);
  EXPECT_EQ(Post(path, "csrf=" + std::string(64, 'a') + "&field=cause&value=x", cookie).status,
            403);
  EXPECT_EQ(
      Post(path, "csrf=" + csrf + "&field=cause&value=x", cookie, "http://evil.example").status,
      403);
  Request cross;
  cross.method = "POST";
  cross.path = path;
  cross.client = "127.0.0.1";
  cross.body = "csrf=" + csrf + "&field=cause&value=x";
  cross.headers = {{"host", "127.0.0.1:8080"},
                   {"content-type", "application/x-www-form-urlencoded"},
                   {"cookie", cookie},
                   {"sec-fetch-site", "cross-site"}};
  EXPECT_EQ(app_->Handle(cross).status, 403);
  EXPECT_EQ(Stored(id).cause, before.cause);

  // An invalid value or an unknown field: a clear error, nothing changed.
  Response bad = Post(path, "csrf=" + csrf + "&field=type&value=bogus", cookie);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("unknown value"), std::string::npos);
  bad = Post(path, "csrf=" + csrf + "&field=colour&value=red", cookie);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("unknown field"), std::string::npos);
  EXPECT_EQ(Stored(id).type, before.type);

  const Response ok = Post(path,
                           "csrf=" + csrf +
                               "&field=cause&value=%E3%83%91%E3%82%B9%E3%83%AF%E3%83%BC%E3%83%89"
                               "%E3%81%AE%E4%BD%BF%E3%81%84%E5%9B%9E%E3%81%97",
                           cookie, "http://127.0.0.1:8080");
  ASSERT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(HeaderOf(ok, "Location"), "/cases/2031-001");
  EXPECT_EQ(Stored(id).cause.value_or(""), "パスワードの使い回し");
  const Response add = Post(path, "csrf=" + csrf + "&field=data_items&op=%2B&value=health", cookie);
  ASSERT_EQ(add.status, 303) << add.body;
  const auto items = Stored(id).data_items;
  EXPECT_NE(std::find(items.begin(), items.end(), "health"), items.end());

  const Response page = Get("/cases/2031-001", cookie);
  EXPECT_NE(page.body.find("パスワードの使い回し"), std::string::npos);
  auto store = store::OpenSqliteStore(db_);
  auto log = (*store)->Log("2031-001");
  ASSERT_TRUE(log.ok());
  ASSERT_GE(log->size(), 2u);
  EXPECT_EQ(log->front().who, "kai");
  EXPECT_EQ(log->front().field, "cause");
}

TEST_F(EditTest, SplitAndMergeFromTheCasePageThenSignOut) {
  const auto ids = ReportsOf("2031-001");
  ASSERT_GE(ids.size(), 2u);
  const std::string cookie = SignIn();
  const std::string page = Get("/cases/2031-001", cookie).body;
  const std::string csrf = CsrfOf(page);
  EXPECT_NE(page.find("id=\"split\""), std::string::npos);

  const Response split =
      Post("/articles/" + std::to_string(ids.back()) + "/split", "csrf=" + csrf, cookie);
  ASSERT_EQ(split.status, 303) << split.body;
  const std::string moved = HeaderOf(split, "Location");
  ASSERT_EQ(moved.rfind("/cases/", 0), 0u);
  const std::string other = moved.substr(7);
  EXPECT_NE(other, "2031-001");
  EXPECT_EQ(ReportsOf(other), std::vector<int64_t>{ids.back()});
  EXPECT_EQ(ReportsOf("2031-001").size(), ids.size() - 1);

  EXPECT_EQ(Post("/cases/2031-001/merge", "csrf=" + csrf + "&other=2099-999", cookie).status, 404);
  const Response merge = Post("/cases/2031-001/merge", "csrf=" + csrf + "&other=" + other, cookie);
  ASSERT_EQ(merge.status, 303) << merge.body;
  EXPECT_EQ(ReportsOf("2031-001").size(), ids.size());

  const Response out = Post("/signout", "csrf=" + csrf, cookie);
  ASSERT_EQ(out.status, 303);
  EXPECT_NE(HeaderOf(out, "Set-Cookie").find("Max-Age=0"), std::string::npos);
  // The old cookie no longer signs anyone in.
  EXPECT_EQ(Post("/articles/" + std::to_string(ids.front()) + "/edit",
                 "csrf=" + csrf + "&field=cause&value=x", cookie)
                .status,
            401);
  EXPECT_EQ(Get("/cases/2031-001", cookie).body.find("class=\"edit\""), std::string::npos);
}

TEST(EditOff, WithoutEditorsTheWebUiDoesNotEdit) {
  AppOptions o;
  const auto dir =
      std::filesystem::temp_directory_path() / ("jikenbo_edit_off_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  o.db = (dir / "case.db").string();
  o.rules_dir = testing::SourceDir() + "/rules";
  auto app = App::Create(o);
  ASSERT_TRUE(app.ok());
  Request r;
  r.method = "POST";
  r.path = "/signin";
  r.client = "127.0.0.1";
  r.headers["content-type"] = "application/x-www-form-urlencoded";
  r.body = "token=anything-at-all-long-enough";
  EXPECT_EQ((*app)->Handle(r).status, 403);
  r.path = "/articles/1/edit";
  r.body = "field=cause&value=x";
  EXPECT_EQ((*app)->Handle(r).status, 401);
  app->reset();
  std::filesystem::remove_all(dir);
}

TEST_F(EditTest, TheCasePageOffersThePossiblySameCasesForReview) {
  // x and y numbered apart; z has y's publisher number and x's organisation, so it joins one
  // and flags the other.
  {
    auto store = store::OpenSqliteStore(db_);
    ASSERT_TRUE(store.ok());
    auto files = NewDiskFileSource();
    ingest::Ingester ingester(*files, **store, testing::DefaultPipeline());
    Quiet quiet;
    const std::string dir = testing::SourceDir() + "/tests/fixtures/review/";
    ingester.Run({dir + "x.txt", dir + "y.txt"}, quiet);
    ingester.Run({dir + "z.txt"}, quiet);
  }
  app_.reset();  // a server started on the casebook as it is now
  AppOptions o;
  o.db = db_;
  o.rules_dir = testing::SourceDir() + "/rules";
  o.editors = {{"kai", kToken}};
  auto app = App::Create(o);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  app_ = std::move(*app);
  auto store = store::OpenSqliteStore(db_);
  ASSERT_TRUE(store.ok());
  auto pairs = (*store)->PossibleSames();
  ASSERT_TRUE(pairs.ok());
  ASSERT_EQ(pairs->size(), 1u);
  const std::string a = pairs->front().case_no, b = pairs->front().other_case_no;
  EXPECT_EQ(Get("/cases/" + a).body.find("id=\"review\""), std::string::npos);  // editors only
  const std::string cookie = SignIn();
  const std::string page = Get("/cases/" + a, cookie).body;
  EXPECT_NE(page.find("id=\"review\""), std::string::npos);
  EXPECT_NE(page.find("/cases/" + a + "/dismiss"), std::string::npos);
  const std::string csrf = CsrfOf(page);
  EXPECT_EQ(Post("/cases/" + a + "/dismiss", "other=" + b, cookie).status, 403);  // no token
  EXPECT_EQ(Post("/cases/" + a + "/dismiss", "csrf=" + csrf + "&other=2099-999", cookie).status,
            404);
  const Response dismissed =
      Post("/cases/" + a + "/dismiss", "csrf=" + csrf + "&other=" + b, cookie);
  ASSERT_EQ(dismissed.status, 303) << dismissed.body;
  EXPECT_TRUE((*store)->PossibleSames()->empty());
  EXPECT_EQ(Get("/cases/" + a, cookie).body.find("id=\"review\""), std::string::npos);
  EXPECT_NE(Get("/cases/" + a, cookie).body.find("別の事案と判断"), std::string::npos);  // log
}

}  // namespace
}  // namespace jikenbo::serve
