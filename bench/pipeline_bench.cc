// Function benchmarks of the pipeline stages (Google Benchmark): normalisation, segmentation and
// the search-index text, over a deterministic synthetic digest page built from examples/; and
// the analysis of one notice (classification with its negation and preference rules, then every
// extractor) over each text example as one article.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include "base/file_source.h"
#include "ingest/pipeline.h"
#include "normalize/normalize.h"
#include "segment/segment.h"
#include "store/search_text.h"

namespace {

std::string ReadFile(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// About `bytes` of text: the example notices repeated as ●-items of one page.
const std::string& Corpus(size_t bytes) {
  static std::map<size_t, std::string> cache;
  std::string& out = cache[bytes];
  if (!out.empty()) return out;
  std::vector<std::string> notices;
  for (const auto& e : std::filesystem::directory_iterator(JIKENBO_SOURCE_DIR "/examples")) {
    notices.push_back(ReadFile(e.path()));
  }
  std::sort(notices.begin(), notices.end());
  for (size_t i = 0; out.size() < bytes; ++i) {
    out += "\n●項目" + std::to_string(i) + " 架空の事案についてのお知らせ\n\n";
    out += notices[i % notices.size()];
  }
  return out;
}

const jikenbo::segment::Segmenter& Seg() {
  static auto* seg = [] {
    const std::string path = JIKENBO_SOURCE_DIR "/rules/segment.rules";
    auto s = jikenbo::segment::Segmenter::Create({path, ReadFile(path)});
    if (!s.ok()) std::abort();
    return new jikenbo::segment::Segmenter(std::move(s).value());
  }();
  return *seg;
}

void BM_Normalize(benchmark::State& state) {
  const std::string& text = Corpus(static_cast<size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(jikenbo::normalize::Normalize(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Normalize)->Arg(1 << 20)->Arg(8 << 20);

void BM_NormalizeAndSegment(benchmark::State& state) {
  const std::string& text = Corpus(static_cast<size_t>(state.range(0)));
  for (auto _ : state) {
    auto n = jikenbo::normalize::Normalize(text);
    benchmark::DoNotOptimize(Seg().Split(*n));
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_NormalizeAndSegment)->Arg(1 << 20)->Arg(8 << 20);

void BM_SearchIndexText(benchmark::State& state) {
  const std::string text = jikenbo::normalize::Nfkc(Corpus(1 << 20));
  for (auto _ : state) benchmark::DoNotOptimize(jikenbo::store::IndexText(text));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_SearchIndexText);

const jikenbo::ingest::Pipeline& Analysis() {
  static auto* pipeline = [] {
    auto files = jikenbo::NewDiskFileSource();
    auto p = jikenbo::ingest::LoadPipeline(*files, JIKENBO_SOURCE_DIR "/rules");
    if (!p.ok()) std::abort();
    return new jikenbo::ingest::Pipeline(std::move(p).value());
  }();
  return *pipeline;
}

// Classify + extract, per notice: the text examples (.txt), each as one article.
void BM_AnalyzeNotice(benchmark::State& state) {
  std::vector<jikenbo::model::Article> articles;
  size_t bytes = 0;
  for (const auto& e : std::filesystem::directory_iterator(JIKENBO_SOURCE_DIR "/examples")) {
    if (e.path().extension() != ".txt") continue;
    jikenbo::model::Article a;
    a.text = ReadFile(e.path());
    a.start_rule = "document";
    bytes += a.text.size();
    articles.push_back(std::move(a));
  }
  for (auto _ : state) {
    for (const auto& a : articles) {
      jikenbo::model::Article copy = a;
      Analysis().Analyze(&copy);
      benchmark::DoNotOptimize(copy.incident.kind);
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * articles.size()));
}
BENCHMARK(BM_AnalyzeNotice);

}  // namespace

BENCHMARK_MAIN();
