// Fuzz target: bytes as a document of any format, through decoding (encodings, HTML, PDF, feeds,
// e-mail), normalisation, segmentation, classification and extraction. The first byte picks the
// file name the bytes arrive under (it steers format sniffing); the rest is the document.
// Invariants checked: fuzz/invariants.h (spans inside their article, on character boundaries,
// mapping back to the same bytes of the source document; valid UTF-8; ISO dates).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "base/utf8.h"
#include "fuzz/fuzz_common.h"
#include "fuzz/invariants.h"
#include "ingest/ingest.h"

using namespace jikenbo;

namespace {
const ingest::Pipeline& Rules() { return FuzzPipeline(); }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* kNames[] = {"a.txt", "a.md", "a.html", "a.pdf", "a.rss", "a.eml", "a"};
  const std::string name = kNames[data[0] % 7];
  std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  auto prepared = ingest::Prepare(name, std::move(bytes), Rules());
  if (!prepared.ok()) return 0;
  for (const ingest::Prepared& p : *prepared) {
    for (const model::Article& a : p.articles) {
      std::string v = invariants::ArticleViolation(a);
      if (v.empty()) v = invariants::SourceViolation(p.document, a);
      if (!v.empty()) {
        std::fprintf(stderr, "invariant violated in article %u: %s\n", a.ordinal, v.c_str());
        std::abort();
      }
    }
  }
  return 0;
}
