// Fuzz target: the indicator scanner on any bytes, whole and streamed in uneven chunks; both must
// find the same indicators, every offset must point at what was found, and defanging must not
// fail. The roles: every indicator gets one of the five, with a reason, whole or line by line.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "extract/ioc.h"
#include "extract/ioc_roles.h"
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
  const auto& names = extract::IocRoleNames();
  auto judged_ok = [&](const std::vector<extract::Ioc>& iocs) {
    for (const extract::Ioc& i : iocs) {
      if (std::find(names.begin(), names.end(), i.role) == names.end()) std::abort();
      if (i.role_reason.empty()) std::abort();
    }
  };
  std::vector<extract::Ioc> judged = whole;
  FuzzPipeline().roles.Judge(text, &judged, {.kind = size % 2 == 0 ? "threat_report" : ""});
  judged_ok(judged);
  extract::IocRoles::LineState state;  // as `jikenbo ioc` reads: line by line
  for (size_t start = 0; start < text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string_view line = std::string_view(text).substr(start, end - start);
    std::vector<extract::Ioc> on_line = Scanner().ScanAll(line);
    FuzzPipeline().roles.JudgeLine(line, &on_line, &state, {});
    judged_ok(on_line);
    start = end + 1;
  }
  return 0;
}
