// The web UI and API as a function: every endpoint, bad parameters, the security headers,
// hostile notice text, the ingest token and the rate limit. (tests/web_test.sh drives the same
// server over HTTP in a browser.)
#include "serve/app.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "ingest/fetch.h"
#include "ingest/ingest.h"
#include "tests/testing.h"

namespace jikenbo::serve {
namespace {

using json = nlohmann::json;

using Quiet = testing::QuietReporter;

constexpr const char* kHostile =
    "<script>alert('x')</script>個人情報の漏えいについて\n\n2031年5月12日\n株式会社テスト\n\n"
    "当社において、メールの誤送信により、お客様10名の氏名が流出しました。\n"
    "詳細は \"><img src=x onerror=alert(1)> と javascript:alert(1) をご覧ください。"
    "\u202Eevil\u200B\n";

// A casebook of the examples plus one hostile notice, in a temporary file.
class AppTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("jikenbo_app_test_" + std::to_string(::getpid())));
    std::filesystem::create_directories(*dir_);
    db_ = new std::string((*dir_ / "case.db").string());
    auto store = store::OpenSqliteStore(*db_);
    ASSERT_TRUE(store.ok());
    auto files = NewDiskFileSource();
    {
      ingest::Ingester ingester(*files, **store, testing::DefaultPipeline());
      Quiet quiet;
      ingester.Run({testing::SourceDir() + "/examples"}, quiet);
    }
    MemFileSource mem;
    mem.Add("hostile.txt", kHostile);
    ingest::Ingester ingester(mem, **store, testing::DefaultPipeline());
    Quiet quiet;
    ingester.Run({"hostile.txt"}, quiet);
  }
  static void TearDownTestSuite() {
    std::filesystem::remove_all(*dir_);
    delete dir_;
    delete db_;
  }
  static std::unique_ptr<App> MakeApp(std::string token = "", double rate = 0) {
    AppOptions o;
    o.db = *db_;
    o.rules_dir = testing::SourceDir() + "/rules";
    o.token = std::move(token);
    o.rate_per_second = rate;
    o.burst = 5;
    auto app = App::Create(o);
    EXPECT_TRUE(app.ok()) << app.status().ToString();
    return std::move(*app);
  }
  static Request Get(std::string path, std::multimap<std::string, std::string> query = {}) {
    Request r;
    r.method = "GET";
    r.path = std::move(path);
    r.query = std::move(query);
    r.client = "127.0.0.1";
    return r;
  }
  static std::string HeaderOf(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }
  static json Json(const Response& r) {
    EXPECT_EQ(r.content_type.rfind("application/json", 0), 0u) << r.content_type;
    return json::parse(r.body);
  }
  static std::filesystem::path* dir_;
  static std::string* db_;
};
std::filesystem::path* AppTest::dir_ = nullptr;
std::string* AppTest::db_ = nullptr;

TEST_F(AppTest, CasesListFiltersAndPages) {
  auto app = MakeApp();
  json all = Json(app->Handle(Get("/api/cases", {{"per_page", "200"}})));
  ASSERT_GE(all["total"].get<int>(), 20);
  EXPECT_EQ(all["cases"].size(), all["total"].get<size_t>());
  for (size_t k = 1; k < all["cases"].size(); ++k) {  // newest first
    const auto& a = all["cases"][k - 1]["date"];
    const auto& b = all["cases"][k]["date"];
    if (a.is_string() && b.is_string()) {
      EXPECT_GE(a.get<std::string>(), b.get<std::string>());
    }
  }
  json ransom = Json(app->Handle(Get("/api/cases", {{"type", "ransomware"}})));
  ASSERT_GT(ransom["total"].get<int>(), 0);
  for (const auto& c : ransom["cases"]) EXPECT_EQ(c["type"], "ransomware");
  json may = Json(app->Handle(Get("/api/cases", {{"from", "2031-05"}, {"to", "2031-05"}})));
  for (const auto& c : may["cases"])
    EXPECT_EQ(c["date"].get<std::string>().substr(0, 7), "2031-05");
  json ppc = Json(app->Handle(Get("/api/cases", {{"reported_to", "ppc"}, {"data_item", "name"}})));
  ASSERT_GT(ppc["total"].get<int>(), 0);
  for (const auto& c : ppc["cases"]) {
    EXPECT_NE(std::find(c["reported_to"].begin(), c["reported_to"].end(), "ppc"),
              c["reported_to"].end());
  }
  json text = Json(app->Handle(Get("/api/cases", {{"q", "紛失"}})));
  ASSERT_GE(text["total"].get<int>(), 1);
  json page2 = Json(app->Handle(Get("/api/cases", {{"per_page", "5"}, {"page", "2"}})));
  EXPECT_EQ(page2["cases"].size(), 5u);
  EXPECT_EQ(page2["cases"][0]["case_no"], all["cases"][5]["case_no"]);
  for (const auto& [k, v] :
       std::vector<std::pair<std::string, std::string>>{{"from", "yesterday"},
                                                        {"page", "0"},
                                                        {"page", "x"},
                                                        {"per_page", "100000"},
                                                        {"q", std::string(300, 'a')},
                                                        {"type", std::string("\xff\xfe")}}) {
    const Response bad = app->Handle(Get("/api/cases", {{k, v}}));
    EXPECT_EQ(bad.status, k == "type" ? 200 : 400) << k << "=" << v;  // an unknown type: no cases
    EXPECT_TRUE(Json(bad).is_object());
  }
}

TEST_F(AppTest, OneCaseWithReportsLinksAndEvidence) {
  auto app = MakeApp();
  const Response r = app->Handle(Get("/api/cases/2031-004"));
  ASSERT_EQ(r.status, 200);
  json c = Json(r);
  EXPECT_EQ(c["case_no"], "2031-004");
  ASSERT_GE(c["reports"].size(), 1u);
  EXPECT_EQ(c["reports"][0]["summary"].size(), 3u);
  EXPECT_TRUE(c["reports"][0]["evidence"].contains("announce_date"));
  EXPECT_FALSE(c["links"].empty());
  EXPECT_EQ(app->Handle(Get("/api/cases/2031-999")).status, 404);
  EXPECT_EQ(app->Handle(Get("/api/articles/1")).status, 200);
  EXPECT_EQ(app->Handle(Get("/api/articles/1")).body.find(testing::SourceDir()), std::string::npos);
  EXPECT_EQ(app->Handle(Get("/api/articles/99999")).status, 404);
  EXPECT_EQ(app->Handle(Get("/api/articles/1x")).status, 404);
  // the page: every field with evidence is a button, the notice marked for highlighting
  const Response page = app->Handle(Get("/cases/2031-004"));
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("data-ev=\"announce_date\""), std::string::npos);
  EXPECT_NE(page.body.find("<span data-ev=\""), std::string::npos);
  EXPECT_NE(page.body.find("/archive/"), std::string::npos);
  // the archived original is named by file and hash, never by the ingesting machine's path
  EXPECT_EQ(page.body.find(testing::SourceDir()), std::string::npos);
  EXPECT_NE(page.body.find("01_kasora_city_misdelivery.txt</a> <span class=\"muted\">sha256:"),
            std::string::npos);
}

TEST(CasePage, ACaseOfSeveralReportsShowsItsTimelineAndCorrections) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("jikenbo_case_page_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  const std::string db = (dir / "case.db").string();
  {
    auto store = store::OpenSqliteStore(db);
    ASSERT_TRUE(store.ok());
    auto files = NewDiskFileSource();
    ingest::Ingester ingester(*files, **store, testing::DefaultPipeline());
    Quiet quiet;
    const std::string fixtures = testing::SourceDir() + "/tests/fixtures/cases/";
    ingester.Run({fixtures + "notice.txt", fixtures + "followup.txt", fixtures + "news.txt"},
                 quiet);
    auto listed = (*store)->List({});
    ASSERT_TRUE(listed.ok());
    ASSERT_FALSE(listed->empty());
    ASSERT_TRUE(
        (*store)->Correct(listed->front().id, {{"cause", '=', "VPN装置の脆弱性"}}, "kai").ok());
    EXPECT_EQ((*store)->Publish("2099-001", "kai").code(), Code::kNotFound);
  }
  AppOptions o;
  o.db = db;
  o.rules_dir = testing::SourceDir() + "/rules";
  auto app = App::Create(o);
  ASSERT_TRUE(app.ok()) << app.status().ToString();
  Request get;
  get.method = "GET";
  get.path = "/cases/2031-001";
  get.client = "127.0.0.1";
  const Response page = (*app)->Handle(get);
  ASSERT_EQ(page.status, 200);
  EXPECT_NE(page.body.find("id=\"timeline\""), std::string::npos);
  EXPECT_NE(page.body.find("続報"), std::string::npos);
  EXPECT_NE(page.body.find("612"), std::string::npos);  // the follow-up's count
  EXPECT_NE(page.body.find("id=\"log\""), std::string::npos);
  EXPECT_NE(page.body.find("kai"), std::string::npos);
  // The feed holds only published cases.
  get.path = "/feed.atom";
  get.headers["host"] = "jikenbo.example:8080";
  Response feed = (*app)->Handle(get);
  ASSERT_EQ(feed.status, 200);
  EXPECT_EQ(feed.body.find("<entry>"), std::string::npos);
  {
    auto store = store::OpenSqliteStore(db);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Publish("2031-001", "kai").ok());
  }
  feed = (*app)->Handle(get);
  ASSERT_EQ(feed.status, 200);
  EXPECT_NE(feed.body.find("<entry>"), std::string::npos);
  EXPECT_NE(feed.body.find("【事件簿#2031-001】"), std::string::npos);
  EXPECT_NE(feed.body.find("href=\"http://jikenbo.example:8080/cases/2031-001\""),
            std::string::npos);
  get.headers["host"] = "evil\"><script>";
  feed = (*app)->Handle(get);
  EXPECT_EQ(feed.body.find("<script>"), std::string::npos);
  app->reset();
  std::filesystem::remove_all(dir);
}

TEST_F(AppTest, SearchStatsIndicatorsDigest) {
  auto app = MakeApp();
  json s = Json(app->Handle(Get("/api/search", {{"q", "紛失"}})));
  ASSERT_GE(s["hits"].size(), 1u);
  EXPECT_NE(s["hits"][0]["snippet"].get<std::string>().find("紛失"), std::string::npos);
  EXPECT_EQ(app->Handle(Get("/api/search")).status, 400);
  EXPECT_EQ(app->Handle(Get("/api/search", {{"q", "、。"}})).status, 400);
  json stats = Json(app->Handle(Get("/api/stats", {{"by", "month"}})));
  int64_t sum = 0;
  for (const auto& row : stats["rows"]) sum += row["incidents"].get<int64_t>();
  EXPECT_EQ(sum, stats["total"]["incidents"].get<int64_t>());
  EXPECT_EQ(app->Handle(Get("/api/stats", {{"by", "colour"}})).status, 400);
  const Response svg = app->Handle(Get("/api/stats", {{"format", "svg"}}));
  EXPECT_EQ(svg.content_type, "image/svg+xml");
  json ind = Json(app->Handle(Get("/api/indicators")));
  ASSERT_GT(ind["total"].get<int>(), 0);
  json hooks = Json(app->Handle(Get("/api/indicators", {{"tag", "discord_webhook"}})));
  for (const auto& i : hooks["indicators"]) {
    EXPECT_NE(std::find(i["tags"].begin(), i["tags"].end(), "discord_webhook"), i["tags"].end());
  }
  const Response csv = app->Handle(Get("/indicators", {{"format", "csv"}}));
  EXPECT_EQ(csv.body.rfind("type,value,role,role_reason,tags,cases", 0), 0u);
  // the indicator page filters by role: the defanged phishing domain is malicious
  json malicious = Json(app->Handle(Get("/api/indicators", {{"role", "malicious"}})));
  ASSERT_GT(malicious["total"].get<int>(), 0);
  EXPECT_LT(malicious["total"].get<int>(), ind["total"].get<int>());
  bool phishing = false;
  for (const auto& i : malicious["indicators"]) {
    EXPECT_EQ(i["role"], "malicious");
    phishing |= i["value"] == "kasora-bank-login.example.net";
  }
  EXPECT_TRUE(phishing);
  const Response page = app->Handle(Get("/indicators", {{"role", "placeholder"}}));
  EXPECT_NE(page.body.find("<option value=\"placeholder\" selected>"), std::string::npos);
  json digest = Json(app->Handle(Get("/api/digest", {{"from", "2031-05"}, {"to", "2031-05"}})));
  ASSERT_FALSE(digest["items"].empty());
  for (const auto& item : digest["items"]) EXPECT_EQ(item["summary"].size(), 3u);
  const Response md = app->Handle(Get("/digest.md", {{"from", "2031-05"}}));
  EXPECT_EQ(md.content_type, "text/markdown; charset=utf-8");
  EXPECT_NE(HeaderOf(md, "Content-Disposition").find("attachment"), std::string::npos);
  EXPECT_EQ(app->Handle(Get("/api/digest", {{"to", "soon"}})).status, 400);
}

TEST_F(AppTest, EveryPageRendersAndHostileTextStaysText) {
  auto app = MakeApp();
  for (const char* path : {"/", "/search", "/dashboard", "/digest", "/indicators"}) {
    const Response r = app->Handle(Get(path, {{"q", "漏えい"}}));
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body.find("<script>"), std::string::npos) << path;
    EXPECT_EQ(r.body.find("<img"), std::string::npos) << path;
  }
  // the hostile notice, on every page that shows it
  json all = Json(app->Handle(Get("/api/cases", {{"per_page", "200"}})));
  std::string url;
  for (const auto& c : all["cases"]) {
    if (c["title"].get<std::string>().find("<script>") != std::string::npos) url = c["url"];
  }
  ASSERT_FALSE(url.empty()) << "the hostile notice is not in the casebook";
  const Response page = app->Handle(Get(url));
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.body.find("<script>alert"), std::string::npos);
  EXPECT_NE(page.body.find("&lt;script&gt;"), std::string::npos);
  EXPECT_EQ(page.body.find("<img src=x"), std::string::npos);
  EXPECT_EQ(page.body.find("href=\"javascript"), std::string::npos);
  EXPECT_EQ(page.body.find("\u202E"), std::string::npos);  // a bidi override shows as U+FFFD
  EXPECT_EQ(page.body.find("\u200B"), std::string::npos);
  EXPECT_NE(page.body.find("\uFFFDevil\uFFFD"), std::string::npos);
  const Response list = app->Handle(Get("/", {{"q", "漏えい"}}));
  EXPECT_NE(list.body.find("&lt;script&gt;"), std::string::npos);
  // the reflected query is escaped too
  const Response reflected = app->Handle(Get("/search", {{"q", "\"><script>x</script>"}}));
  EXPECT_EQ(reflected.body.find("<script>x"), std::string::npos);
}

TEST_F(AppTest, SecurityHeadersMethodsAndPaths) {
  auto app = MakeApp();
  for (const char* path : {"/", "/api/cases", "/static/app.css", "/nope", "/api/nope"}) {
    const Response r = app->Handle(Get(path));
    const std::string csp = HeaderOf(r, "Content-Security-Policy");
    EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << path;
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
    EXPECT_EQ(csp.find("unsafe-inline"), std::string::npos);
    EXPECT_EQ(HeaderOf(r, "X-Content-Type-Options"), "nosniff");
    EXPECT_EQ(HeaderOf(r, "Referrer-Policy"), "no-referrer");
  }
  EXPECT_EQ(app->Handle(Get("/nope")).status, 404);
  const Response api404 = app->Handle(Get("/api/nope"));
  EXPECT_EQ(api404.status, 404);
  EXPECT_EQ(Json(api404)["error"]["status"], 404);
  for (const char* path : {"/static/../rules/types.rules", "/static/..%2f..%2fetc%2fpasswd",
                           "/static/", "/static/app.css/", "/archive/../../etc/passwd"}) {
    const Response r = app->Handle(Get(path));
    EXPECT_TRUE(r.status == 404 || r.status == 400) << path << " " << r.status;
  }
  EXPECT_EQ(app->Handle(Get("/static/app.js")).content_type, "text/javascript; charset=utf-8");
  Request del = Get("/api/cases");
  del.method = "DELETE";
  EXPECT_EQ(app->Handle(del).status, 405);
  // the archived original is a download, never rendered on this origin
  json c = Json(app->Handle(Get("/api/cases/2031-004")));
  const Response archive =
      app->Handle(Get("/archive/" + c["reports"][0]["doc_sha256"].get<std::string>()));
  ASSERT_EQ(archive.status, 200);
  EXPECT_EQ(archive.content_type, "application/octet-stream");
  EXPECT_NE(HeaderOf(archive, "Content-Disposition").find("attachment"), std::string::npos);
}

TEST_F(AppTest, IngestNeedsTheTokenAndAddsTheDocument) {
  auto closed = MakeApp();
  Request post = Get("/api/ingest", {{"name", "../../new_notice.txt"}});
  post.method = "POST";
  post.body =
      "USBメモリの紛失について\n\n2031年12月20日\n株式会社テスト物流\n\n"
      "当社従業員が、お客様30名の氏名と住所を保存したUSBメモリを紛失しました。\n";
  EXPECT_EQ(closed->Handle(post).status, 403);
  auto app = MakeApp("a-token-of-sixteen-chars");
  EXPECT_EQ(app->Handle(post).status, 401);
  post.headers["authorization"] = "Bearer a-token-of-sixteen-charX";
  EXPECT_EQ(app->Handle(post).status, 401);
  post.headers["authorization"] = "Bearer a-token-of-sixteen-chars";
  const Response first = app->Handle(post);
  ASSERT_EQ(first.status, 201) << first.body;
  json r = Json(first);
  EXPECT_EQ(r["documents"], 1);
  EXPECT_EQ(r["reports"][0]["path"], "upload/new_notice.txt");  // no directory escapes
  json listed = Json(app->Handle(Get("/api/cases", {{"from", "2031-12-20"}})));
  ASSERT_EQ(listed["total"], 1);
  EXPECT_EQ(listed["cases"][0]["type"], "loss_theft");
  EXPECT_EQ(Json(app->Handle(post))["duplicates"], 1);  // the same bytes again: a no-op
  Request empty = post;
  empty.body.clear();
  EXPECT_EQ(app->Handle(empty).status, 400);
  Request get = Get("/api/ingest");
  EXPECT_EQ(app->Handle(get).status, 405);
}

TEST_F(AppTest, RateLimitAnswers429PerClient) {
  auto app = MakeApp("", 0.001);  // a burst of 5, then almost nothing
  int ok = 0, limited = 0;
  for (int i = 0; i < 8; ++i) {
    const Response r = app->Handle(Get("/api/cases"));
    r.status == 429 ? ++limited : ++ok;
    if (r.status == 429) {
      EXPECT_EQ(HeaderOf(r, "Retry-After"), "1");
    }
  }
  EXPECT_EQ(ok, 5);
  EXPECT_EQ(limited, 3);
  Request other = Get("/api/cases");
  other.client = "192.0.2.9";
  EXPECT_EQ(app->Handle(other).status, 200);  // buckets are per client address
}

// Threads for ThreadSanitizer (make test-tsan): HTTP clients on every page while notices are
// ingested through the same App; every answer must be whole, and every ingest must show.
class ServeConcurrencyTest : public AppTest {};

TEST_F(ServeConcurrencyTest, ClientsOverHttpWhileIngesting) {
  auto app = MakeApp("a-token-of-sixteen-chars");
  std::atomic<bool> stop{false};
  std::atomic<uint16_t> port{0};
  HttpOptions http;
  http.port = 0;
  http.threads = 3;
  Status served;
  std::thread server([&] {
    served = ServeHttp(
        http, [&](const Request& r) { return app->Handle(r); }, &stop,
        [&](uint16_t p) { port = p; });
  });
  for (int i = 0; i < 500 && port == 0 && served.ok(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_NE(port, 0) << served.ToString();
  const std::string base = "http://127.0.0.1:" + std::to_string(port.load());
  const std::vector<std::string> paths = {"/",
                                          "/api/cases",
                                          "/search?q=%E7%B4%9B%E5%A4%B1",
                                          "/dashboard",
                                          "/api/stats?by=month",
                                          "/indicators",
                                          "/api/indicators",
                                          "/digest",
                                          "/api/search?q=ransomware",
                                          "/healthz"};
  std::atomic<int> ok{0}, failed{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < 3; ++c) {
    clients.emplace_back([&, c] {
      ingest::FetchOptions fo;
      fo.allow_private = true;
      fo.retries = 0;
      auto fetcher = ingest::NewCurlFetcher(fo);
      for (int i = 0; i < 40; ++i) {
        auto r = fetcher->Fetch({base + paths[(i + c) % paths.size()], "", ""});
        if (r.ok() && !r->body.empty()) {
          ++ok;
        } else {
          ++failed;
          ADD_FAILURE() << (r.ok() ? "empty body" : r.status().ToString());
        }
      }
    });
  }
  for (int n = 0; n < 5; ++n) {  // meanwhile, five new notices through the API
    Request post = Get("/api/ingest", {{"name", "concurrent" + std::to_string(n) + ".txt"}});
    post.method = "POST";
    post.headers["authorization"] = "Bearer a-token-of-sixteen-chars";
    static const char* kOrgs[] = {"甲", "乙", "丙", "丁", "戊"};  // five organisations
    post.body = "ノートPCの紛失について\n\n2032年1月" + std::to_string(n + 10) +
                "日\n株式会社並行テスト" + kOrgs[n] + "\n\n当社従業員が、お客様" +
                std::to_string(n + 3) + "名の氏名を保存したノートPCを紛失しました。\n";
    EXPECT_EQ(app->Handle(post).status, 201);
  }
  for (std::thread& t : clients) t.join();
  EXPECT_EQ(ok, 120);
  EXPECT_EQ(failed, 0);
  const json listed = Json(app->Handle(Get("/api/cases", {{"from", "2032-01"}})));
  EXPECT_EQ(listed["total"], 5);
  stop = true;
  server.join();
  EXPECT_TRUE(served.ok()) << served.ToString();
}

// TAXII 2.1: discovery, API root, collections, objects with paging and filters, manifest; a
// reader token; TAXII media types; errors in TAXII's own form.
TEST_F(AppTest, TaxiiServesTheCasebookToReaders) {
  AppOptions o;
  o.db = *db_;
  o.rules_dir = testing::SourceDir() + "/rules";
  o.taxii_token = "reader-token-0123456789";
  auto created = App::Create(o);
  ASSERT_TRUE(created.ok());
  App& app = **created;
  auto taxii = [&](std::string path, std::multimap<std::string, std::string> query = {},
                   std::string token = "reader-token-0123456789",
                   std::string accept = "application/taxii+json;version=2.1") {
    Request r = Get(std::move(path), std::move(query));
    if (!token.empty()) r.headers["authorization"] = "Bearer " + token;
    if (!accept.empty()) r.headers["accept"] = accept;
    return app.Handle(r);
  };
  const char* kType = "application/taxii+json;version=2.1";
  // refused: no token, a wrong token, a media type the server does not speak, a write
  EXPECT_EQ(taxii("/taxii2/", {}, "").status, 401);
  EXPECT_EQ(taxii("/taxii2/", {}, "wrong-token-0123456789").status, 401);
  EXPECT_EQ(taxii("/taxii2/", {}, "reader-token-0123456789", "application/xml").status, 406);
  Request post = Get("/taxii2/casebook/collections/");
  post.method = "POST";
  post.headers["authorization"] = "Bearer reader-token-0123456789";
  EXPECT_EQ(app.Handle(post).status, 405);
  const Response bad = taxii("/taxii2/casebook/collections/nope/objects/");
  EXPECT_EQ(bad.status, 404);
  EXPECT_EQ(bad.content_type, kType);
  EXPECT_EQ(json::parse(bad.body)["http_status"], "404");
  // discovery -> API root -> collections
  const Response discovery = taxii("/taxii2/");
  ASSERT_EQ(discovery.status, 200);
  EXPECT_EQ(discovery.content_type, kType);
  const json d = json::parse(discovery.body);
  ASSERT_EQ(d["api_roots"].size(), 1u);
  const json root = json::parse(taxii(d["api_roots"][0]).body);
  EXPECT_EQ(root["versions"][0], kType);
  const json cols = json::parse(taxii(std::string(d["api_roots"][0]) + "collections/").body);
  ASSERT_EQ(cols["collections"].size(), 1u);
  const json col = cols["collections"][0];
  EXPECT_TRUE(col["can_read"].get<bool>());
  EXPECT_FALSE(col["can_write"].get<bool>());
  const std::string base =
      std::string(d["api_roots"][0]) + "collections/" + col["id"].get<std::string>() + "/";
  // every object, three at a time, following `next`; none twice, in date_added order
  std::set<std::string> ids;
  std::multimap<std::string, std::string> q = {{"limit", "3"}};
  std::string last_added;
  size_t pages = 0;
  for (;;) {
    const Response page = taxii(base + "objects/", q);
    ASSERT_EQ(page.status, 200);
    ASSERT_EQ(page.content_type, kType);
    const json env = json::parse(page.body);
    ASSERT_LE(env["objects"].size(), 3u);
    for (const json& obj : env["objects"]) EXPECT_TRUE(ids.insert(obj["id"]).second) << obj["id"];
    const std::string first = HeaderOf(page, "X-TAXII-Date-Added-First");
    EXPECT_GE(first, last_added);
    last_added = HeaderOf(page, "X-TAXII-Date-Added-Last");
    ++pages;
    if (!env["more"].get<bool>()) break;
    q = {{"limit", "3"}, {"next", env["next"]}};
  }
  EXPECT_GT(pages, 5u);
  const json whole = json::parse(taxii(base + "objects/", {{"limit", "1000"}}).body);
  EXPECT_EQ(whole["objects"].size(), ids.size());
  EXPECT_FALSE(whole["more"].get<bool>());
  // filters: by type, by id, added_after past the newest object gives nothing
  const json incidents =
      json::parse(taxii(base + "objects/", {{"match[type]", "incident"}, {"limit", "1000"}}).body);
  ASSERT_FALSE(incidents["objects"].empty());
  for (const json& obj : incidents["objects"]) EXPECT_EQ(obj["type"], "incident");
  const std::string one = incidents["objects"][0]["id"];
  const json by_id = json::parse(taxii(base + "objects/" + one + "/").body);
  ASSERT_EQ(by_id["objects"].size(), 1u);
  EXPECT_EQ(by_id["objects"][0]["id"], one);
  EXPECT_EQ(taxii(base + "objects/indicator--00000000-0000-5000-8000-000000000000/").status, 404);
  const json later = json::parse(taxii(base + "objects/", {{"added_after", last_added}}).body);
  EXPECT_FALSE(later.contains("objects"));
  EXPECT_EQ(taxii(base + "objects/", {{"added_after", "yesterday"}}).status, 400);
  EXPECT_EQ(taxii(base + "objects/", {{"next", "zz"}}).status, 400);
  // the manifest lists the same objects with their versions
  const json manifest = json::parse(taxii(base + "manifest/", {{"limit", "1000"}}).body);
  EXPECT_EQ(manifest["objects"].size(), ids.size());
  EXPECT_TRUE(manifest["objects"][0].contains("version"));
  // without any token configured, TAXII is off
  EXPECT_EQ(MakeApp()->Handle(Get("/taxii2/")).status, 404);
}

}  // namespace
}  // namespace jikenbo::serve
