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

namespace {

// Each term's phrase in FTS5 query syntax (without quotes) and whether it is a prefix query.
std::vector<std::pair<std::string, bool>> PhraseStrings(std::string_view query) {
  std::vector<std::pair<std::string, bool>> out;
  for (const std::string& term : QueryTerms(query)) {
    const std::string_view t = term;
    const bool cjk = utf8::IsCjk(utf8::Next(t, 0).cp);
    const auto cps = CodePoints(t);
    if (!cjk) {
      out.emplace_back(term, false);
    } else if (cps.size() == 1) {
      out.emplace_back(term, true);
    } else {
      std::string pairs;
      for (size_t k = 0; k + 1 < cps.size(); ++k) {
        if (k > 0) pairs.push_back(' ');
        pairs.append(cps[k]);
        pairs.append(cps[k + 1]);
      }
      out.emplace_back(std::move(pairs), false);
    }
  }
  return out;
}

bool IsTokenChar(char32_t cp) {
  if (cp < 0x80) return utf8::IsAsciiAlnum(cp);
  if (cp == utf8::kInvalid) return false;
  switch (u_charType(static_cast<UChar32>(cp))) {
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER:
    case U_PRIVATE_USE_CHAR:
      return true;
    default:
      return false;
  }
}

}  // namespace

std::string MatchExpression(std::string_view query) {
  std::string expr;
  for (const auto& [phrase, prefix] : PhraseStrings(query)) {
    if (!expr.empty()) expr.push_back(' ');
    expr += "\"" + phrase + "\"";
    if (prefix) expr.push_back('*');
  }
  return expr;
}

std::vector<std::string> Tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string token;
  for (size_t i = 0; i <= text.size();) {
    const utf8::Decoded d = i < text.size() ? utf8::Next(text, i) : utf8::Decoded{' ', 1};
    if (IsTokenChar(d.cp)) {
      const char32_t folded = d.cp < 0x80
                                  ? (d.cp >= 'A' && d.cp <= 'Z' ? d.cp + 32 : d.cp)
                                  : static_cast<char32_t>(u_tolower(static_cast<UChar32>(d.cp)));
      utf8::Append(folded, &token);
    } else if (!token.empty()) {
      out.push_back(std::move(token));
      token.clear();
    }
    i += d.len;
  }
  return out;
}

std::vector<Phrase> QueryPhrases(std::string_view query) {
  std::vector<Phrase> out;
  for (const auto& [phrase, prefix] : PhraseStrings(query)) out.push_back({Tokens(phrase), prefix});
  return out;
}

size_t CountPhrase(const std::vector<std::string>& tokens, const Phrase& phrase) {
  const size_t n = phrase.tokens.size();
  if (n == 0 || tokens.size() < n) return 0;
  size_t count = 0;
  for (size_t p = 0; p + n <= tokens.size(); ++p) {
    bool match = true;
    for (size_t k = 0; k < n && match; ++k) {
      const std::string& want = phrase.tokens[k];
      const std::string& have = tokens[p + k];
      match =
          (k + 1 == n && phrase.prefix) ? have.compare(0, want.size(), want) == 0 : have == want;
    }
    if (match) ++count;
  }
  return count;
}

}  // namespace jikenbo::store
