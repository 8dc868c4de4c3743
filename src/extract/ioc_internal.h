// Internals of the indicator scanner shared by ioc.cc (tokens, streaming, services) and
// ioc_token.cc (refanging and classifying one token).
#pragma once

#include <libpsl.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "extract/ioc.h"

namespace jikenbo::extract::ioc {

// A token refanged: text plus, for each of its bytes, the range of input bytes it came from.
struct Refanged {
  std::string text;
  std::vector<uint32_t> begin;  // input offset (relative to the token) of the source of text[i]
  std::vector<uint32_t> end;    // one past it
  bool defanged = false;        // a defang form was undone
  bool identity = false;        // text is the token unchanged (begin and end are left empty)
  size_t Found(size_t b, size_t e, size_t* len) const {  // input range of text[b, e)
    if (identity) return *len = e - b, b;
    *len = end[e - 1] - begin[b];
    return begin[b];
  }
};

// A dot or at sign written with brackets and spaces ("  [ . ] ", " [[ dot )) ", " (at) "): its
// length at s[i] and what it stands for ('.' or '@'), or 0. It must hold a bracket or a word
// (dot, at) so that a plain " . " in prose is never one; `at_word` allows a bare " at ".
size_t BracketedAt(std::string_view s, size_t i, char* stands_for);

// Character classes of the scanner (ASCII; a label may hold any non-ASCII byte of an IDN).
inline bool IsHex(char c) {
  return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'f');
}
inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }
inline bool IsAlpha(char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
inline bool IsAlnum(char c) { return IsDigit(c) || IsAlpha(c); }
inline bool IsLabelChar(char c) {
  return IsAlnum(c) || c == '-' || c == '_' || (static_cast<unsigned char>(c) >= 0x80);
}

// A membership table for a set of ASCII bytes (NUL is never a member).
constexpr std::array<bool, 256> ByteSet(std::string_view members) {
  std::array<bool, 256> t{};
  for (char c : members) t[static_cast<unsigned char>(c)] = true;
  return t;
}

// The first byte of s at or after `from` that is in `set`, or npos (find_first_of without a
// memchr per byte).
inline size_t FindAny(std::string_view s, const std::array<bool, 256>& set, size_t from = 0) {
  for (size_t i = from; i < s.size(); ++i) {
    if (set[static_cast<unsigned char>(s[i])]) return i;
  }
  return std::string_view::npos;
}
inline constexpr std::array<bool, 256> kPathStart = ByteSet("/?#");

// " at " standing for '@' in an address written out to dodge harvesters ("user at example dot
// com", "user AT example [dot] com"): its length at s[i] (with the spaces after it), or 0. Only
// when a host name written with the word "dot" follows, so "met at example.com" stays prose.
size_t AtWordAt(std::string_view s, size_t i);

// Does s start with `lower` (ASCII, lower case), ignoring the case of s? No allocation.
inline bool StartsNoCase(std::string_view s, std::string_view lower) {
  if (s.size() < lower.size()) return false;
  for (size_t i = 0; i < lower.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    if (c != lower[i]) return false;
  }
  return true;
}

// Full-width ASCII to ASCII, then every defang form to what it stands for.
// Full-width ASCII to ASCII, then every defang form to what it stands for; *out is reused.
void Refang(std::string_view token, Refanged* out);

// One indicator found in a refanged token, positions in Refanged::text.
struct Hit {
  std::string type;
  std::string value;
  size_t begin = 0;
  size_t end = 0;
  std::vector<std::string> tags;
};

// Classifies the refanged token; hits in text order (a URL also yields its host).
void Classify(const Refanged& r, const psl_ctx_t* psl, std::vector<Hit>* hits);

// Checks used by Classify, exposed for tests.
bool IsIpv4(std::string_view s);
std::string Ipv4Value(std::string_view s);  // canonical: no leading zeros in an octet
bool IsIpv6(std::string_view s);
// host_context: the name stands where a host does (defanged, with a path or port, the host of
// a URL or address), so a file-like top-level domain (.zip, .sh …) does not make it a file.
bool IsDomain(std::string_view lower, const psl_ctx_t* psl, bool host_context);
// A name that reads as a file: a file-like extension after capitals, an underscore, digits
// only or a stem such as "setup" or "invoice".
bool FileLikeName(std::string_view name);
std::vector<std::string> IpTags(const std::string& type, std::string_view value);

}  // namespace jikenbo::extract::ioc
