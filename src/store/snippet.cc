#include "store/snippet.h"

#include <algorithm>

#include "base/utf8.h"
#include "normalize/normalize.h"

namespace jikenbo::store {
namespace {

size_t BackChars(std::string_view s, size_t pos, size_t n) {
  while (n-- > 0 && pos > 0) pos = utf8::Prev(s, pos);
  return pos;
}

size_t ForwardChars(std::string_view s, size_t pos, size_t n) {
  while (n-- > 0 && pos < s.size()) pos += utf8::Next(s, pos).len;
  return pos;
}

}  // namespace

void MakeSnippet(std::string_view text, const std::vector<std::string>& terms, std::string* snippet,
                 std::vector<std::pair<uint32_t, uint32_t>>* highlights, size_t context_chars) {
  snippet->clear();
  highlights->clear();
  auto norm = normalize::Normalize(text);
  if (!norm.ok()) return;
  const std::string lower = utf8::AsciiLower(norm->nfkc());
  // Every match in text offsets, sorted.
  std::vector<std::pair<uint64_t, uint64_t>> matches;
  for (const std::string& t : terms) {
    if (t.empty()) continue;
    for (size_t p = lower.find(t); p != std::string::npos; p = lower.find(t, p + t.size())) {
      const uint64_t b = norm->nfkc_to_text().ToOrigin(p);
      const uint64_t e = norm->nfkc_to_text().ToOriginEnd(p + t.size(), text.size());
      matches.emplace_back(b, e);
      if (matches.size() > 256) break;
    }
  }
  std::sort(matches.begin(), matches.end());
  const size_t anchor = matches.empty() ? 0 : matches.front().first;
  const size_t begin = BackChars(text, anchor, context_chars);
  const size_t end =
      ForwardChars(text, matches.empty() ? 0 : matches.front().second, context_chars * 2);
  snippet->assign(text.substr(begin, end - begin));
  std::replace_if(
      snippet->begin(), snippet->end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; },
      ' ');
  for (const auto& [b, e] : matches) {
    if (b < begin || e > end) continue;
    if (!highlights->empty() && b < highlights->back().second + begin) continue;
    highlights->emplace_back(static_cast<uint32_t>(b - begin), static_cast<uint32_t>(e - begin));
  }
}

}  // namespace jikenbo::store
