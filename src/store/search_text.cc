#include "store/search_text.h"

#include <unicode/uchar.h>

#include "base/utf8.h"
#include "normalize/normalize.h"

namespace jikenbo::store {
namespace {

bool IsWordChar(char32_t cp) {
  return cp != utf8::kInvalid &&
         (utf8::IsAsciiAlnum(cp) || (cp >= 0x80 && u_isalnum(static_cast<UChar32>(cp))));
}

// Calls on_run(run) for each CJK run and on_other(piece) for everything in between.
template <typename Run, typename Other>
void SplitRuns(std::string_view text, Run on_run, Other on_other) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t start = i;
    const bool cjk = utf8::IsCjk(utf8::Next(text, i).cp);
    while (i < text.size()) {
      const utf8::Decoded d = utf8::Next(text, i);
      if (utf8::IsCjk(d.cp) != cjk) break;
      i += d.len;
    }
    if (cjk)
      on_run(text.substr(start, i - start));
    else
      on_other(text.substr(start, i - start));
  }
}

std::vector<std::string_view> CodePoints(std::string_view run) {
  std::vector<std::string_view> cps;
  for (size_t i = 0; i < run.size();) {
    const uint32_t len = utf8::Next(run, i).len;
    cps.push_back(run.substr(i, len));
    i += len;
  }
  return cps;
}

}  // namespace

std::string IndexText(std::string_view nfkc) {
  std::string out;
  out.reserve(nfkc.size() * 2 + 16);
  SplitRuns(
      nfkc,
      [&](std::string_view run) {
        const auto cps = CodePoints(run);
        out.push_back(' ');
        for (size_t k = 0; k < cps.size(); ++k) {
          out.append(cps[k]);
          if (k + 1 < cps.size()) out.append(cps[k + 1]);
          out.push_back(' ');
        }
      },
      [&](std::string_view other) { out.append(other); });
  return out;
}

std::vector<std::string> QueryTerms(std::string_view query) {
  const std::string nfkc = utf8::AsciiLower(normalize::Nfkc(query));
  std::vector<std::string> terms;
  SplitRuns(
      nfkc, [&](std::string_view run) { terms.emplace_back(run); },
      [&](std::string_view other) {
        std::string word;
        for (size_t i = 0; i <= other.size();) {
          const utf8::Decoded d = i < other.size() ? utf8::Next(other, i) : utf8::Decoded{' ', 1};
          if (IsWordChar(d.cp)) {
            word.append(other.substr(i, d.len));
          } else if (!word.empty()) {
            terms.push_back(std::move(word));
            word.clear();
          }
          i += d.len;
        }
      });
  return terms;
}

std::string MatchExpression(std::string_view query) {
  std::string expr;
  for (const std::string& term : QueryTerms(query)) {
    if (!expr.empty()) expr.push_back(' ');
    const std::string_view t = term;
    const bool cjk = utf8::IsCjk(utf8::Next(t, 0).cp);
    const auto cps = CodePoints(t);
    if (!cjk) {
      expr += "\"" + term + "\"";
    } else if (cps.size() == 1) {
      expr += "\"" + term + "\"*";
    } else {
      expr.push_back('"');
      for (size_t k = 0; k + 1 < cps.size(); ++k) {
        if (k > 0) expr.push_back(' ');
        expr.append(cps[k]);
        expr.append(cps[k + 1]);
      }
      expr.push_back('"');
    }
  }
  return expr;
}

}  // namespace jikenbo::store
