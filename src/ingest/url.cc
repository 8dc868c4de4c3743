// Resolving links of a page against its address (RFC 3986 section 5, for http(s) pages).
#include <string_view>
#include <vector>

#include "base/utf8.h"
#include "ingest/decode.h"

namespace jikenbo::ingest {
namespace {

// Length of "scheme:" at the start of s, or 0.
size_t SchemeLength(std::string_view s) {
  if (s.empty() || !((s[0] | 0x20) >= 'a' && (s[0] | 0x20) <= 'z')) return 0;
  for (size_t i = 1; i < s.size() && i < 32; ++i) {
    const char c = s[i];
    if (c == ':') return i + 1;
    const bool ok = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '-' || c == '.';
    if (!ok) return 0;
  }
  return 0;
}

std::string RemoveDotSegments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t i = 0;
  const bool absolute = !path.empty() && path[0] == '/';
  if (absolute) i = 1;
  bool trailing = false;
  while (i <= path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    const std::string_view seg = path.substr(i, j - i);
    trailing = false;
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
      trailing = true;
    } else if (seg == ".") {
      trailing = true;
    } else {
      out.push_back(seg);
    }
    i = j + 1;
  }
  std::string s = absolute ? "/" : "";
  for (size_t k = 0; k < out.size(); ++k) {
    if (k > 0) s += '/';
    s.append(out[k]);
  }
  if (trailing && (s.empty() || s.back() != '/')) s += '/';
  return s;
}

}  // namespace

std::string ResolveUrl(const std::string& base, const std::string& ref_in) {
  const std::string ref(utf8::Trim(ref_in));
  if (ref.empty() || ref[0] == '#') return "";
  if (const size_t n = SchemeLength(ref); n > 0) {
    const std::string scheme = utf8::AsciiLower(std::string_view(ref).substr(0, n - 1));
    if (scheme == "javascript" || scheme == "data" || scheme == "vbscript" || scheme == "file") {
      return "";
    }
    return ref;
  }
  const size_t bn = SchemeLength(base);
  if (bn == 0 || base.compare(bn, 2, "//") != 0) return "";  // no absolute base to resolve against
  const std::string scheme = base.substr(0, bn);             // "https:"
  const size_t auth_end = base.find_first_of("/?#", bn + 2);
  const std::string authority =
      base.substr(bn, auth_end == std::string::npos ? std::string::npos : auth_end - bn);
  if (ref.rfind("//", 0) == 0) return scheme + ref;
  std::string path = auth_end == std::string::npos ? "/" : base.substr(auth_end);
  const size_t cut = path.find_first_of("?#");
  if (cut != std::string::npos) path.resize(cut);
  if (path.empty() || path[0] != '/') path = "/" + path;
  if (ref[0] == '?') return scheme + authority + path + ref;
  std::string rest = ref;
  std::string tail;  // ?query#fragment of the reference
  if (const size_t q = rest.find_first_of("?#"); q != std::string::npos) {
    tail = rest.substr(q);
    rest.resize(q);
  }
  const std::string merged = ref[0] == '/' ? rest : path.substr(0, path.rfind('/') + 1) + rest;
  return scheme + authority + RemoveDotSegments(merged) + tail;
}

}  // namespace jikenbo::ingest
