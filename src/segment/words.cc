#include "segment/words.h"

#include <algorithm>

#include "base/utf8.h"

namespace jikenbo::segment {
namespace {

enum class Script { kNone, kHan, kKatakana, kLatin };

Script ScriptOf(char32_t cp) {
  if (utf8::IsHan(cp)) return Script::kHan;
  if (utf8::IsKatakana(cp)) return Script::kKatakana;
  if (utf8::IsAsciiAlnum(cp)) return Script::kLatin;
  return Script::kNone;
}

// Builds the term for title[begin, end) of one script; `cps` are its code point offsets.
Term MakeTerm(std::string_view title, Script script, const std::vector<size_t>& cps, size_t end) {
  Term term;
  if (script == Script::kLatin) {
    std::string word = utf8::AsciiLower(title.substr(cps.front(), end - cps.front()));
    const bool has_letter =
        std::any_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; });
    if (word.size() >= 2 && has_letter) term.parts.push_back(std::move(word));
    return term;
  }
  for (size_t k = 0; k + 1 < cps.size(); ++k) {
    const size_t pair_end = k + 2 < cps.size() ? cps[k + 2] : end;
    term.parts.emplace_back(title.substr(cps[k], pair_end - cps[k]));
  }
  return term;
}

}  // namespace

std::vector<Term> TitleTerms(std::string_view title) {
  std::vector<Term> terms;
  std::vector<size_t> cps;
  Script current = Script::kNone;
  auto flush = [&](size_t end) {
    if (current != Script::kNone && !cps.empty()) {
      Term t = MakeTerm(title, current, cps, end);
      const bool seen = std::any_of(terms.begin(), terms.end(),
                                    [&](const Term& o) { return o.parts == t.parts; });
      if (!t.parts.empty() && !seen) terms.push_back(std::move(t));
    }
    cps.clear();
  };
  for (size_t i = 0; i < title.size();) {
    const utf8::Decoded d = utf8::Next(title, i);
    const Script s = ScriptOf(d.cp);
    if (s != current) {
      flush(i);
      current = s;
    }
    if (s != Script::kNone) cps.push_back(i);
    i += d.len;
  }
  flush(title.size());
  return terms;
}

double Overlap(const std::vector<Term>& terms, std::string_view window) {
  if (terms.empty()) return 0;
  const std::string lower = utf8::AsciiLower(window);
  double sum = 0;
  for (const Term& t : terms) {
    size_t found = 0;
    for (const std::string& p : t.parts) found += lower.find(p) != std::string::npos;
    sum += static_cast<double>(found) / static_cast<double>(t.parts.size());
  }
  return sum / static_cast<double>(terms.size());
}

double HiraganaShare(std::string_view text) {
  size_t total = 0;
  size_t hiragana = 0;
  for (size_t i = 0; i < text.size();) {
    const utf8::Decoded d = utf8::Next(text, i);
    i += d.len;
    if (utf8::IsSpace(d.cp)) continue;
    ++total;
    hiragana += utf8::IsHiragana(d.cp);
  }
  return total == 0 ? 0 : static_cast<double>(hiragana) / static_cast<double>(total);
}

std::string_view WindowAfter(std::string_view text, size_t offset, size_t max_chars) {
  size_t end = offset;
  for (size_t n = 0; n < max_chars && end < text.size(); ++n) end += utf8::Next(text, end).len;
  return text.substr(offset, end - offset);
}

std::string_view WindowBefore(std::string_view text, size_t offset, size_t max_chars) {
  size_t begin = offset;
  for (size_t n = 0; n < max_chars && begin > 0; ++n) begin = utf8::Prev(text, begin);
  return text.substr(begin, offset - begin);
}

}  // namespace jikenbo::segment
