// Fuzz target: the extraction of dates, counts, organisations, data items, authorities, cause
// and countermeasures on plain text, without decoding or segmentation in front (so the fuzzer's
// time goes to the extractors). The first byte picks the article's kind: as classified, or
// forced to incident or advisory so that every extractor runs on any text. The rest, repaired to
// UTF-8, is the article; its first line is the title. Invariants: fuzz/invariants.h.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "base/utf8.h"
#include "fuzz/fuzz_common.h"
#include "fuzz/invariants.h"

using namespace jikenbo;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const ingest::Pipeline& p = FuzzPipeline();
  model::Article a;
  std::vector<size_t> bad;
  utf8::Repair(std::string_view(reinterpret_cast<const char*>(data) + 1, size - 1), &a.text, &bad);
  const size_t eol = std::min(a.text.find('\n'), a.text.size());
  a.title = a.text.substr(0, eol);
  a.title_span = {0, static_cast<uint32_t>(eol)};
  const classify::ArticleText text(a);
  p.classifier.Apply(text, &a);
  if (data[0] % 3 == 1) a.incident.kind = "incident";
  if (data[0] % 3 == 2) a.incident.kind = "advisory";
  p.extractor.Extract(text, &a);
  const std::string v = invariants::ArticleViolation(a);
  if (!v.empty()) {
    std::fprintf(stderr, "invariant violated: %s\n", v.c_str());
    std::abort();
  }
  return 0;
}
