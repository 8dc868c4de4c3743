// Internals of the indicator scanner shared by ioc.cc (tokens, streaming, services) and
// ioc_token.cc (refanging and classifying one token).
#pragma once

#include <libpsl.h>

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
  size_t Found(size_t b, size_t e, size_t* len) const {  // input range of text[b, e)
    *len = end[e - 1] - begin[b];
    return begin[b];
  }
};

// A dot or at sign written with brackets and spaces ("  [ . ] ", " [[ dot )) ", " (at) "): its
// length at s[i] and what it stands for ('.' or '@'), or 0. It must hold a bracket or a word
// (dot, at) so that a plain " . " in prose is never one; `at_word` allows a bare " at ".
size_t BracketedAt(std::string_view s, size_t i, char* stands_for);

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
bool IsIpv6(std::string_view s);
bool IsDomain(std::string_view lower, const psl_ctx_t* psl, bool defanged);
std::vector<std::string> IpTags(const std::string& type, std::string_view value);

}  // namespace jikenbo::extract::ioc
