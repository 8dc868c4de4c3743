// Test helpers: fixtures, golden files, the default segmenter, the shared dev set.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "ingest/ingest.h"
#include "ingest/pipeline.h"
#include "normalize/normalize.h"
#include "segment/segment.h"

namespace jikenbo::testing {

std::string SourceDir();  // the repository root
std::string ReadFile(const std::filesystem::path& path);
// Files under dir (relative to the repository root) ending in ext, sorted.
std::vector<std::filesystem::path> Fixtures(const std::string& dir, const std::string& ext);
std::filesystem::path GoldenFor(const std::filesystem::path& input);  // x.txt -> x.golden
// Compares actual with the golden file; JIKENBO_UPDATE_GOLDEN=1 rewrites it instead.
void ExpectGolden(const std::string& actual, const std::filesystem::path& golden);
const segment::Segmenter& DefaultSegmenter();  // rules/segment.rules
const ingest::Pipeline& DefaultPipeline();     // every file of rules/
// One article of `text` analysed by the default pipeline (classified and extracted).
model::Article AnalyzeText(const std::string& text, const std::string& start_rule = "document");
// An ingest reporter that reports nothing (for fixtures that ingest examples).
class QuietReporter : public ingest::Reporter {
 public:
  void OnDocument(const ingest::DocumentReport&) override {}
  void OnError(const Status&) override {}
};
// Is `item` among `items` (data items, victims …)?
bool Has(const std::vector<std::string>& items, const std::string& item);
// Was the article's incident reported to `authority` (police, ppc …)?
bool ReportedTo(const model::Article& a, const std::string& authority);
normalize::NormalizedText NormalizeOrDie(const std::string& bytes);
// ../shared beside the repository, if present.
std::optional<std::filesystem::path> SharedDir();

// utf8 in another encoding (an ICU converter name: "windows-31j", "EUC-JP", "ISO-2022-JP",
// "UTF-16LE" ...), for fixtures made in the test itself.
std::string Encode(std::string_view utf8, const char* charset);
// A one-page PDF whose text layer holds `lines` (a Type0 font with a ToUnicode map, so the text
// is extractable though no glyphs are embedded); an empty line leaves a paragraph gap. `title`
// goes into the document information dictionary.
std::string MakePdf(const std::vector<std::string>& lines, const std::string& title = "",
                    bool encrypted = false);  // encrypted: a user password no one knows

// PostgreSQL for the store and CLI tests (testing_pg.cc): the admin URI of the test server
// (database postgres), started on first use unless ctest's fixture runs one ($JIKENBO_TEST_PG).
const std::string& PgAdminUri();
// A new empty database on it (its URI), dropped by DropPgDatabase; "" and a test failure when
// no server can be started.
std::string CreatePgDatabase();
void DropPgDatabase(const std::string& uri);

// A casebook for one test on a backend ("sqlite": a temporary file; "postgres": a database of
// its own), removed at the end. `db` is what --db takes. Close every store on it first.
struct TestCasebook {
  explicit TestCasebook(const std::string& backend);
  ~TestCasebook();
  TestCasebook(const TestCasebook&) = delete;
  TestCasebook& operator=(const TestCasebook&) = delete;
  std::string db;
  bool pg = false;
};

}  // namespace jikenbo::testing
