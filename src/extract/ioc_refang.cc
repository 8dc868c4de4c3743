// One token of the indicator scanner: refanging (every defang form to what it stands for) with
// a map from the refanged text back to the input bytes.
#include <algorithm>
#include <array>
#include <cstring>

#include "base/utf8.h"
#include "extract/ioc_internal.h"

namespace jikenbo::extract::ioc {
namespace {

// Defang forms, longest first; matched case-insensitively. The replacement "://" etc.
struct Form {
  std::string_view from;
  std::string_view to;
};
constexpr std::array<Form, 47> kForms = {{
    {"[://]", "://"}, {"[:]//", "://"}, {"(://)", "://"}, {"{://}", "://"}, {"[dot]", "."},
    {"(dot)", "."},   {"{dot}", "."},   {"<dot>", "."},   {"[.]", "."},     {"(.)", "."},
    {"{.}", "."},     {"<.>", "."},     {"\\.", "."},     {"[at]", "@"},    {"(at)", "@"},
    {"{at}", "@"},    {"[@]", "@"},     {"(@)", "@"},     {"{@}", "@"},     {"[:]", ":"},
    {"(:)", ":"},     {"[/]", "/"},     {"[.", "."},      {".]", "."},      {"(.", "."},
    {".)", "."},      {"[,]", "."},     {"[.)", "."},     {"(.]", "."},     {"{.)", "."},
    {"(.}", "."},     {"[.}", "."},     {"{.]", "."},     {" [ . ] ", "."}, {" @ ", "@"},
    {" @", "@"},      {"@ ", "@"},      {"[.] ", "."},    {" [.", "."},     {" [dot] ", "."},
    {" (dot) ", "."}, {" dot ", "."},   {" [.] ", "."},   {" (.) ", "."},   {" . ", "."},
    {" [@] ", "@"},   {" [at] ", "@"},
}};

// The forms that start with c (forms start with one of "[({<\\.@ ").
const std::vector<const Form*>& FormsStartingWith(char c) {
  static const std::array<std::vector<const Form*>, 128> kByFirst = [] {
    std::array<std::vector<const Form*>, 128> by{};
    for (const Form& f : kForms) by[static_cast<unsigned char>(f.from[0])].push_back(&f);
    return by;
  }();
  return kByFirst[static_cast<unsigned char>(c) & 0x7F];
}

// Scheme defangs at the start of a token: hxxp, hXXp, hxp, h**p, h__p, hxtp, meow, fxp.
size_t SchemeDefang(std::string_view t, std::string* out) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kSchemes = {
      {{"hxxps", "https"},
       {"hxxp", "http"},
       {"hxps", "https"},
       {"hxp", "http"},
       {"h**ps", "https"},
       {"h**p", "http"},
       {"h__ps", "https"},
       {"h__p", "http"},
       {"hxtps", "https"},
       {"hxtp", "http"},
       {"meow", "http"}}};
  for (const auto& [from, to] : kSchemes) {
    if (StartsNoCase(t, from)) {
      // Only as a scheme: followed by :// or a defanged form of it
      const std::string_view rest = t.substr(from.size());
      if (rest.rfind("://", 0) == 0 || rest.rfind("[:", 0) == 0 || rest.rfind("[://", 0) == 0 ||
          rest.rfind("__", 0) == 0 || rest.rfind(":\\/\\/", 0) == 0) {
        *out = std::string(to);
        return from.size();
      }
    }
  }
  if (StartsNoCase(t, "fxp://")) {
    *out = "ftp";
    return 3;
  }
  return 0;
}

// Full-width ASCII (U+FF01..U+FF5E) to ASCII, with the input range of each output byte.
void FoldFullWidth(std::string_view token, std::string* a, std::vector<uint32_t>* ab,
                   std::vector<uint32_t>* ae) {
  for (size_t i = 0; i < token.size();) {
    size_t len = 1;
    char out = token[i];
    if (static_cast<unsigned char>(token[i]) == 0xEF && i + 2 < token.size()) {
      const auto d = utf8::Next(token, i);
      if (d.cp >= 0xFF01 && d.cp <= 0xFF5E) out = static_cast<char>(d.cp - 0xFEE0), len = d.len;
    }
    a->push_back(out);
    ab->push_back(static_cast<uint32_t>(i));
    ae->push_back(static_cast<uint32_t>(i + len));
    i += len;
  }
}

}  // namespace

size_t BracketedAt(std::string_view s, size_t i, char* stands_for) {
  auto open = [](char c) { return c == '[' || c == '(' || c == '{' || c == '<'; };
  auto close = [](char c) { return c == ']' || c == ')' || c == '}' || c == '>'; };
  size_t j = i;
  size_t brackets = 0;
  while (j < s.size() && (s[j] == ' ' || open(s[j]))) brackets += open(s[j++]);
  char what = 0;
  bool word = false;
  if (j < s.size() && (s[j] == '.' || s[j] == '@')) {
    what = s[j++];
  } else if (StartsNoCase(s.substr(j), "dot")) {
    what = '.', j += 3, word = true;
  } else if (StartsNoCase(s.substr(j), "at")) {
    what = '@', j += 2, word = true;
  } else {
    return 0;
  }
  while (j < s.size() && (s[j] == ' ' || close(s[j]))) brackets += close(s[j++]);
  // Between two labels, holding a bracket; a bare word (" dot ") needs spaces on both sides.
  if (j >= s.size() || !IsLabelChar(s[j]) || j == i + 1) return 0;
  if (brackets == 0 && !(word && s[i] == ' ' && s[j - 1] == ' ')) return 0;
  if (brackets == 0 && what == '@') return 0;  // " at " alone is English, not an address
  *stands_for = what;
  return j - i;
}

size_t AtWordAt(std::string_view s, size_t i) {
  if (i == 0 || !IsAlnum(s[i - 1]) || !StartsNoCase(s.substr(i), " at ")) return 0;
  size_t j = i + 4;
  while (j < s.size() && s[j] == ' ') ++j;
  const size_t label = j;
  while (j < s.size() && (IsAlnum(s[j]) || s[j] == '-')) ++j;
  if (j == label || j >= s.size()) return 0;
  char what = 0;
  const size_t n = BracketedAt(s, j, &what);
  if (n == 0 || what != '.') return 0;
  for (size_t k = j; k + 3 <= j + n; ++k) {
    if (StartsNoCase(s.substr(k), "dot")) return label - i;
  }
  return 0;  // "user at example[.]com" could be prose about a host
}

void Refang(std::string_view token, Refanged* out) {
  // Pass 1: full-width ASCII (U+FF01..U+FF5E) to ASCII. Most tokens hold none: then a is the
  // token itself and ab/ae are left empty (identity).
  thread_local std::string folded;
  thread_local std::vector<uint32_t> ab, ae;
  ab.clear();
  ae.clear();
  std::string_view a = token;
  if (token.find('\xEF') != std::string_view::npos) {
    folded.clear();
    FoldFullWidth(token, &folded, &ab, &ae);
    a = folded;
  }
  const bool identity = ab.empty();
  auto src_begin = [&](size_t i) { return identity ? static_cast<uint32_t>(i) : ab[i]; };
  auto src_end = [&](size_t i) { return identity ? static_cast<uint32_t>(i + 1) : ae[i]; };
  // Pass 2: defang forms.
  Refanged& r = *out;
  r.text.clear();
  r.begin.clear();
  r.end.clear();
  r.defanged = false;
  r.identity = false;
  // Most tokens need no change: while none has been made, the output is a[0, i) and is not
  // written; the first change writes it out.
  bool lazy = identity;
  auto put_run = [&](size_t b, size_t e) {  // a[b, e) as it is
    if (lazy) return;
    const size_t at = r.text.size();
    r.text.append(a.substr(b, e - b));
    r.begin.resize(at + e - b);
    r.end.resize(at + e - b);
    uint32_t* rb = r.begin.data() + at;
    uint32_t* re = r.end.data() + at;
    for (size_t k = b; k < e; ++k) {
      *rb++ = src_begin(k);
      *re++ = src_end(k);
    }
  };
  auto put = [&](std::string_view s, size_t b, size_t e) {  // s for a[b, e)
    if (lazy) {
      lazy = false;
      put_run(0, b);
    }
    const uint32_t sb = src_begin(b), se = src_end(e - 1);
    for (char ch : s) {
      r.text.push_back(ch);
      r.begin.push_back(sb);
      r.end.push_back(se);
    }
  };
  // The last byte written before a[i].
  auto last_out = [&](size_t i) -> char {
    if (lazy) return i > 0 ? a[i - 1] : '\0';
    return r.text.empty() ? '\0' : r.text.back();
  };
  // Bytes where a defang form may start.
  static constexpr auto kFormStart = ByteSet("[({<\\.@ ");
  auto plain = [&](size_t k) {
    const char c = a[k];
    if (kFormStart[static_cast<unsigned char>(c)]) return false;
    return !(k > 0 && !IsAlnum(a[k - 1]) &&
             (c == 'h' || c == 'H' || c == 'm' || c == 'M' || c == 'f'));
  };
  size_t i = 0;
  if (std::string scheme; size_t n = SchemeDefang(a, &scheme)) {
    put(scheme, 0, n);
    r.defanged = true;
    i = n;
  }
  // The separator after a scheme, in its mangled forms: http__host, https:__host, http:\\\\host,
  // http:\\/\\/host.
  {
    size_t w = i;
    std::string word = r.text;  // a defanged scheme already written
    if (word.empty()) {
      while (w < a.size() && w - i < 6 && IsAlpha(a[w])) ++w;
      word = utf8::AsciiLower(std::string_view(a).substr(i, w - i));
    }
    static constexpr std::array<std::string_view, 9> kSchemes = {
        "http", "https", "ftp", "ftps", "sftp", "tcp", "udp", "ws", "wss"};
    if (std::find(kSchemes.begin(), kSchemes.end(), word) != kSchemes.end()) {
      for (std::string_view sepform : {":__", "__", ":\\\\", ":\\/\\/", ":/\\/"}) {
        if (a.compare(w, sepform.size(), sepform) != 0) continue;
        if (r.text.empty()) put(std::string_view(a).substr(i, w - i), i, w);
        put("://", w, w + sepform.size());
        r.defanged = true;
        i = w + sepform.size();
        break;
      }
    }
  }
  while (i < a.size()) {
    bool done = false;
    const char c = a[i];
    // A defanged scheme after punctuation: "（hxxps://…", "：hxxp://…"
    if (i > 0 && !IsAlnum(a[i - 1]) && (c == 'h' || c == 'H' || c == 'm' || c == 'M' || c == 'f')) {
      std::string scheme;
      if (const size_t n = SchemeDefang(std::string_view(a).substr(i), &scheme)) {
        put(scheme, i, i + n);
        i += n;
        r.defanged = true;
        continue;
      }
    }
    if (c == '[' || c == '(' || c == '{' || c == '<' || c == '\\' || c == '.' || c == ' ' ||
        c == '@') {
      const Form* best = nullptr;  // the longest form that matches here
      for (const Form* fp : FormsStartingWith(c)) {
        const Form& f = *fp;
        if (a.size() - i < f.from.size()) continue;
        bool eq = true;
        for (size_t k = 0; k < f.from.size() && eq; ++k) {
          eq = a[i + k] == f.from[k] || (IsAlpha(a[i + k]) && (a[i + k] | 0x20) == f.from[k]);
        }
        if (!eq) continue;
        // "[." and ".]" only next to a label ("example[.com"), " dot " only between labels.
        if (f.from[0] == ' ' || f.from == "[." || f.from == "(.") {
          if (!IsLabelChar(last_out(i))) continue;
        }
        if (f.from[0] == ' ' &&
            (i + f.from.size() >= a.size() || !IsLabelChar(a[i + f.from.size()]))) {
          continue;
        }
        if ((f.from == ".]" || f.from == ".)") && (i + 2 >= a.size() || !IsLabelChar(a[i + 2]))) {
          continue;
        }
        if (best == nullptr || f.from.size() > best->from.size()) best = &f;
      }
      if (best != nullptr) {
        put(best->to, i, i + best->from.size());
        i += best->from.size();
        r.defanged = true;
        done = true;
      }
    }
    if (!done && c == ' ') {
      if (const size_t n = AtWordAt(a, i)) {
        put("@", i, i + n);
        i += n;
        r.defanged = true;
        continue;
      }
    }
    char stands_for = 0;
    if (!done && IsLabelChar(last_out(i)) &&
        (c == ' ' || c == '[' || c == '(' || c == '{' || c == '<')) {
      if (size_t n = BracketedAt(a, i, &stands_for)) {
        put(std::string_view(&stands_for, 1), i, i + n);
        i += n;
        r.defanged = true;
        done = true;
      }
    }
    if (!done) {
      size_t j = i + 1;
      while (j < a.size() && plain(j)) ++j;
      put_run(i, j);
      i = j;
    }
  }
  if (lazy) {  // unchanged: the token itself, offsets the identity
    r.text.assign(a);
    r.identity = true;
  }
}

}  // namespace jikenbo::extract::ioc
