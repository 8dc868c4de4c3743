#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>

#include "base/sha256.h"
#include "store/schema.h"
#include "tests/testing.h"

namespace jikenbo::store {
namespace {

model::Document Doc(const std::string& path, const std::string& bytes) {
  model::Document d;
  d.path = path;
  d.bytes = bytes;
  d.sha256 = Sha256Hex(bytes);
  d.content_type = "text/plain";
  d.encoding = "UTF-8";
  return d;
}

model::Article Art(uint32_t ordinal, const std::string& title, const std::string& text) {
  model::Article a;
  a.ordinal = ordinal;
  a.title = title;
  a.text = text;
  a.line = ordinal * 10 + 1;
  a.end_line = a.line + 3;
  a.start_rule = "headline";
  a.title_span = {0, static_cast<uint32_t>(title.size())};
  return a;
}

// The store's behaviour on each backend: SQLite (a file) and PostgreSQL (a database of the
// test server).
class StoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  StoreTest() : casebook_(GetParam()) {}
  std::unique_ptr<Store> Open() {
    auto s = OpenStore(casebook_.db);
    EXPECT_TRUE(s.ok()) << s.status().ToString();
    return s.ok() ? std::move(s).value() : nullptr;
  }
  void SetUp() override { ASSERT_FALSE(casebook_.db.empty()); }
  // Every article of the casebook, in document order (none, and a failure, when List fails).
  static std::vector<ArticleRecord> Every(Store& store) {
    ListQuery everything;
    everything.limit = 0;
    auto every = store.List(everything);
    EXPECT_TRUE(every.ok()) << every.status().ToString();
    return every.ok() ? std::move(*every) : std::vector<ArticleRecord>{};
  }
  testing::TestCasebook casebook_;
};

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, ::testing::Values("sqlite", "postgres"),
                         [](const ::testing::TestParamInfo<std::string>& p) { return p.param; });

TEST_P(StoreTest, AddThenListGetAndCount) {
  auto store = Open();
  auto r =
      store->AddDocument(Doc("a.txt", "x"), {Art(0, "一", "一の本文"), Art(1, "二", "二の本文")});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_FALSE(r->duplicate);
  EXPECT_EQ(r->articles, 2u);
  auto rows = store->List({});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_EQ((*rows)[1].article.title, "二");
  EXPECT_EQ((*rows)[1].article.line, 11u);
  EXPECT_EQ((*rows)[0].doc_path, "a.txt");
  auto got = store->Get((*rows)[0].id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->article.text, "一の本文");
  EXPECT_EQ(store->Count()->articles, 2);
  EXPECT_FALSE(store->Get(999).ok());
}

// GetMany reads any number of articles (more than one batch of 64 here) with their list rows,
// in the order asked, leaving out ids that name no article and repeating one asked twice.
TEST_P(StoreTest, GetManyReadsArticlesInTheOrderAsked) {
  auto store = Open();
  std::vector<model::Article> articles;
  for (uint32_t k = 0; k < 150; ++k) {
    model::Article a = Art(k, "報告" + std::to_string(k), "本文" + std::to_string(k));
    a.incident.kind = "incident";
    a.incident.data_items = {k % 2 ? "email" : "name"};
    articles.push_back(a);
  }
  ASSERT_TRUE(store->AddDocument(Doc("many.txt", "many"), articles).ok());
  const std::vector<ArticleRecord> every = Every(*store);
  ASSERT_EQ(every.size(), 150u);
  std::vector<int64_t> ids;
  for (auto it = every.rbegin(); it != every.rend(); ++it) ids.push_back(it->id);  // newest first
  ids.insert(ids.begin() + 70, 999999);  // no such article
  ids.push_back(ids[3]);                 // asked twice
  auto got = store->GetMany(ids);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  ASSERT_EQ(got->size(), 151u);
  for (size_t k = 0; k < 150; ++k) {
    const store::ArticleRecord& r = (*got)[k];
    const store::ArticleRecord& want = every[149 - k];
    EXPECT_EQ(r.id, want.id);
    EXPECT_EQ(r.article.title, want.article.title);
    EXPECT_EQ(r.article.text, want.article.text);
    EXPECT_EQ(r.article.incident.data_items, want.article.incident.data_items) << k;
  }
  EXPECT_EQ(got->back().id, (*got)[3].id);
  EXPECT_EQ(got->back().article.text, (*got)[3].article.text);
  auto one = store->GetMany({ids[0]});
  ASSERT_TRUE(one.ok());
  ASSERT_EQ(one->size(), 1u);
  EXPECT_EQ(one->front().article.title, "報告149");
  auto none = store->GetMany({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

// GetHeads reads what a list of cases shows, as GetMany does, and leaves out the text, the
// evidence spans and the indicators.
TEST_P(StoreTest, GetHeadsReadTheListFieldsWithoutTextEvidenceOrIndicators) {
  auto store = Open();
  std::vector<model::Article> articles;
  for (uint32_t k = 0; k < 70; ++k) {
    model::Article a = Art(k, "報告" + std::to_string(k), "本文" + std::to_string(k));
    a.incident.kind = "incident";
    a.incident.type = "misdelivery";
    a.incident.title_org = "架空商事";
    a.incident.data_items = {"email"};
    a.incident.affected = {{12 + k, "persons", model::Qualifier::kExact, {0, 2}}};
    a.incident.reported_to = {{"ppc", std::nullopt, {0, 2}}};
    a.incident.evidence = {{"title_org", {0, 2}}};
    a.incident.doubts = {{"type", "a single weak cue"}};
    a.incident.indicators = {{"url", "https://example.invalid/a", {}, "malicious", "", {0, 2}}};
    articles.push_back(a);
  }
  ASSERT_TRUE(store->AddDocument(Doc("heads.txt", "heads"), articles).ok());
  std::vector<int64_t> ids;
  for (const auto& r : Every(*store)) ids.push_back(r.id);
  auto whole = store->GetMany(ids);
  auto heads = store->GetHeads(ids);
  ASSERT_TRUE(whole.ok() && heads.ok());
  ASSERT_EQ(heads->size(), 70u);
  for (size_t k = 0; k < 70; ++k) {
    const model::Article& w = (*whole)[k].article;
    const model::Article& h = (*heads)[k].article;
    EXPECT_EQ((*heads)[k].id, (*whole)[k].id);
    EXPECT_EQ(h.title, w.title);
    EXPECT_EQ(h.incident.type, w.incident.type);
    EXPECT_EQ(h.incident.title_org, w.incident.title_org);
    EXPECT_EQ(h.incident.data_items, w.incident.data_items);
    ASSERT_EQ(h.incident.affected.size(), 1u);
    EXPECT_EQ(h.incident.affected[0].count, w.incident.affected[0].count);
    ASSERT_EQ(h.incident.reported_to.size(), 1u);
    EXPECT_EQ(h.incident.doubts.size(), 1u);
    EXPECT_FALSE(w.text.empty());
    EXPECT_FALSE(w.incident.evidence.empty());
    EXPECT_FALSE(w.incident.indicators.empty());
    EXPECT_TRUE(h.text.empty());
    EXPECT_TRUE(h.incident.evidence.empty());
    EXPECT_TRUE(h.incident.indicators.empty());
  }
}

TEST_P(StoreTest, EveryCommittedWriteIsCountedAndADuplicateIsNot) {
  auto store = Open();
  auto other = Open();  // another process's connection
  const int64_t start = other->Count()->changes;
  ASSERT_TRUE(store->AddDocument(Doc("a.txt", "x"), {Art(0, "一", "一の本文")}).ok());
  other->EndRead();
  const int64_t added = other->Count()->changes;
  EXPECT_GT(added, start);
  ASSERT_TRUE(store->AddDocument(Doc("a.txt", "x"), {Art(0, "一", "一の本文")}).ok());
  other->EndRead();
  EXPECT_EQ(other->Count()->changes, added);  // a duplicate writes nothing
  // A correction adds no article: only the count of writes tells a reader.
  const auto list = store->List({});
  ASSERT_TRUE(list.ok() && !list->empty());
  ASSERT_TRUE(store->Correct((*list)[0].id, {{"type", '=', "ddos"}}, "kai").ok());
  other->EndRead();
  EXPECT_EQ(other->Count()->articles, 1);
  EXPECT_GT(other->Count()->changes, added);
}

TEST_P(StoreTest, SameBytesTwiceIsADuplicateAndWritesNothing) {
  auto store = Open();
  ASSERT_TRUE(store->AddDocument(Doc("a.txt", "same"), {Art(0, "t", "b")}).ok());
  auto again = store->AddDocument(Doc("b.txt", "same"), {Art(0, "t", "b")});
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->duplicate);
  EXPECT_EQ(store->Count()->documents, 1);
  EXPECT_EQ(store->Count()->articles, 1);
  EXPECT_TRUE(*store->HasDocument(Sha256Hex("same")));
}

TEST_P(StoreTest, IncidentFieldsRoundTrip) {
  auto store = Open();
  model::Article a = Art(0, "架空市 紛失", "架空市は38名分の書類を紛失した。");
  auto& inc = a.incident;
  inc.kind = "incident";
  inc.type = "loss_theft";
  inc.source_ref = "2031-001";
  inc.victim_orgs = {"架空市"};
  inc.data_items = {"name", "address"};
  inc.affected = {{38, "persons", model::Qualifier::kApprox, {9, 11}}};
  inc.reported_to = {{"police", std::string("2031-06-02"), {0, 3}}};
  inc.compensation_jpy_per_person = 500;
  inc.indicators = {
      {"url", "https://example.com/x", {"phishing", "abused"}, "malicious", "a cue", {1, 2}}};
  inc.evidence = {{"title_org", {0, 9}}};
  inc.doubts = {{"incident_date", "resolved from a relative or yearless phrase"}};
  ASSERT_TRUE(store->AddDocument(Doc("a.txt", "y"), {a}).ok());
  auto rows = store->List({});
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  const auto& got = (*rows)[0].article.incident;
  EXPECT_EQ(got.kind, inc.kind);
  EXPECT_EQ(got.source_ref, inc.source_ref);
  EXPECT_EQ(got.victim_orgs, inc.victim_orgs);
  EXPECT_EQ(got.data_items, inc.data_items);
  EXPECT_EQ(got.affected, inc.affected);
  EXPECT_EQ(got.reported_to, inc.reported_to);
  EXPECT_EQ(got.indicators, inc.indicators);
  EXPECT_EQ(got.evidence, inc.evidence);
  EXPECT_EQ(got.compensation_jpy_per_person, inc.compensation_jpy_per_person);
  EXPECT_EQ(got.doubts, inc.doubts);
  EXPECT_TRUE(model::ConfidenceOf(got, "incident_date").low);
  EXPECT_FALSE(model::ConfidenceOf(got, "type").low);
  EXPECT_EQ(got, inc);
  ListQuery by_indicator;
  by_indicator.indicator = "https://example.com/x";
  EXPECT_EQ(store->List(by_indicator)->size(), 1u);
  by_indicator.indicator = "https://example.com/other";
  EXPECT_EQ(store->List(by_indicator)->size(), 0u);
}

// A word more articles hold than a search ranks: the newest kSearchCandidates are ranked (an
// older article that would score higher is not among them), a rare word is still found in the
// oldest, and SearchIds gives Search's order without reading the articles.
TEST_P(StoreTest, SearchRanksTheNewestCandidatesOfACommonWord) {
  auto store = Open();
  const size_t n = kSearchCandidates + 50;
  // In document order (the oldest first): the rare word, then 50 articles that say the common
  // word twice in their title (they would rank first), then n - 50 that say it once.
  std::vector<model::Article> articles = {Art(0, "稀少語の報告", "ここだけに珍語がある。")};
  for (size_t k = 0; k < n; ++k) {
    const auto ordinal = static_cast<uint32_t>(k + 1);
    articles.push_back(k < 50 ? Art(ordinal, "架空漏えい架空漏えい", "架空漏えいの件。")
                              : Art(ordinal, "第" + std::to_string(k) + "報", "架空漏えいの件。"));
  }
  ASSERT_TRUE(store->AddDocument(Doc("many.txt", "many"), articles).ok());
  auto hits = store->Search("架空漏えい", 20);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 20u);
  int64_t oldest_kept = INT64_MAX;
  {
    std::vector<int64_t> ids;
    for (const auto& r : Every(*store)) {
      if (r.article.text.find("架空漏えい") != std::string::npos) ids.push_back(r.id);
    }
    std::sort(ids.rbegin(), ids.rend());
    ASSERT_GT(ids.size(), kSearchCandidates);
    oldest_kept = ids[kSearchCandidates - 1];
  }
  for (const SearchHit& h : *hits) {
    EXPECT_GE(h.record.id, oldest_kept) << h.record.article.title;  // among the newest
    EXPECT_EQ(h.record.article.title.find("架空漏えい架空漏えい"), std::string::npos);
  }
  auto ids = store->SearchIds("架空漏えい", 20);
  ASSERT_TRUE(ids.ok());
  ASSERT_EQ(ids->size(), hits->size());
  for (size_t k = 0; k < ids->size(); ++k) EXPECT_EQ((*ids)[k], (*hits)[k].record.id);
  // Two common words: each is ranked among its own newest candidates, read in one pass.
  auto two = store->Search("架空漏えい 件", 20);
  ASSERT_TRUE(two.ok()) << two.status().ToString();
  ASSERT_EQ(two->size(), 20u);
  for (const SearchHit& h : *two) EXPECT_GE(h.record.id, oldest_kept);
  auto rare = store->Search("珍語", 5);
  ASSERT_TRUE(rare.ok());
  ASSERT_EQ(rare->size(), 1u);
  EXPECT_EQ((*rare)[0].record.article.title, "稀少語の報告");
}

TEST_P(StoreTest, SearchFindsTwoCharacterJapaneseAndEnglish) {
  auto store = Open();
  ASSERT_TRUE(
      store
          ->AddDocument(Doc("a", "1"), {Art(0, "USBメモリの紛失について",
                                            "生徒の成績を保存したUSBメモリを紛失しました。")})
          .ok());
  ASSERT_TRUE(store
                  ->AddDocument(Doc("b", "2"), {Art(0, "Ransomware at a port",
                                                    "Servers were encrypted by ransomware.")})
                  .ok());
  auto hits = store->Search("紛失", 10);
  ASSERT_TRUE(hits.ok()) << hits.status().ToString();
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ((*hits)[0].record.article.title, "USBメモリの紛失について");
  ASSERT_FALSE((*hits)[0].highlights.empty());
  const auto [b, e] = (*hits)[0].highlights[0];
  EXPECT_EQ((*hits)[0].snippet.substr(b, e - b), "紛失");
  EXPECT_EQ(store->Search("RANSOMWARE", 10)->size(), 1u);
  EXPECT_EQ(store->Search("成績", 10)->size(), 1u);
  EXPECT_EQ(store->Search("績", 10)->size(), 1u);
  EXPECT_EQ(store->Search("漏洩", 10)->size(), 0u);  // near miss
  EXPECT_EQ(store->Search("失紛", 10)->size(), 0u);  // order matters
  EXPECT_FALSE(store->Search("。、", 10).ok());      // nothing searchable
}

TEST_P(StoreTest, ForEachStreamsInDocumentOrderAndStopsOnError) {
  auto store = Open();
  ASSERT_TRUE(store->AddDocument(Doc("a", "1"), {Art(0, "a0", "x"), Art(1, "a1", "y")}).ok());
  ASSERT_TRUE(store->AddDocument(Doc("b", "2"), {Art(0, "b0", "z")}).ok());
  std::vector<std::string> titles;
  ASSERT_TRUE(store
                  ->ForEach([&](const ArticleRecord& r) {
                    titles.push_back(r.article.title);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(titles, (std::vector<std::string>{"a0", "a1", "b0"}));
  Status s = store->ForEach([](const ArticleRecord&) { return Status::Internal("stop"); });
  EXPECT_EQ(s.what(), "stop");
}

TEST(SqliteStore, FileCasebookIsVersionedAndReopens) {
  const auto path = std::filesystem::temp_directory_path() / "jikenbo_store_test.db";
  std::filesystem::remove(path);
  {
    auto s = OpenSqliteStore(path.string());
    ASSERT_TRUE(s.ok());
    ASSERT_TRUE((*s)->AddDocument(Doc("a", "1"), {Art(0, "t", "b")}).ok());
  }
  auto again = OpenSqliteStore(path.string());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->Count()->articles, 1);
  again = Status::Internal("close");
  std::filesystem::remove(path);
  std::filesystem::remove(path.string() + "-wal");
  std::filesystem::remove(path.string() + "-shm");
}

TEST_P(StoreTest, BatchIsDurableOnlyWhenCommittedAndSearchableAfter) {
  {
    auto s = Open();
    ASSERT_TRUE(s);
    Store& store = *s;
    ASSERT_TRUE(store.BeginBatch().ok());
    EXPECT_TRUE(store.InBatch());
    EXPECT_FALSE(store.BeginBatch().ok());  // not nestable
    ASSERT_TRUE(store.AddDocument(Doc("a", "1"), {Art(0, "紛失", "USBメモリの紛失")}).ok());
    auto dup = store.AddDocument(Doc("a2", "1"), {Art(0, "x", "y")});
    ASSERT_TRUE(dup.ok());
    EXPECT_TRUE(dup->duplicate);  // sees the batch's own uncommitted document
    ASSERT_TRUE(store.AddDocument(Doc("b", "2"), {Art(0, "誤送信", "メールの誤送信")}).ok());
    ASSERT_TRUE(store.CommitBatch().ok());
    EXPECT_FALSE(store.InBatch());
    EXPECT_FALSE(store.CommitBatch().ok());
    auto hits = store.Search("紛失", 10);
    ASSERT_TRUE(hits.ok());
    ASSERT_EQ(hits->size(), 1u);
    EXPECT_EQ(hits->front().record.doc_path, "a");
    // A batch never committed (the process dies, or the store closes): on SQLite it leaves
    // nothing behind; on PostgreSQL each document was committed when stored (whole).
    ASSERT_TRUE(store.BeginBatch().ok());
    ASSERT_TRUE(store.AddDocument(Doc("c", "3"), {Art(0, "t", "消える")}).ok());
  }
  {
    const bool each = GetParam() == "postgres";
    auto again = OpenStore(casebook_.db);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ((*again)->Count()->documents, each ? 3 : 2);
    EXPECT_EQ((*again)->Count()->articles, each ? 3 : 2);
    EXPECT_EQ(*(*again)->HasDocument(Sha256Hex("3")), each);
    EXPECT_EQ((*again)->Search("消え", 10)->size(), each ? 1u : 0u);
    EXPECT_EQ((*again)->Search("誤送", 10)->size(), 1u);
  }
}

TEST(SqliteStore, Version1CasebookMigratesItsEvidenceRows) {
  const auto path = std::filesystem::temp_directory_path() / "jikenbo_v1_test.db";
  auto remove = [&] {
    for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix);
  };
  remove();
  {  // a casebook as version 1 wrote it: evidence and type cues as rows
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_TRUE(Migrate(db, 1).ok());
    const char* rows =
        "INSERT INTO documents (sha256, path, content_type, encoding, size, bytes, ingested_at)"
        " VALUES ('ab', 'a.txt', 'text/plain', 'UTF-8', 1, x'41', '2031-01-01T00:00:00Z');"
        "INSERT INTO articles (id, document_id, ordinal, line, end_line, source_begin, source_end,"
        " start_rule, title, title_begin, title_end, text, kind)"
        " VALUES (7, 1, 0, 1, 2, 0, 1, 'headline', 't', 0, 1, '本文', 'incident');"
        "INSERT INTO evidence VALUES (7, 1, 'title_org', 3, 9), (7, 0, 'kind', 0, 2);"
        "INSERT INTO type_cues VALUES (7, 0, 'ransomware', 2.5, 4, 8);";
    ASSERT_EQ(sqlite3_exec(db, rows, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
    sqlite3_close(db);
  }
  auto s = OpenSqliteStore(path.string());
  ASSERT_TRUE(s.ok()) << s.status().ToString();
  auto got = (*s)->Get(7);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  const model::Incident& inc = got->article.incident;
  ASSERT_EQ(inc.evidence.size(), 2u);
  EXPECT_EQ(inc.evidence[0].field, "kind");  // ordinal order kept
  EXPECT_EQ(inc.evidence[1].field, "title_org");
  EXPECT_EQ(inc.evidence[1].span.begin, 3u);
  EXPECT_EQ(inc.evidence[1].span.end, 9u);
  ASSERT_EQ(inc.type_cues.size(), 1u);
  EXPECT_EQ(inc.type_cues[0].type, "ransomware");
  EXPECT_DOUBLE_EQ(inc.type_cues[0].weight, 2.5);
  EXPECT_EQ(inc.type_cues[0].evidence.end, 8u);
  s = Status::Internal("close");
  remove();
}

TEST(SqliteStore, ForeignFileIsReportedAsNotACasebook) {
  const auto path = std::filesystem::temp_directory_path() / "jikenbo_not_a_db.txt";
  {
    FILE* f = std::fopen(path.c_str(), "wb");
    std::fputs("this is not an SQLite database, just some text that is long enough.........", f);
    std::fclose(f);
  }
  auto s = OpenSqliteStore(path.string());
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().code(), Code::kCorrupt);
  std::filesystem::remove(path);
}

TEST_P(StoreTest, PossiblySameCasesWaitForAnAnalystAndADismissalIsKept) {
  auto store = Open();
  auto incident = [](const std::string& title) {
    model::Article a = Art(0, title, title + "の本文");
    a.incident.kind = "incident";
    return a;
  };
  ASSERT_TRUE(store->AddDocument(Doc("x", "1"), {incident("X")}).ok());
  ASSERT_TRUE(store->AddDocument(Doc("y", "2"), {incident("Y")}).ok());
  ASSERT_TRUE(store->AddDocument(Doc("z", "3"), {incident("Z")}).ok());
  casebook::Assignment a;
  a.case_no = {{1, "2031-004"}, {2, "2031-009"}, {3, "2031-004"}};
  a.counters = {{"2031", 9}};
  a.links = {{1, 3, "same_incident", 1.0, "same organisation"},
             {2, 3, "possible_same", 0.5, "one publisher number; see jikenbo case merge"}};
  ASSERT_TRUE(store->ApplyCases(a).ok());
  auto pairs = store->PossibleSames();
  ASSERT_TRUE(pairs.ok()) << pairs.status().ToString();
  ASSERT_EQ(pairs->size(), 1u);
  EXPECT_EQ(pairs->front().case_no, "2031-004");
  EXPECT_EQ(pairs->front().other_case_no, "2031-009");
  EXPECT_EQ(pairs->front().other_title, "Y");
  // Refused: a case with itself, an unknown case; nothing is logged.
  EXPECT_FALSE(store->DismissPossibleSame("2031-004", "2031-004", "ana").ok());
  EXPECT_FALSE(store->DismissPossibleSame("2031-004", "2031-777", "ana").ok());
  EXPECT_TRUE(store->Log("")->empty());
  ASSERT_TRUE(store->DismissPossibleSame("2031-009", "2031-004", "ana").ok());
  EXPECT_TRUE(store->PossibleSames()->empty());  // either order dismisses the pair
  auto log = store->Log("2031-004");
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->front().action, "dismiss");
  EXPECT_EQ(log->front().who, "ana");
  // A merge also takes the pair off the queue (they are one case then).
  ASSERT_TRUE(store->AddDocument(Doc("w", "4"), {incident("W")}).ok());
  casebook::Assignment b;
  b.case_no = {{4, "2031-010"}};
  b.counters = {{"2031", 10}};
  b.links = {{4, 1, "possible_same", 0.5, "same count"}};
  ASSERT_TRUE(store->ApplyCases(b).ok());
  ASSERT_EQ(store->PossibleSames()->size(), 1u);
  ASSERT_TRUE(store->MergeCases("2031-004", "2031-010", "ana").ok());
  EXPECT_TRUE(store->PossibleSames()->empty());
}

}  // namespace
}  // namespace jikenbo::store
