// Property tests: documents generated at random (a fixed seed, so a failure reproduces) from
// pieces of notices — headlines, dates in every notation, counts, organisations, indicators,
// defanged URLs — mixed with what real input carries and breaks parsers: invalid UTF-8, CRLF, a
// BOM, full-width and half-width forms, zero-width and bidi characters, long lines, markup, other
// encodings. For every document, whatever it holds:
//   - Prepare() returns articles or a clear error, never crashes;
//   - every article satisfies fuzz/invariants.h: spans inside the text on character boundaries,
//     mapping back to the same bytes of the source document; valid UTF-8; ISO dates;
//   - the JSON export of every stored article is valid UTF-8 and parses;
//   - the casebook holds exactly the articles prepared, once per distinct document;
//   - ingesting the whole batch again is a no-op.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "base/file_source.h"
#include "base/utf8.h"
#include "fuzz/invariants.h"
#include "ingest/ingest.h"
#include "report/json.h"
#include "store/store.h"
#include "tests/testing.h"

namespace jikenbo::ingest {
namespace {

class Generator {
 public:
  explicit Generator(uint32_t seed) : rng_(seed) {}

  size_t Below(size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng_); }
  template <typename T>
  const T& Pick(const std::vector<T>& v) {
    return v[Below(v.size())];
  }

  // One line of a notice or of noise.
  std::string Line() {
    static const std::vector<std::string> kHeads = {"●", "■",   "# ", "## ", "【お知らせ】", "", "",
                                                    "",  "1. ", "・", "- ",  "（１）"};
    static const std::vector<std::string> kOrgs = {
        "株式会社みなと架空商事",   "架空市立病院",   "Fictional Widgets Inc.",
        "学校法人青空学園（架空）", "ｶﾌﾞｼｷｶﾞｲｼｬ半角", "サンプル信用金庫",
        "一般社団法人テスト協会"};
    static const std::vector<std::string> kDates = {
        "2031年5月12日", "２０３１年５月１２日", "令和13年5月12日", "令和元年5月1日",
        "5月12日",       "2031/05/12",           "2031-05-12",      "12 May 2031",
        "May 12, 2031",  "2031年13月40日",       "平成31年4月31日", "2031年5月",
        "5/12",          "2031年\n5月12日",      "(2031年5月12日)"};
    static const std::vector<std::string> kCounts = {
        "最大1,234件", "約300名",     "５万人",       "12,345名分", "延べ1000000000000件",
        "0件",         "3,000人以上", "一部のお客様", "1,2,3件",    "9999999999999999999名"};
    static const std::vector<std::string> kItems = {"氏名",
                                                    "住所",
                                                    "電話番号",
                                                    "メールアドレス",
                                                    "クレジットカード番号",
                                                    "セキュリティコード",
                                                    "口座番号",
                                                    "ログインID及びパスワード",
                                                    "病歴",
                                                    "マイナンバー"};
    static const std::vector<std::string> kEvents = {
        "不正アクセスを受け", "ランサムウェアに感染し",       "USBメモリを紛失し",
        "誤送信が発生し",     "フィッシングメールが送信され", "設定不備により閲覧可能となり",
        "内部不正が判明し"};
    static const std::vector<std::string> kTails = {
        "。",
        "と発表した。",
        "可能性があります。",
        "。個人情報保護委員会へ報告しました。",
        "。警察に相談しています。",
        "。再発防止策として多要素認証を導入します。",
        "。お詫びとして500円分のQUOカードを送付します。",
        ""};
    static const std::vector<std::string> kIndicators = {
        "hxxps://evil[.]example[.]com/login.php",
        "http://192.0.2.55:8080/a",
        "CVE-2031-12345",
        "d41d8cd98f00b204e9800998ecf8427e",
        "user[at]example[.]org",
        "10[.]0[.]0[.]1",
        "https://discord.com/api/webhooks/123456789012345678/abcdefABCDEF_ghijkl-mnop",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "AS64500"};
    static const std::vector<std::string> kNoise = {
        "\xFF", "\xE3\x81", "\xC0\xAF",     "\xED\xA0\x80",     "\xE2\x80\x8B", "\xE2\x80\xAE",
        "\r",   "\t",       "\xEF\xBF\xBD", "\xF0\x9F\x94\x92", "\xE3\x80\x80", "&amp;",
        "<b>",  "\\",       "\"",           "\xEF\xBC\x81",     "\xEF\xBD\xB1"};
    std::string s = Pick(kHeads);
    const size_t parts = 1 + Below(6);
    for (size_t i = 0; i < parts; ++i) {
      switch (Below(9)) {
        case 0:
          s += Pick(kOrgs) + "は";
          break;
        case 1:
          s += Pick(kDates) + "、";
          break;
        case 2:
          s += Pick(kCounts) + "の";
          break;
        case 3:
          s += Pick(kItems) + "、" + Pick(kItems) + "が";
          break;
        case 4:
          s += Pick(kEvents);
          break;
        case 5:
          s += " " + Pick(kIndicators) + " ";
          break;
        case 6:
          s += Pick(kNoise);
          break;
        case 7:
          s += std::string(1 + Below(Below(10) == 0 ? 5000 : 40), "aあ 1、"[Below(5)]);
          break;
        default:
          s += Pick(kTails);
      }
    }
    return s + Pick(kTails);
  }

  // A document: name and bytes.
  std::pair<std::string, std::string> Document(size_t index) {
    std::string text = Below(8) == 0 ? "\xEF\xBB\xBF" : "";
    const size_t lines = 1 + Below(40);
    const std::string eol = Below(4) == 0 ? "\r\n" : "\n";
    for (size_t i = 0; i < lines; ++i) text += (Below(5) == 0 ? "" : Line()) + eol;
    const std::string stem = "gen/" + std::to_string(index);
    switch (Below(6)) {
      case 0: {  // HTML: the text's lines as paragraphs, markup characters escaped or not
        std::string html = "<html><head><title>" + Line() + "</title></head><body>";
        size_t at = 0;
        while (at < text.size()) {
          size_t nl = text.find('\n', at);
          if (nl == std::string::npos) nl = text.size();
          html += (Below(3) == 0 ? "<h2>" : "<p>") + text.substr(at, nl - at) + "</p>\n";
          at = nl + 1;
        }
        return {stem + ".html", html + "</body></html>"};
      }
      case 1: {  // another encoding (what cannot be encoded becomes the converter's substitute)
        std::string valid;
        utf8::Repair(text, &valid, nullptr);
        static const std::vector<const char*> kCharsets = {"windows-31j", "EUC-JP", "ISO-2022-JP",
                                                           "UTF-16LE"};
        return {stem + ".txt", testing::Encode(valid, Pick(kCharsets))};
      }
      case 2:
        return {stem + ".md", text};
      default:
        return {stem + ".txt", text};
    }
  }

 private:
  std::mt19937 rng_;
};

class Reporter : public ingest::Reporter {
 public:
  void OnPlan(size_t) override {}
  void OnDocument(const DocumentReport& r) override { reports.push_back(r); }
  void OnError(const Status& s) override { errors.push_back(s); }
  std::vector<DocumentReport> reports;
  std::vector<Status> errors;
};

TEST(Property, AnyGeneratedDocumentKeepsEveryInvariantAndReingestIsANoOp) {
  Generator gen(20311129);
  MemFileSource files;
  size_t prepared_ok = 0, articles = 0, failed = 0, spans = 0;
  std::map<std::string, size_t> articles_by_sha;  // what the casebook must hold afterwards
  for (size_t i = 0; i < 400; ++i) {
    auto [name, bytes] = gen.Document(i);
    files.Add(name, bytes);
    auto prepared = Prepare(name, bytes, testing::DefaultPipeline());
    if (!prepared.ok()) {
      // A refusal must be a clear error naming the document, never a crash.
      EXPECT_FALSE(prepared.status().what().empty());
      EXPECT_NE(prepared.status().where().find(name), std::string::npos)
          << prepared.status().ToString();
      if (std::getenv("JIKENBO_PROPERTY_VERBOSE"))
        std::printf("%s\n", prepared.status().ToString().c_str());
      ++failed;
      continue;
    }
    ++prepared_ok;
    for (const Prepared& p : *prepared) {
      articles_by_sha[p.document.sha256] = p.articles.size();
      for (const model::Article& a : p.articles) {
        ++articles;
        spans += a.incident.evidence.size() + a.incident.indicators.size();
        EXPECT_EQ(invariants::ArticleViolation(a), "") << name << " article " << a.ordinal;
        EXPECT_EQ(invariants::SourceViolation(p.document, a), "")
            << name << " article " << a.ordinal;
      }
    }
  }
  // The generator must exercise the pipeline, not only its refusals.
  EXPECT_GT(prepared_ok, 300u);
  EXPECT_GT(articles, 400u);
  EXPECT_GT(spans, 3000u);
  std::printf("property: %zu documents analysed (%zu refused), %zu articles, %zu spans\n",
              prepared_ok, failed, articles, spans);

  auto opened = store::OpenSqliteStore(":memory:");
  ASSERT_TRUE(opened.ok());
  store::Store& store = **opened;
  Reporter first;
  Ingester(files, store, testing::DefaultPipeline()).Run({"gen"}, first);
  auto counts = store.Count();
  ASSERT_TRUE(counts.ok());
  size_t expected = 0;
  for (const auto& [sha, n] : articles_by_sha) expected += n;
  EXPECT_EQ(static_cast<size_t>(counts->articles), expected);
  EXPECT_EQ(static_cast<size_t>(counts->documents), articles_by_sha.size());
  // Every stored article, read back, keeps the invariants and exports as valid UTF-8 JSON.
  std::vector<std::string> exported;
  ASSERT_TRUE(store
                  .ForEach([&](const store::ArticleRecord& r) {
                    EXPECT_EQ(invariants::ArticleViolation(r.article), "") << r.doc_path;
                    const std::string line = report::Dump(report::ArticleJson(r, {true}));
                    EXPECT_TRUE(utf8::IsValid(line)) << r.doc_path;
                    EXPECT_TRUE(nlohmann::json::accept(line)) << r.doc_path;
                    exported.push_back(line);
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(exported.size(), static_cast<size_t>(counts->articles));

  Reporter second;
  const Summary again = Ingester(files, store, testing::DefaultPipeline()).Run({"gen"}, second);
  EXPECT_EQ(again.documents, 0u);
  EXPECT_EQ(again.articles, 0u);
  auto after = store.Count();
  EXPECT_EQ(after->documents, counts->documents);
  EXPECT_EQ(after->articles, counts->articles);
  std::vector<std::string> exported_again;
  ASSERT_TRUE(store
                  .ForEach([&](const store::ArticleRecord& r) {
                    exported_again.push_back(report::Dump(report::ArticleJson(r, {true})));
                    return Status::Ok();
                  })
                  .ok());
  EXPECT_EQ(exported_again, exported);
  // What failed the first time fails the same way, and nothing else does.
  EXPECT_EQ(second.errors.size(), first.errors.size());
}

}  // namespace
}  // namespace jikenbo::ingest
