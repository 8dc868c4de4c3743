// UTF-8 walking and repair. The only place that decodes code points by hand; everything else
// iterates through Next(). A bad byte decodes as kInvalid with length 1 (as {fmt} does).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jikenbo::utf8 {

inline constexpr char32_t kInvalid = 0xFFFFFFFF;
inline constexpr char32_t kReplacement = 0xFFFD;

struct Decoded {
  char32_t cp = kInvalid;  // kInvalid for a byte that starts no valid sequence
  uint32_t len = 1;        // bytes consumed, >= 1 whenever pos < text.size()
};

// Decodes the code point at text[pos]. REQUIRES: pos < text.size().
// Rejects overlongs, surrogates and values above U+10FFFF.
Decoded Next(std::string_view text, size_t pos);

// Appends cp as UTF-8. REQUIRES: cp is a Unicode scalar value.
void Append(char32_t cp, std::string* out);

// Start of the code point that ends at pos (the one before it); 0 when pos is 0.
// Stray continuation bytes are stepped over together with their lead byte.
size_t Prev(std::string_view text, size_t pos);

// Number of code points (invalid bytes count one each).
size_t CountCodePoints(std::string_view text);

// The longest prefix of text of at most max_bytes that does not cut a character.
std::string_view Prefix(std::string_view text, size_t max_bytes);

// True when text is entirely valid UTF-8.
bool IsValid(std::string_view text);

// Copies text into *out replacing every invalid byte with U+FFFD. Each replaced byte's offset in
// the input is appended to *bad_offsets (may be null). Returns the number of replacements.
size_t Repair(std::string_view text, std::string* out, std::vector<size_t>* bad_offsets);

// Character classes used by segmentation and search (pure functions of the code point).
bool IsSpace(char32_t cp);  // ASCII/Unicode white space incl. NBSP, U+3000, BOM, ZWSP
bool IsHan(char32_t cp);    // CJK unified ideographs (+ ext A, compat), 々 〆 ヶ
bool IsHiragana(char32_t cp);
bool IsKatakana(char32_t cp);  // incl. prolonged sound mark ー and half-width forms
bool IsAsciiAlnum(char32_t cp);
inline bool IsCjk(char32_t cp) { return IsHan(cp) || IsHiragana(cp) || IsKatakana(cp); }

// True when the line holds nothing but white space.
bool IsBlank(std::string_view line);

// Trims white space (IsSpace) from both ends; returns a view into line.
std::string_view Trim(std::string_view line);

// ASCII lower-case copy (other bytes unchanged).
std::string AsciiLower(std::string_view text);

}  // namespace jikenbo::utf8
