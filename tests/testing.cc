#include "tests/testing.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace jikenbo::testing {

std::string SourceDir() { return JIKENBO_SOURCE_DIR; }

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::vector<std::filesystem::path> Fixtures(const std::string& dir, const std::string& ext) {
  std::vector<std::filesystem::path> out;
  for (const auto& e :
       std::filesystem::directory_iterator(std::filesystem::path(SourceDir()) / dir)) {
    if (e.path().extension() == ext) out.push_back(e.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::filesystem::path GoldenFor(const std::filesystem::path& input) {
  auto p = input;
  return p.replace_extension(".golden");
}

void ExpectGolden(const std::string& actual, const std::filesystem::path& golden) {
  const char* update = std::getenv("JIKENBO_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream(golden, std::ios::binary) << actual;
    return;
  }
  ASSERT_TRUE(std::filesystem::exists(golden))
      << golden << " is missing; run JIKENBO_UPDATE_GOLDEN=1 make test and review it";
  EXPECT_EQ(ReadFile(golden), actual) << "golden file " << golden;
}

const segment::Segmenter& DefaultSegmenter() {
  static const segment::Segmenter* seg = [] {
    const std::string path = SourceDir() + "/rules/segment.rules";
    auto s = segment::Segmenter::Create({path, ReadFile(path)});
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.status().ToString().c_str());
      std::abort();
    }
    return new segment::Segmenter(std::move(s).value());
  }();
  return *seg;
}

const ingest::Pipeline& DefaultPipeline() {
  static const ingest::Pipeline* pipeline = [] {
    auto files = NewDiskFileSource();
    auto p = ingest::LoadPipeline(*files, SourceDir() + "/rules");
    if (!p.ok()) {
      std::fprintf(stderr, "%s\n", p.status().ToString().c_str());
      std::abort();
    }
    return new ingest::Pipeline(std::move(p).value());
  }();
  return *pipeline;
}

normalize::NormalizedText NormalizeOrDie(const std::string& bytes) {
  auto n = normalize::Normalize(bytes);
  if (!n.ok()) std::abort();
  return std::move(n).value();
}

std::optional<std::filesystem::path> SharedDir() {
  const auto p = std::filesystem::path(SourceDir()).parent_path() / "shared";
  if (std::filesystem::is_directory(p / "seeds") &&
      std::filesystem::exists(p / "gold/seeds.jsonl")) {
    return p;
  }
  return std::nullopt;
}

}  // namespace jikenbo::testing
