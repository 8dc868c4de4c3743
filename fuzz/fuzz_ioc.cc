// Fuzz target: the indicator scanner on any bytes, whole and streamed in uneven chunks; both must
// find the same indicators, every offset must point at what was found, and defanging must not
// fail.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "extract/ioc.h"
#include "fuzz/fuzz_common.h"

using namespace jikenbo;

namespace {
const extract::IocExtractor& Scanner() { return FuzzPipeline().iocs; }
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const std::vector<extract::Ioc> whole = Scanner().ScanAll(text);
  for (const extract::Ioc& i : whole) {
    if (i.offset + i.found.size() > text.size()) std::abort();
    if (i.tags.empty() || i.tags.front() != "masked") {
      // (a masked secret is rewritten in `found`; anything else is the input as written)
      bool masked = false;
      for (const std::string& t : i.tags) masked = masked || t == "masked";
      if (!masked && text.compare(i.offset, i.found.size(), i.found) != 0) std::abort();
    }
    (void)extract::Defang(i);
  }
  std::vector<extract::Ioc> streamed;
  extract::IocStream stream(Scanner(), [&](extract::Ioc i) { streamed.push_back(std::move(i)); });
  const size_t step = size < 2 ? 1 : 1 + data[0] % 61;
  for (size_t at = 0; at < size; at += step) stream.Feed(std::string_view(text).substr(at, step));
  stream.Finish();
  if (streamed.size() != whole.size()) std::abort();
  return 0;
}
