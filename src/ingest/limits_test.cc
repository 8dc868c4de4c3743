// Every limit of docs/security.md ("Limits and their defaults") at its default: just under it
// the input is taken; over it the document is refused with an error that names the limit and the
// document, or — where a limit keeps the first part — it is kept and a warning says so. (The
// HTTP limits are in serve/app_test.cc and tests/web_test.sh; fetching in tests/fetch_test.sh;
// the time limit in ingest_test.cc.)
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "base/sha256.h"
#include "classify/article_text.h"
#include "extract/ioc.h"
#include "ingest/decode.h"
#include "ingest/ingest.h"
#include "tests/testing.h"

namespace jikenbo::ingest {
namespace {

Result<std::vector<Prepared>> PrepareAs(const std::string& name, const std::string& bytes) {
  return Prepare(name, bytes, testing::DefaultPipeline());
}

void ExpectRefused(const Result<std::vector<Prepared>>& r, const std::string& name,
                   const std::string& words) {
  ASSERT_FALSE(r.ok()) << name;
  EXPECT_NE(r.status().what().find(words), std::string::npos) << r.status().ToString();
  EXPECT_NE(r.status().ToString().find(name), std::string::npos) << r.status().ToString();
}

TEST(Limits, DocumentSize) {
  MemFileSource files;
  files.Add("big.txt", std::string(64, 'x') + "\n");
  files.Add("fits.txt", std::string(63, 'x') + "\n");
  auto store = store::OpenSqliteStore(":memory:");
  ASSERT_TRUE(store.ok());
  struct : Reporter {
    void OnDocument(const DocumentReport& r) override { reports.push_back(r); }
    void OnError(const Status&) override {}
    std::vector<DocumentReport> reports;
  } reporter;
  Ingester(files, **store, testing::DefaultPipeline(), Options{.max_bytes = 64})
      .Run({"big.txt", "fits.txt"}, reporter);
  ASSERT_EQ(reporter.reports.size(), 2u);
  EXPECT_EQ(reporter.reports[0].outcome, Outcome::kFailed);
  EXPECT_NE(reporter.reports[0].status.what().find("too large"), std::string::npos);
  EXPECT_EQ(reporter.reports[0].status.where(), "big.txt");
  EXPECT_EQ(reporter.reports[1].outcome, Outcome::kIngested);
  EXPECT_EQ(Options{}.max_bytes, 64ull << 20);  // the documented default
}

TEST(Limits, ArticlesPerDocument) {
  auto headlines = [](int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s += "●見出し" + std::to_string(i) + "\n本文。\n";
    return s;
  };
  auto fits = PrepareAs("many.txt", headlines(10'000));
  ASSERT_TRUE(fits.ok()) << fits.status().ToString();
  EXPECT_EQ((*fits)[0].articles.size(), 10'000u);
  ExpectRefused(PrepareAs("too_many.txt", headlines(10'001)), "too_many.txt",
                "more than 10000 articles");
}

TEST(Limits, HtmlNestingDepth) {
  auto nested = [](int depth) {
    std::string s = "<html><body>";
    for (int i = 0; i < depth; ++i) s += "<div>";
    s += "不正アクセスについて";
    for (int i = 0; i < depth; ++i) s += "</div>";
    return s + "</body></html>";
  };
  EXPECT_TRUE(PrepareAs("deep.html", nested(1'900)).ok());
  ExpectRefused(PrepareAs("deeper.html", nested(2'100)), "deeper.html", "nested deeper");
}

TEST(Limits, FeedItems) {
  auto feed = [](int items) {
    std::string s = "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>";
    for (int i = 0; i < items; ++i) {
      s += "<item><title>件" + std::to_string(i) + "</title><link>https://example.com/" +
           std::to_string(i) + "</link><description>本文" + std::to_string(i) +
           "</description></item>";
    }
    return s + "</channel></rss>";
  };
  auto fits = PrepareAs("feed.rss", feed(10'000));
  ASSERT_TRUE(fits.ok()) << fits.status().ToString();
  EXPECT_EQ(fits->size(), 10'000u);
  ExpectRefused(PrepareAs("big_feed.rss", feed(10'001)), "big_feed.rss", "more than 10000 items");
}

TEST(Limits, MimePartsAndDepth) {
  auto parts = [](int n) {
    std::string s = "Subject: x\nContent-Type: multipart/mixed; boundary=b\n\n";
    for (int i = 0; i < n; ++i)
      s += "--b\nContent-Type: text/plain\n\n本文" + std::to_string(i) + "\n";
    return s + "--b--\n";
  };
  EXPECT_TRUE(DecodeEmail(parts(999)).ok());
  auto many = DecodeEmail(parts(1'001));
  ASSERT_FALSE(many.ok());
  EXPECT_NE(many.status().what().find("more than 1000"), std::string::npos) << many.status().what();
  auto nested = [](int depth) {
    std::string s = "Subject: x\n";
    for (int i = 0; i < depth; ++i) {
      s += "Content-Type: multipart/mixed; boundary=b" + std::to_string(i) + "\n\n--b" +
           std::to_string(i) + "\n";
    }
    s += "Content-Type: text/plain\n\n本文\n";
    for (int i = depth - 1; i >= 0; --i) s += "--b" + std::to_string(i) + "--\n";
    return s;
  };
  EXPECT_TRUE(DecodeEmail(nested(15)).ok()) << DecodeEmail(nested(15)).status().ToString();
  auto deep = DecodeEmail(nested(20));
  ASSERT_FALSE(deep.ok());
  EXPECT_NE(deep.status().what().find("nested too deeply"), std::string::npos);
}

TEST(Limits, InvalidUtf8WarningsPerDocument) {
  std::string text = "●見出し\n";
  for (int i = 0; i < 30; ++i) text += "本文\xFF。\n";
  auto r = PrepareAs("bad.txt", text);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const auto& w = (*r)[0].warnings;
  ASSERT_EQ(w.size(), 21u);  // 20, then one summary
  EXPECT_NE(w.back().message.find("10 more"), std::string::npos) << w.back().message;
}

TEST(Limits, IndicatorsPerArticleKeepTheFirstAndWarn) {
  std::string text = "●不正アクセスについて\n";
  for (int i = 0; i < 10'050; ++i) {  // one indicator each: a SHA-256
    text += Sha256Hex(std::to_string(i)) + " ";
  }
  auto r = PrepareAs("dump.txt", text + "\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const Prepared& p = (*r)[0];
  ASSERT_EQ(p.articles.size(), 1u);
  EXPECT_EQ(p.articles[0].incident.indicators.size(), Pipeline::kMaxIndicators);
  EXPECT_EQ(p.articles[0].incident.indicators.front().value, Sha256Hex("0"));
  ASSERT_FALSE(p.warnings.empty());
  EXPECT_NE(p.warnings.back().message.find("holds 10050 indicators; the first 10000 are kept, 50 "
                                           "dropped"),
            std::string::npos)
      << p.warnings.back().message;
}

TEST(Limits, LongLinesAreAnalysedWithSentencesCut) {
  // 2 MiB in one line with no full stop: taken whole; "sentences" are cut at 4 KiB so the work
  // per match stays bounded (this shape was quadratic before: minutes, now linear).
  std::string line;
  while (line.size() < (2u << 20)) line += "不正アクセスにより顧客1,234名の氏名が漏えい ";
  auto r = PrepareAs("one_line.txt", "●見出し\n" + line + "\n");
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  const model::Article& a = (*r)[0].articles[0];
  EXPECT_GT(a.text.size(), 2u << 20);
  const classify::ArticleText text(a);
  size_t longest = 0;
  for (const classify::Piece& s : text.sentences()) longest = std::max(longest, s.end - s.begin);
  EXPECT_LE(longest, classify::ArticleText::kMaxSentenceBytes + 3);
  EXPECT_FALSE(a.incident.affected.empty());
}

TEST(Limits, IndicatorTokenCutAt8KiBAndStreamCarryBounded) {
  const extract::IocExtractor& scanner = testing::DefaultPipeline().iocs;
  // A run of 20,000 bytes without a boundary is cut: no indicator longer than 8 KiB.
  const std::string url = "http://example.com/" + std::string(20'000, 'a');
  const std::vector<extract::Ioc> found = scanner.ScanAll(url + " 198.51.100.7\n");
  ASSERT_FALSE(found.empty());
  for (const extract::Ioc& i : found) EXPECT_LE(i.found.size(), 8192u) << i.type;
  EXPECT_EQ(found.back().value, "198.51.100.7");
  // A 3 MiB line with no line break, streamed in 64 KiB chunks, is cut (the carry is bounded at
  // 1 MiB) and still gives what the whole text gives at both ends.
  std::string line = "203.0.113.9 ";
  while (line.size() < (3u << 20)) line += "word ";
  line += "192.0.2.44";
  std::vector<std::string> streamed;
  extract::IocStream stream(scanner, [&](extract::Ioc i) { streamed.push_back(i.value); });
  for (size_t at = 0; at < line.size(); at += 65'536) stream.Feed(line.substr(at, 65'536));
  stream.Finish();
  EXPECT_EQ(streamed, (std::vector<std::string>{"203.0.113.9", "192.0.2.44"}));
}

}  // namespace
}  // namespace jikenbo::ingest
