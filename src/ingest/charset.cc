// Character encodings: byte-order marks, declared labels checked against the bytes, and
// detection among the encodings Japanese notices come in, all converted with ICU.
#include <fmt/format.h>
#include <re2/re2.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <algorithm>
#include <memory>

#include "base/utf8.h"
#include "ingest/decode.h"

namespace jikenbo::ingest {
namespace {

constexpr size_t kMaxWarnings = 20;

struct Closer {
  void operator()(UConverter* c) const { ucnv_close(c); }
};
using Converter = std::unique_ptr<UConverter, Closer>;

// ICU converter names for the encodings we detect and how we report them.
struct Known {
  const char* display;
  const char* icu;
};
constexpr Known kShiftJis{"Shift_JIS", "windows-31j"};  // CP932: NEC/IBM extensions included
constexpr Known kEucJp{"EUC-JP", "EUC-JP"};
constexpr Known kIso2022Jp{"ISO-2022-JP", "ISO-2022-JP"};
constexpr Known kUtf16Le{"UTF-16LE", "UTF-16LE"};
constexpr Known kUtf16Be{"UTF-16BE", "UTF-16BE"};

struct Conversion {
  std::string utf8;
  size_t errors = 0;
  std::vector<Warning> warnings;
};

// Converts with ICU, replacing each undecodable sequence by U+FFFD and noting its offset.
// REQUIRES: icu names a converter ICU has.
Conversion Convert(std::string_view bytes, const char* icu, const char* display) {
  Conversion out;
  UErrorCode status = U_ZERO_ERROR;
  Converter cnv(ucnv_open(icu, &status));
  if (U_FAILURE(status)) {
    out.errors = bytes.size() + 1;
    return out;
  }
  ucnv_setToUCallBack(cnv.get(), UCNV_TO_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &status);
  std::u16string u16;
  u16.reserve(bytes.size());
  const char* src = bytes.data();
  const char* const limit = bytes.data() + bytes.size();
  UChar chunk[4096];
  for (;;) {
    UChar* target = chunk;
    status = U_ZERO_ERROR;
    ucnv_toUnicode(cnv.get(), &target, chunk + std::size(chunk), &src, limit, nullptr, true,
                   &status);
    u16.append(chunk, static_cast<size_t>(target - chunk));
    if (status == U_BUFFER_OVERFLOW_ERROR) continue;
    if (U_SUCCESS(status)) break;
    // An illegal, unassigned or truncated sequence: ICU consumed it; say where it was.
    char bad[32];
    int8_t len = sizeof bad;
    UErrorCode ignored = U_ZERO_ERROR;
    ucnv_getInvalidChars(cnv.get(), bad, &len, &ignored);
    const size_t at = static_cast<size_t>(src - bytes.data()) - static_cast<size_t>(len);
    u16.push_back(u'\uFFFD');
    ++out.errors;
    if (out.warnings.size() < kMaxWarnings) {
      out.warnings.push_back({at, fmt::format("bytes not valid {} at offset {}", display, at)});
    }
    if (src >= limit) break;
  }
  if (out.errors > kMaxWarnings) {
    out.warnings.push_back(
        {bytes.size(), fmt::format("{} undecodable sequences in all", out.errors)});
  }
  int32_t needed = 0;
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(nullptr, 0, &needed, u16.data(), static_cast<int32_t>(u16.size()), 0xFFFD,
                     nullptr, &status);
  out.utf8.resize(static_cast<size_t>(needed));
  status = U_ZERO_ERROR;
  u_strToUTF8WithSub(out.utf8.data(), needed, &needed, u16.data(), static_cast<int32_t>(u16.size()),
                     0xFFFD, nullptr, &status);
  return out;
}

// How much a decoded text looks like Japanese or English prose: kana, kanji, ASCII and CJK
// punctuation count for it; half-width katakana runs, private-use characters, Hangul, rare
// Latin-1 symbols and controls (what a wrong Japanese decoder produces) against it.
double Plausibility(std::string_view utf8) {
  double score = 0;
  for (size_t i = 0; i < utf8.size();) {
    const auto d = utf8::Next(utf8, i);
    i += d.len;
    const char32_t c = d.cp;
    if (c == '\n' || c == '\r' || c == '\t' || (c >= 0x20 && c < 0x7F)) {
      score += 0.5;
    } else if ((c >= 0x3040 && c <= 0x30FF) || (c >= 0x4E00 && c <= 0x9FFF) ||
               (c >= 0x3000 && c <= 0x303F) || (c >= 0xFF01 && c <= 0xFF5E)) {
      score += 2;
    } else if ((c >= 0xFF61 && c <= 0xFF9F) || (c >= 0xE000 && c <= 0xF8FF) ||
               (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0x80 && c < 0xA0) || c < 0x20 || c == 0xFFFD ||
               (c >= 0x3400 && c <= 0x4DBF)) {
      score -= 3;
    }
  }
  return score;
}

// UTF-16 without a BOM: many NUL bytes, nearly all on one parity.
std::optional<Known> LooksUtf16(std::string_view bytes) {
  const size_t n = std::min<size_t>(bytes.size(), 4096) & ~size_t{1};
  if (n < 4) return std::nullopt;
  size_t even = 0, odd = 0;
  for (size_t i = 0; i < n; i += 2) {
    even += bytes[i] == 0;
    odd += bytes[i + 1] == 0;
  }
  if (odd * 4 > n && even * 40 < n) return kUtf16Le;  // ASCII-heavy UTF-16LE: "a\0b\0"
  if (even * 4 > n && odd * 40 < n) return kUtf16Be;
  return std::nullopt;
}

}  // namespace

bool LooksLikeUtf16(std::string_view bytes) {
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") return true;
  return LooksUtf16(bytes).has_value();
}

std::string HttpCharset(std::string_view content_type) {
  const std::string lower = utf8::AsciiLower(content_type);
  const size_t at = lower.find("charset=");
  if (at == std::string::npos) return "";
  std::string v(content_type.substr(at + 8));
  v = v.substr(0, v.find(';'));
  v.erase(std::remove(v.begin(), v.end(), '"'), v.end());
  v.erase(std::remove(v.begin(), v.end(), '\''), v.end());
  return std::string(utf8::Trim(v));
}

namespace {

bool HasIso2022Escapes(std::string_view bytes) {
  if (std::any_of(bytes.begin(), bytes.end(), [](char c) { return (c & 0x80) != 0; })) {
    return false;
  }
  return bytes.find("\x1b$B") != std::string_view::npos ||
         bytes.find("\x1b$@") != std::string_view::npos ||
         bytes.find("\x1b(J") != std::string_view::npos;
}

TextBytes Take(Conversion c, std::string encoding, std::string how) {
  TextBytes t;
  t.utf8 = std::move(c.utf8);
  t.encoding = std::move(encoding);
  t.how = std::move(how);
  t.warnings = std::move(c.warnings);
  return t;
}

TextBytes Detect(std::string_view bytes) {
  if (utf8::IsValid(bytes) && !HasIso2022Escapes(bytes)) {
    return {std::string(bytes), "UTF-8", "detected", {}};
  }
  if (HasIso2022Escapes(bytes)) {
    return Take(Convert(bytes, kIso2022Jp.icu, kIso2022Jp.display), kIso2022Jp.display, "detected");
  }
  if (auto wide = LooksUtf16(bytes)) {
    return Take(Convert(bytes, wide->icu, wide->display), wide->display, "detected");
  }
  // Fewest undecodable sequences wins; among equals, the more plausible text.
  struct Candidate {
    Known known;
    Conversion conv;
    double score;
  };
  std::vector<Candidate> candidates;
  {  // UTF-8 with some bad bytes (a damaged UTF-8 file) competes too, and wins ties
    Conversion c;
    std::vector<size_t> bad;
    utf8::Repair(bytes, &c.utf8, &bad);
    c.errors = bad.size();
    for (size_t i = 0; i < bad.size() && i < kMaxWarnings; ++i) {
      c.warnings.push_back({bad[i], fmt::format("bytes not valid UTF-8 at offset {}", bad[i])});
    }
    const double score = Plausibility(c.utf8);
    candidates.push_back({{"UTF-8", "UTF-8"}, std::move(c), score});
  }
  for (const Known& k : {kShiftJis, kEucJp}) {
    Conversion c = Convert(bytes, k.icu, k.display);
    const double score = Plausibility(c.utf8);
    candidates.push_back({k, std::move(c), score});
  }
  auto best = std::min_element(
      candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        const double pa = a.score - 20.0 * static_cast<double>(a.conv.errors);
        const double pb = b.score - 20.0 * static_cast<double>(b.conv.errors);
        return pa > pb;
      });
  return Take(std::move(best->conv), best->known.display, "detected");
}

}  // namespace

std::optional<std::string> CanonicalCharset(std::string_view label) {
  const std::string l = utf8::AsciiLower(utf8::Trim(label));
  if (l.empty()) return std::nullopt;
  if (l == "utf-8" || l == "utf8") return "UTF-8";
  if (l == "shift_jis" || l == "shift-jis" || l == "sjis" || l == "x-sjis" || l == "ms_kanji" ||
      l == "cp932" || l == "windows-31j" || l == "csshiftjis" || l == "x-ms-cp932" ||
      l == "cswindows31j") {
    return "Shift_JIS";
  }
  if (l == "euc-jp" || l == "x-euc-jp" || l == "eucjp" || l == "cseucpkdfmtjapanese") {
    return "EUC-JP";
  }
  if (l == "iso-2022-jp" || l == "csiso2022jp") return "ISO-2022-JP";
  if (l == "utf-16le") return "UTF-16LE";
  if (l == "utf-16be") return "UTF-16BE";
  UErrorCode status = U_ZERO_ERROR;
  const char* name = ucnv_getCanonicalName(l.c_str(), "IANA", &status);
  if (U_FAILURE(status) || name == nullptr) {
    status = U_ZERO_ERROR;
    Converter cnv(ucnv_open(l.c_str(), &status));
    if (U_FAILURE(status)) return std::nullopt;
    return l;
  }
  return std::string(name);
}

std::optional<std::string> DeclaredCharset(std::string_view bytes) {
  static const RE2 meta(R"((?i)<meta\s[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:\-]+))",
                        RE2::Latin1);
  static const RE2 xml(R"(^\s*<\?xml\s[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:\-]+))", RE2::Latin1);
  const std::string_view head = bytes.substr(0, 4096);
  std::string label;
  if (RE2::PartialMatch(head, xml, &label) || RE2::PartialMatch(head, meta, &label)) {
    return label;
  }
  return std::nullopt;
}

TextBytes ToUtf8(std::string_view bytes, std::string_view declared) {
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    Conversion c;
    std::vector<size_t> bad;
    utf8::Repair(bytes.substr(3), &c.utf8, &bad);
    for (size_t i = 0; i < bad.size() && i < kMaxWarnings; ++i) {
      c.warnings.push_back(
          {bad[i] + 3, fmt::format("bytes not valid UTF-8 at offset {}", bad[i] + 3)});
    }
    return Take(std::move(c), "UTF-8", "bom");
  }
  if (bytes.substr(0, 2) == "\xFF\xFE" || bytes.substr(0, 2) == "\xFE\xFF") {
    const Known k = bytes[0] == '\xFF' ? kUtf16Le : kUtf16Be;
    return Take(Convert(bytes.substr(2), k.icu, k.display), k.display, "bom");
  }
  std::vector<Warning> notes;
  if (!declared.empty()) {
    const auto canonical = CanonicalCharset(declared);
    if (!canonical) {
      notes.push_back({0, fmt::format("unknown declared charset '{}'; detected instead",
                                      std::string(declared))});
    } else if (*canonical == "UTF-8") {
      if (utf8::IsValid(bytes)) return {std::string(bytes), "UTF-8", "declared", {}};
      notes.push_back({0, "declared charset UTF-8 does not match the bytes; detected instead"});
    } else {
      const char* icu = *canonical == "Shift_JIS" ? kShiftJis.icu : canonical->c_str();
      Conversion c = Convert(bytes, icu, canonical->c_str());
      // A single-byte label never fails to decode; valid multi-byte UTF-8 under it is a
      // mislabel far more often than real Latin-1.
      const bool single_byte = [&] {
        UErrorCode status = U_ZERO_ERROR;
        Converter cnv(ucnv_open(icu, &status));
        return U_SUCCESS(status) && ucnv_getMaxCharSize(cnv.get()) == 1;
      }();
      const bool utf8_instead =
          single_byte && utf8::IsValid(bytes) &&
          std::any_of(bytes.begin(), bytes.end(), [](char ch) { return (ch & 0x80) != 0; });
      if (c.errors == 0 && !utf8_instead) {
        // Decoding without error is not enough: EUC-JP bytes read as Shift_JIS give valid
        // half-width katakana. Keep the label unless another encoding reads far better.
        TextBytes other = Detect(bytes);
        const double declared_score = Plausibility(c.utf8);
        const double other_score = Plausibility(other.utf8);
        if (other.encoding == *canonical || !other.warnings.empty() ||
            other_score <= declared_score + 0.25 * static_cast<double>(bytes.size())) {
          return Take(std::move(c), *canonical, "declared");
        }
      }
      notes.push_back({0, fmt::format("declared charset {} does not match the bytes; detected "
                                      "instead",
                                      *canonical)});
    }
  }
  TextBytes t = Detect(bytes);
  t.warnings.insert(t.warnings.begin(), notes.begin(), notes.end());
  return t;
}

void PreloadConverters() {
  for (const Known& k : {kShiftJis, kEucJp, kIso2022Jp, kUtf16Le, kUtf16Be}) {
    UErrorCode status = U_ZERO_ERROR;
    Converter cnv(ucnv_open(k.icu, &status));
  }
}

}  // namespace jikenbo::ingest
