// The PostgreSQL casebook against a real server (tests/pg_server.sh): the same search results
// as SQLite on the examples, writers on several connections racing on one incident, and the
// refusals (another application's database, a newer schema, a wrong address or password).
#include <gtest/gtest.h>
#include <libpq-fe.h>

#include <filesystem>
#include <map>
#include <set>
#include <thread>

#include "base/file_source.h"
#include "base/sha256.h"
#include "ingest/ingest.h"
#include "store/pg_db.h"
#include "store/store.h"
#include "tests/testing.h"

namespace jikenbo::store {
namespace {

class Quiet : public ingest::Reporter {
 public:
  void OnDocument(const ingest::DocumentReport& r) override {
    if (r.outcome == ingest::Outcome::kFailed) failures.push_back(r.status.ToString());
    if (r.outcome == ingest::Outcome::kDuplicate) ++duplicates;
  }
  void OnError(const Status& s) override { failures.push_back(s.ToString()); }
  std::vector<std::string> failures;
  size_t duplicates = 0;
};

std::unique_ptr<Store> OpenOrDie(const std::string& db) {
  auto s = OpenStore(db);
  EXPECT_TRUE(s.ok()) << s.status().ToString();
  return s.ok() ? std::move(s).value() : nullptr;
}

void IngestInto(Store& store, const std::vector<std::string>& paths, Quiet* reporter) {
  auto files = NewDiskFileSource();
  ingest::Ingester ingester(*files, store, testing::DefaultPipeline());
  ingester.Run(paths, *reporter);
}

bool Exec(const std::string& uri, const std::string& sql) {
  PGconn* conn = PQconnectdb(uri.c_str());
  PGresult* res = PQexec(conn, sql.c_str());
  const bool ok = PQresultStatus(res) == PGRES_COMMAND_OK || PQresultStatus(res) == PGRES_TUPLES_OK;
  PQclear(res);
  PQfinish(conn);
  return ok;
}

TEST(PgStore, PlaceholdersBecomeNumberedParametersOutsideQuotes) {
  auto t = TranslatePlaceholders("SELECT ?, ?3, '?' || \"a?\", ? FROM x WHERE y = ?1");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->sql, "SELECT $1, $3, '?' || \"a?\", $4 FROM x WHERE y = $1");
  EXPECT_EQ(t->params, 4u);
  EXPECT_FALSE(TranslatePlaceholders("SELECT 'open").ok());
  EXPECT_EQ(RedactUri("postgresql://jk:s3cret@db.example/jk"), "postgresql://jk:***@db.example/jk");
  EXPECT_EQ(RedactUri("postgresql:///jk?host=/run&password=s3cret&user=jk"),
            "postgresql:///jk?host=/run&password=***&user=jk");
  EXPECT_TRUE(IsPostgresUri("postgres://h/db"));
  EXPECT_FALSE(IsPostgresUri("postgresql.db"));
}

// Every query finds the same reports in the same order with the same scores and snippets on
// both backends: one- and two-character Japanese, common words, English, several terms.
TEST(PgStore, SearchOnTheExamplesGivesWhatSqliteGives) {
  testing::TestCasebook lite("sqlite"), pg("postgres");
  ASSERT_FALSE(pg.db.empty());
  auto a = OpenOrDie(lite.db), b = OpenOrDie(pg.db);
  ASSERT_TRUE(a && b);
  const std::string examples = testing::SourceDir() + "/examples";
  Quiet ra, rb;
  IngestInto(*a, {examples}, &ra);
  IngestInto(*b, {examples}, &rb);
  ASSERT_TRUE(ra.failures.empty() && rb.failures.empty());
  ASSERT_GT(a->Count()->articles, 10);
  EXPECT_EQ(a->Count()->articles, b->Count()->articles);
  size_t nonempty = 0;
  for (const char* q :
       {"紛失", "個人情報", "情", "漏", "ランサムウェア", "不正アクセス", "メール 誤送信",
        "ransomware", "Ransomware attack", "カード", "USB", "2031", "市 教育", "存在しない語句"}) {
    auto x = a->Search(q, 20), y = b->Search(q, 20);
    ASSERT_TRUE(x.ok()) << q << ": " << x.status().ToString();
    ASSERT_TRUE(y.ok()) << q << ": " << y.status().ToString();
    ASSERT_EQ(x->size(), y->size()) << q;
    if (!x->empty()) ++nonempty;
    for (size_t i = 0; i < x->size(); ++i) {
      const SearchHit &h = (*x)[i], &k = (*y)[i];
      EXPECT_EQ(h.record.doc_sha256, k.record.doc_sha256) << q << " #" << i;
      EXPECT_EQ(h.record.article.ordinal, k.record.article.ordinal) << q << " #" << i;
      EXPECT_NEAR(h.score, k.score, 1e-9 * std::max(1.0, std::abs(h.score))) << q << " #" << i;
      EXPECT_EQ(h.snippet, k.snippet) << q;
      EXPECT_EQ(h.highlights, k.highlights) << q;
    }
  }
  EXPECT_GE(nonempty, 10u);
  EXPECT_FALSE(b->Search("。、", 10).ok());
}

// Four writers on four connections ingest the same reports of one incident (and others) in
// different orders at once: each document is archived once (the others report duplicates),
// and the reports get the same cases as one writer alone gives them.
TEST(PgStore, ConcurrentWritersArchiveOnceAndNumberOneIncidentOnce) {
  testing::TestCasebook alone("sqlite"), shared("postgres");
  ASSERT_FALSE(shared.db.empty());
  const std::string dir = testing::SourceDir() + "/tests/fixtures/cases/";
  const std::vector<std::string> names = {"notice.txt", "followup.txt", "news.txt",
                                          "other.txt",  "older.txt",    "english.txt"};
  std::vector<std::string> paths;
  for (const auto& n : names) paths.push_back(dir + n);
  {
    auto s = OpenOrDie(alone.db);
    Quiet r;
    IngestInto(*s, paths, &r);
    ASSERT_TRUE(r.failures.empty());
  }
  ASSERT_TRUE(OpenOrDie(shared.db));  // creates the tables once
  constexpr int kWriters = 4;
  std::vector<Quiet> reporters(kWriters);
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto s = OpenOrDie(shared.db);
      if (!s) return;
      std::vector<std::string> mine = paths;
      std::rotate(mine.begin(), mine.begin() + w, mine.end());
      if (w % 2 == 1) std::reverse(mine.begin(), mine.end());
      IngestInto(*s, mine, &reporters[w]);
    });
  }
  for (auto& t : writers) t.join();
  size_t duplicates = 0;
  for (const Quiet& r : reporters) {
    EXPECT_TRUE(r.failures.empty()) << (r.failures.empty() ? "" : r.failures.front());
    duplicates += r.duplicates;
  }
  EXPECT_EQ(duplicates, paths.size() * (kWriters - 1));
  // The partition of reports into cases, by file name.
  auto partition = [&](const std::string& db) {
    auto s = OpenOrDie(db);
    std::map<std::string, std::set<std::string>> by_case;
    std::set<std::set<std::string>> out;
    auto all = s->List({});
    EXPECT_TRUE(all.ok());
    if (!all.ok()) return out;
    for (const auto& r : *all) {
      if (!r.article.incident.case_no) continue;
      by_case[*r.article.incident.case_no].insert(
          std::filesystem::path(r.doc_path).filename().string());
    }
    for (auto& [no, files] : by_case) out.insert(files);
    EXPECT_EQ(s->Count()->documents, static_cast<int64_t>(paths.size()));
    return out;
  };
  const auto expected = partition(alone.db);
  EXPECT_EQ(partition(shared.db), expected);
  bool shared_case = false;
  for (const auto& files : expected) shared_case |= files.size() > 1;
  EXPECT_TRUE(shared_case);  // the fixtures hold several reports of one incident
}

TEST(PgStore, AnotherApplicationsDatabaseIsRefusedAndLeftAlone) {
  testing::TestCasebook pg("postgres");
  ASSERT_FALSE(pg.db.empty());
  ASSERT_TRUE(Exec(pg.db, "CREATE TABLE invoices (id int)"));
  auto s = OpenStore(pg.db);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kCorrupt);
  EXPECT_NE(s.status().ToString().find("not a jikenbo casebook"), std::string::npos);
  EXPECT_FALSE(Exec(pg.db, "SELECT 1 FROM documents"));  // nothing created
}

TEST(PgStore, ANewerSchemaIsRefusedWithoutChange) {
  testing::TestCasebook pg("postgres");
  ASSERT_FALSE(pg.db.empty());
  {
    auto s = OpenOrDie(pg.db);
    ASSERT_TRUE(s);
    ASSERT_TRUE(s->AddDocument(
                     [] {
                       model::Document d;
                       d.path = "a.txt";
                       d.bytes = "x";
                       d.sha256 = Sha256Hex("x");
                       d.content_type = "text/plain";
                       d.encoding = "UTF-8";
                       return d;
                     }(),
                     {})
                    .ok());
  }
  ASSERT_TRUE(Exec(pg.db, "UPDATE jikenbo_meta SET value = '99' WHERE key = 'schema_version'"));
  auto s = OpenStore(pg.db);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kCorrupt);
  EXPECT_NE(s.status().ToString().find("newer"), std::string::npos);
  EXPECT_TRUE(Exec(pg.db, "SELECT 1 FROM documents"));
}

TEST(PgStore, UnreachableServerAndWrongPasswordAreClearErrors) {
  auto nowhere = OpenStore("postgresql:///jk?host=/nonexistent-dir&user=jk&connect_timeout=2");
  ASSERT_FALSE(nowhere.ok());
  EXPECT_EQ(nowhere.status().code(), Code::kIoError);
  EXPECT_NE(nowhere.status().ToString().find("cannot connect to PostgreSQL"), std::string::npos);
  // pg_server.sh makes the role jk_pw sign in with a password.
  ASSERT_TRUE(Exec(testing::PgAdminUri(),
                   "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jk_pw')"
                   " THEN CREATE ROLE jk_pw LOGIN PASSWORD 'right-one'; END IF; END $$"));
  std::string uri = testing::PgAdminUri();
  uri.replace(uri.find("user=jikenbo"), 12, "user=jk_pw&password=wrong-one");
  auto denied = OpenStore(uri);
  ASSERT_FALSE(denied.ok());
  EXPECT_NE(denied.status().ToString().find("password authentication failed"), std::string::npos)
      << denied.status().ToString();
  EXPECT_EQ(denied.status().ToString().find("wrong-one"), std::string::npos);
}

}  // namespace
}  // namespace jikenbo::store
