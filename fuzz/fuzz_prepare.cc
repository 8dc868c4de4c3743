// Fuzz target: bytes as a document of any format, through decoding (encodings, HTML, PDF, feeds,
// e-mail), normalisation, segmentation, classification and extraction. The first byte picks the
// file name the bytes arrive under (it steers format sniffing); the rest is the document.
// Invariants checked: every evidence span lies inside its article; articles are valid UTF-8.
#include <cstdint>
#include <cstdlib>
#include <string>

#include "base/utf8.h"
#include "ingest/ingest.h"
#include "fuzz/fuzz_common.h"

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
      if (!utf8::IsValid(a.text) || !utf8::IsValid(a.title)) std::abort();
      for (const model::Evidence& e : a.incident.evidence) {
        if (e.span.begin > e.span.end || e.span.end > a.text.size()) std::abort();
      }
    }
  }
  return 0;
}
