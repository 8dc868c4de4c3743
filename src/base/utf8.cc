#include "base/utf8.h"

namespace jikenbo::utf8 {

Decoded Next(std::string_view text, size_t pos) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data()) + pos;
  const size_t avail = text.size() - pos;
  const unsigned char b0 = s[0];
  if (b0 < 0x80) return {b0, 1};
  uint32_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return {};
  }
  if (avail < len) return {};
  for (uint32_t i = 1; i < len; ++i) {
    if ((s[i] & 0xC0) != 0x80) return {};
    cp = (cp << 6) | (s[i] & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, len};
}

void Append(char32_t cp, std::string* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

size_t Prev(std::string_view text, size_t pos) {
  if (pos == 0) return 0;
  --pos;
  while (pos > 0 && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

size_t CountCodePoints(std::string_view text) {
  size_t n = 0;
  for (size_t i = 0; i < text.size(); i += Next(text, i).len) ++n;
  return n;
}

std::string_view Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t n = max_bytes;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return text.substr(0, n);
}

bool IsValid(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const Decoded d = Next(text, i);
    if (d.cp == kInvalid) return false;
    i += d.len;
  }
  return true;
}

size_t Repair(std::string_view text, std::string* out, std::vector<size_t>* bad_offsets) {
  out->clear();
  out->reserve(text.size());
  size_t replaced = 0;
  size_t run_start = 0;  // start of the pending run of valid bytes
  for (size_t i = 0; i < text.size();) {
    if (static_cast<unsigned char>(text[i]) < 0x80) {
      ++i;
      continue;
    }
    const Decoded d = Next(text, i);
    if (d.cp != kInvalid) {
      i += d.len;
      continue;
    }
    out->append(text.substr(run_start, i - run_start));
    Append(kReplacement, out);
    if (bad_offsets != nullptr) bad_offsets->push_back(i);
    ++replaced;
    ++i;
    run_start = i;
  }
  out->append(text.substr(run_start));
  return replaced;
}

bool IsSpace(char32_t cp) {
  switch (cp) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case '\v':
    case '\f':
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
    case 0xFEFF:
    case 0x200B:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

bool IsHan(char32_t cp) {
  return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x20000 && cp <= 0x3134F) || cp == 0x3005 ||
         cp == 0x3006 || cp == 0x30F6;
}

bool IsHiragana(char32_t cp) { return cp >= 0x3041 && cp <= 0x309F; }

bool IsKatakana(char32_t cp) {
  return (cp >= 0x30A0 && cp <= 0x30FF && cp != 0x30FB) || (cp >= 0x31F0 && cp <= 0x31FF) ||
         (cp >= 0xFF66 && cp <= 0xFF9F);
}

bool IsAsciiAlnum(char32_t cp) {
  return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z');
}

bool IsBlank(std::string_view line) { return Trim(line).empty(); }

std::string_view Trim(std::string_view line) {
  size_t b = 0;
  while (b < line.size()) {
    const Decoded d = Next(line, b);
    if (!IsSpace(d.cp)) break;
    b += d.len;
  }
  size_t e = line.size();
  while (e > b) {
    size_t s = e - 1;  // step back to the lead byte
    while (s > b && (static_cast<unsigned char>(line[s]) & 0xC0) == 0x80 && e - s < 4) --s;
    const Decoded d = Next(line, s);
    if (s + d.len != e || !IsSpace(d.cp)) break;
    e = s;
  }
  return line.substr(b, e - b);
}

std::string AsciiLower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

}  // namespace jikenbo::utf8
