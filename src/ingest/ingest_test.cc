#include "ingest/ingest.h"

#include <gtest/gtest.h>

#include <thread>

#include "base/deadline.h"
#include "ingest/fetch.h"
#include "tests/testing.h"

namespace jikenbo::ingest {
namespace {

class RecordingReporter : public Reporter {
 public:
  void OnPlan(size_t total) override { planned = total; }
  void OnDocument(const DocumentReport& r) override { reports.push_back(r); }
  void OnError(const Status& s) override { errors.push_back(s); }
  size_t planned = 0;
  std::vector<DocumentReport> reports;
  std::vector<Status> errors;
};

class IngestTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::OpenSqliteStore(":memory:");
    ASSERT_TRUE(s.ok());
    store_ = std::move(s).value();
  }
  Summary Run(const std::vector<std::string>& inputs, Options options = {}) {
    Ingester ingester(files_, *store_, testing::DefaultPipeline(), options);
    return ingester.Run(inputs, reporter_);
  }
  MemFileSource files_;
  std::unique_ptr<store::Store> store_;
  RecordingReporter reporter_;
};

TEST_F(IngestTest, DirectoryIsWalkedAndOnlyTextFilesTaken) {
  files_.Add("in/a.txt", "●一件目\n本文。\n\n●二件目\n本文。\n");
  files_.Add("in/sub/b.md", "# 見出し\n\n本文です。\n");
  files_.Add("in/picture.png", "\x89PNG");
  Summary s = Run({"in"});
  EXPECT_EQ(s.documents, 2u);
  EXPECT_EQ(s.articles, 3u);
  EXPECT_EQ(s.skipped, 1u);
  EXPECT_EQ(s.errors, 0u);
  EXPECT_EQ(reporter_.planned, 2u);
}

TEST_F(IngestTest, ReingestingTheSameBytesIsANoOp) {
  files_.Add("a.txt", "●一件目\n本文。\n");
  files_.Add("copy.txt", "●一件目\n本文。\n");
  EXPECT_EQ(Run({"a.txt"}).articles, 1u);
  Summary again = Run({"a.txt", "copy.txt"});
  EXPECT_EQ(again.documents, 0u);
  EXPECT_EQ(again.duplicates, 2u);
  EXPECT_EQ(store_->Count()->articles, 1);
}

TEST_F(IngestTest, ParallelBatchedIngestMatchesOneThreadOneTransaction) {
  for (int i = 0; i < 30; ++i) {
    files_.Add("d/" + std::to_string(100 + i) + ".txt",
               "●架空" + std::to_string(i) + "株式会社のお知らせ\n不正アクセスにより" +
                   std::to_string(i + 1) + "件の情報が漏えいしました。\n\n●続報" +
                   std::to_string(i) + "\n本文。\n");
  }
  files_.Add("d/200_binary.txt", std::string("\0\0\0", 3));
  files_.Add("d/201_copy.txt",
             "●架空0株式会社のお知らせ\n不正アクセスにより1件の情報が漏えいしました。"
             "\n\n●続報0\n本文。\n");
  Options serial;
  serial.jobs = 1;
  serial.batch_documents = 1;
  Summary one = Run({"d"}, serial);
  auto expected = store_->List({});
  ASSERT_TRUE(expected.ok());
  const std::vector<DocumentReport> serial_reports = reporter_.reports;

  SetUp();
  reporter_ = {};
  Options parallel;
  parallel.jobs = 3;
  parallel.batch_documents = 4;
  Summary many = Run({"d"}, parallel);
  EXPECT_EQ(many.documents, one.documents);
  EXPECT_EQ(many.articles, 60u);
  EXPECT_EQ(many.errors, 1u);
  EXPECT_EQ(many.duplicates, 1u);  // the copy, still in the open batch when it was read
  auto got = store_->List({});
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), expected->size());
  for (size_t i = 0; i < got->size(); ++i) {
    EXPECT_EQ((*got)[i].id, (*expected)[i].id);
    EXPECT_EQ((*got)[i].doc_path, (*expected)[i].doc_path);
    EXPECT_EQ((*got)[i].article.title, (*expected)[i].article.title);
    EXPECT_EQ((*got)[i].article.incident.case_no, (*expected)[i].article.incident.case_no);
  }
  ASSERT_EQ(reporter_.reports.size(), serial_reports.size());
  for (size_t i = 0; i < serial_reports.size(); ++i) {  // reports in input order
    EXPECT_EQ(reporter_.reports[i].path, serial_reports[i].path);
    EXPECT_EQ(reporter_.reports[i].outcome, serial_reports[i].outcome);
  }
}

TEST_F(IngestTest, BadInputsAreNamedAndTheBatchGoesOn) {
  files_.Add("d/0_binary.txt", std::string("GIF89a\0\0\x01", 9));
  files_.Add("d/1_empty.txt", "");
  files_.Add("d/2_blank.txt", " \n\n\xE3\x80\x80\n");
  files_.AddUnreadable("d/3_locked.txt");
  files_.Add("d/4_big.txt", std::string(2000, 'x'));
  files_.Add("d/5_good.txt", "●良い文書\n本文。\n");
  Summary s = Run({"d", "missing.txt"}, Options{.max_bytes = 1000});
  EXPECT_EQ(s.documents, 1u);
  EXPECT_EQ(s.errors, 6u);
  ASSERT_EQ(reporter_.reports.size(), 6u);
  EXPECT_NE(reporter_.reports[0].status.what().find("binary"), std::string::npos);
  EXPECT_EQ(reporter_.reports[0].status.where(), "d/0_binary.txt");
  EXPECT_NE(reporter_.reports[1].status.what().find("empty"), std::string::npos);
  EXPECT_NE(reporter_.reports[2].status.what().find("empty"), std::string::npos);
  EXPECT_NE(reporter_.reports[3].status.what().find("Permission"), std::string::npos);
  EXPECT_NE(reporter_.reports[4].status.what().find("too large"), std::string::npos);
  EXPECT_EQ(reporter_.reports[5].outcome, Outcome::kIngested);
  ASSERT_EQ(reporter_.errors.size(), 1u);
  EXPECT_EQ(reporter_.errors[0].where(), "missing.txt");
}

TEST_F(IngestTest, InvalidUtf8IsRepairedWithAWarningAndStored) {
  files_.Add("bad.txt", "●見出し\n本文\xFFです。\n");
  Summary s = Run({"bad.txt"});
  EXPECT_EQ(s.documents, 1u);
  ASSERT_EQ(reporter_.reports.size(), 1u);
  ASSERT_EQ(reporter_.reports[0].warnings.size(), 1u);
  EXPECT_EQ(reporter_.reports[0].warnings[0].offset, 19u);  // after ●見出し\n本文
  auto rows = store_->List({});
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_NE((*rows)[0].article.text.find("\xEF\xBF\xBD"), std::string::npos);
}

TEST_F(IngestTest, ADocumentOverTheTimeLimitIsSkippedNamedAndTheBatchGoesOn) {
  // A limit no analysis can meet: every document is stopped by the watchdog, each is named, none
  // is half-stored, and the same batch without the limit then takes them all.
  for (int i = 0; i < 4; ++i) {
    files_.Add("d/" + std::to_string(i) + ".txt", "●見出し" + std::to_string(i) +
                                                      "\n本文。2031年5月" + std::to_string(i + 1) +
                                                      "日に発表しました。\n");
  }
  Summary s = Run({"d"}, Options{.time_limit_seconds = 1e-9});
  EXPECT_EQ(s.documents, 0u);
  EXPECT_EQ(s.errors, 4u);
  ASSERT_EQ(reporter_.reports.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    const Status& st = reporter_.reports[i].status;
    EXPECT_EQ(st.code(), Code::kDeadlineExceeded) << st.ToString();
    EXPECT_EQ(st.where(), "d/" + std::to_string(i) + ".txt");
    EXPECT_NE(st.what().find("time limit"), std::string::npos) << st.what();
  }
  EXPECT_EQ(store_->Count()->articles, 0);
  EXPECT_EQ(store_->Count()->documents, 0);
  Summary again = Run({"d"});
  EXPECT_EQ(again.documents, 4u);
  EXPECT_EQ(again.errors, 0u);
}

TEST(Deadline, ThrowsOnlyWhenArmedAndPassedAndNests) {
  EXPECT_NO_THROW(for (int i = 0; i < 1000; ++i) CheckDeadline());  // none armed
  {
    const ScopedDeadline none(0);  // 0: no limit
    EXPECT_NO_THROW(CheckDeadlineSlow());
  }
  const ScopedDeadline outer(3600);
  EXPECT_NO_THROW(CheckDeadlineSlow());
  {
    const ScopedDeadline inner(1e-9);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_THROW(CheckDeadlineSlow(), DeadlineExceeded);
    // The cheap check reads the clock at least once in 64 calls.
    EXPECT_THROW(for (int i = 0; i < 64; ++i) CheckDeadline(), DeadlineExceeded);
  }
  EXPECT_NO_THROW(CheckDeadlineSlow());  // the outer hour again
}

TEST(Fetch, NonPublicAddressesAreRefusedByTheSsrfGuard) {
  for (const char* ip : {"127.0.0.1",
                         "127.255.0.9",
                         "10.1.2.3",
                         "172.16.0.1",
                         "172.31.255.255",
                         "192.168.1.1",
                         "169.254.169.254",
                         "100.64.0.1",
                         "0.0.0.0",
                         "192.0.0.8",
                         "198.18.0.1",
                         "224.0.0.1",
                         "255.255.255.255",
                         "::",
                         "::1",
                         "::ffff:127.0.0.1",
                         "::ffff:10.0.0.1",
                         "::127.0.0.1",
                         "64:ff9b::a9fe:a9fe",
                         "2002:7f00:1::",
                         "fc00::1",
                         "fd12:3456::1",
                         "fe80::1",
                         "ff02::1",
                         "not an address",
                         ""}) {
    EXPECT_TRUE(IsNonPublicAddress(ip)) << ip;
  }
  for (const char* ip : {"93.184.216.34", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1",
                         "169.255.0.1", "192.0.2.1", "198.20.0.1", "11.0.0.1", "2001:db8::1",
                         "2606:4700::1111", "::ffff:8.8.8.8", "2002:808:808::"}) {
    EXPECT_FALSE(IsNonPublicAddress(ip)) << ip;
  }
}

TEST(Prepare, KeepsOriginalBytesAndFrontMatter) {
  const std::string bytes = "この一覧は毎週更新しています。\n\n●項目\n本文。\n";
  auto all = Prepare("x.md", bytes, testing::DefaultPipeline());
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 1u);
  const Prepared* p = &all->front();
  EXPECT_TRUE(p->document.text.empty());  // UTF-8 text: the bytes are the text
  EXPECT_EQ(p->document.encoding, "UTF-8");
  EXPECT_EQ(p->document.bytes, bytes);
  EXPECT_EQ(p->document.content_type, "text/markdown");
  EXPECT_EQ(p->document.sha256.size(), 64u);
  EXPECT_EQ(p->document.front_matter, "この一覧は毎週更新しています。");
  ASSERT_EQ(p->articles.size(), 1u);
  EXPECT_EQ(p->articles[0].line, 3u);
}

}  // namespace
}  // namespace jikenbo::ingest
