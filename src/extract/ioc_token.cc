// One token of the indicator scanner: classification of a refanged token (addresses, hosts,
// hashes, wallets, paths, registry keys ...). Refanging is in ioc_refang.cc.
#include <arpa/inet.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <unordered_map>

#include "base/utf8.h"
#include "extract/ioc_internal.h"

namespace jikenbo::extract::ioc {
bool IsIpv4(std::string_view s) {
  int parts = 0;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = i;
    while (j < s.size() && IsDigit(s[j])) ++j;
    if (j == i || j - i > 3) return false;
    int v = 0;
    for (size_t k = i; k < j; ++k) v = v * 10 + (s[k] - '0');
    if (v > 255) return false;
    ++parts;
    if (j == s.size()) break;
    if (s[j] != '.') return false;
    i = j + 1;
  }
  return parts == 4;
}

bool IsIpv6(std::string_view s) {
  if (const size_t zone = s.find('%'); zone != std::string_view::npos && zone + 1 < s.size()) {
    s = s.substr(0, zone);  // fe80::1%eth0: the zone names an interface, not the address
  }
  if (s.size() < 3 || s.size() > 45 || std::count(s.begin(), s.end(), ':') < 2) return false;
  std::string z(s);
  unsigned char buf[16];
  return inet_pton(AF_INET6, z.c_str(), buf) == 1;
}

bool FileTld(std::string_view tld) {
  static constexpr std::array<std::string_view, 13> kFileTlds = {
      "zip", "mov", "sh", "py", "rs", "pl", "md", "ps", "exe", "doc", "lnk", "bat", "cab"};
  return std::find(kFileTlds.begin(), kFileTlds.end(), tld) != kFileTlds.end();
}

bool FileLikeName(std::string_view name) {
  const size_t dot = name.rfind('.');
  if (dot == std::string_view::npos || !FileTld(utf8::AsciiLower(name.substr(dot + 1)))) {
    return false;
  }
  // Capitals (Invoice.zip, README.md), an underscore, or a stem that names a file's content.
  for (char c : name) {
    if ((c >= 'A' && c <= 'Z') || c == '_') return true;
  }
  static constexpr std::array<std::string_view, 24> kStems = {
      "setup",   "install", "installer", "update", "invoice", "readme", "document", "file",
      "payload", "script",  "run",       "main",   "index",   "backup", "archive",  "data",
      "report",  "photo",   "video",     "movie",  "sample",  "config", "build",    "test"};
  const std::string_view stem = name.substr(0, dot);
  return std::find(kStems.begin(), kStems.end(), stem) != kStems.end() ||
         std::all_of(stem.begin(), stem.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool IsDomain(std::string_view lower, const psl_ctx_t* psl, bool host_context) {
  if (lower.size() < 4 || lower.size() > 253 || lower.front() == '.' || lower.back() == '.' ||
      lower.find("..") != std::string_view::npos || lower.find('.') == std::string_view::npos) {
    return false;
  }
  size_t label = 0;
  bool all_digits = true;
  for (char c : lower) {
    if (c == '.') {
      if (label == 0 || label > 63) return false;
      label = 0;
      continue;
    }
    if (!IsLabelChar(c)) return false;
    if (!IsDigit(c)) all_digits = false;
    ++label;
  }
  if (all_digits) return false;
  const std::string_view tld = lower.substr(lower.rfind('.') + 1);
  if (tld.empty() || IsDigit(tld[0]) || tld.find('_') != std::string_view::npos) return false;
  // Reserved names (RFC 2606/6761) are kept, tagged later.
  static constexpr std::array<std::string_view, 5> kReserved = {"test", "example", "invalid",
                                                                "localhost", "onion"};
  if (std::find(kReserved.begin(), kReserved.end(), tld) != kReserved.end()) return true;
  // A file name whose extension is also a top-level domain ("invoice.zip") is a file unless
  // its context makes it a host (host_context: defanged, followed by a path or port, the host
  // of a URL or address) or its stem reads as a host name (see FileLikeName).
  if (!host_context && std::count(lower.begin(), lower.end(), '.') == 1 && FileTld(tld)) {
    return false;
  }
  if (psl == nullptr) return false;
  // The top-level label must be listed: the list's implicit "*" rule would make report.pdf a
  // registrable domain under an unknown ".pdf". There are few top-level labels: their answers
  // are kept (per thread, per list).
  thread_local const psl_ctx_t* cached_for = nullptr;
  thread_local std::unordered_map<std::string, bool> listed;
  if (cached_for != psl || listed.size() > 4096) listed.clear(), cached_for = psl;
  std::string top(tld);
  auto it = listed.find(top);
  if (it == listed.end()) {
    const bool ok = psl_is_public_suffix2(psl, top.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE);
    it = listed.emplace(std::move(top), ok).first;
  }
  if (!it->second) return false;
  // With its top-level label listed, a name is registrable unless it is a public suffix itself
  // (one lookup; psl_registrable_domain would look up every suffix of the name).
  const std::string z(lower);
  return !psl_is_public_suffix2(psl, z.c_str(), PSL_TYPE_ANY | PSL_TYPE_NO_STAR_RULE);
}

std::string Ipv4Value(std::string_view v) {
  std::string out;
  size_t octet = 0;  // where the current octet starts in v
  for (size_t i = 0; i <= v.size(); ++i) {
    if (i < v.size() && v[i] != '.') continue;
    // leading zeros go ("010" is ten, not octal eight); one digit always stays
    size_t k = octet;
    while (k + 1 < i && v[k] == '0') ++k;
    if (!out.empty()) out.push_back('.');
    out.append(v.substr(k, i - k));
    octet = i + 1;
  }
  return out;
}

std::vector<std::string> IpTags(const std::string& type, std::string_view v) {
  std::vector<std::string> tags;
  if (type == "ipv4") {
    unsigned octet[3] = {0, 0, 0};
    for (size_t i = 0, k = 0; i < v.size() && k < 3; ++i) {
      if (v[i] == '.') {
        ++k;
      } else if (IsDigit(v[i])) {
        octet[k] = octet[k] * 10 + static_cast<unsigned>(v[i] - '0');
      }
    }
    const unsigned a = octet[0], b = octet[1], c = octet[2];
    if (a == 10 || (a == 172 && b >= 16 && b <= 31) || (a == 192 && b == 168)) {
      tags.push_back("private");
    }
    if (a == 127) tags.push_back("loopback");
    if (a == 169 && b == 254) tags.push_back("link_local");
    if ((a == 192 && b == 0 && c == 2) || (a == 198 && b == 51 && c == 100) ||
        (a == 203 && b == 0 && c == 113)) {
      tags.push_back("documentation");
    }
    if (a == 0 || a >= 224) tags.push_back("reserved");
  } else {
    const std::string l = utf8::AsciiLower(v);
    if (l.rfind("2001:db8:", 0) == 0 || l.rfind("2001:0db8:", 0) == 0) {
      tags.push_back("documentation");
    }
    if (l.rfind("fc", 0) == 0 || l.rfind("fd", 0) == 0) tags.push_back("private");
    if (l.rfind("fe80:", 0) == 0) tags.push_back("link_local");
    if (l == "::1") tags.push_back("loopback");
  }
  return tags;
}

namespace {

bool Starts(std::string_view s, std::string_view p) { return StartsNoCase(s, p); }

// Punctuation that ends a sentence or wraps an indicator, never part of one at its edges.
void TrimEdges(std::string_view t, size_t* b, size_t* e) {
  static constexpr auto kLead = ByteSet("([{<'\"*`,;:.!?");
  static constexpr auto kTrail = ByteSet(".,;:!?'\"*`>");
  auto lead = [](char c) { return kLead[static_cast<unsigned char>(c)]; };
  auto trail = [](char c) { return kTrail[static_cast<unsigned char>(c)]; };
  // (not the colons of "::1" and "fe80::")
  while (*b < *e && lead(t[*b]) && !(t[*b] == ':' && *b + 1 < *e && t[*b + 1] == ':')) ++*b;
  for (bool changed = true; changed && *b < *e;) {
    changed = false;
    while (*e > *b && trail(t[*e - 1]) && !(t[*e - 1] == ':' && *e - 1 > *b && t[*e - 2] == ':')) {
      --*e, changed = true;
    }
    for (auto [open, close] : {std::pair{'(', ')'}, std::pair{'[', ']'}, std::pair{'{', '}'}}) {
      if (*e > *b && t[*e - 1] == close) {
        const auto view = t.substr(*b, *e - *b);
        if (std::count(view.begin(), view.end(), open) <
            std::count(view.begin(), view.end(), close)) {
          --*e;
          changed = true;
        }
      }
    }
  }
}

void Add(std::vector<Hit>* hits, std::string type, std::string value, size_t b, size_t e,
         std::vector<std::string> tags = {}) {
  hits->push_back({std::move(type), std::move(value), b, e, std::move(tags)});
}

bool AllOf(std::string_view s, bool (*pred)(char)) {
  return !s.empty() && std::all_of(s.begin(), s.end(), pred);
}

bool IsBase58(char c) { return IsAlnum(c) && c != '0' && c != 'O' && c != 'I' && c != 'l'; }

// Base58Check: the last 4 bytes are the first 4 of SHA-256(SHA-256(payload)).
bool Base58Check(std::string_view s) {
  static const char* kAlphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
  std::vector<unsigned char> bytes(25, 0);
  for (char c : s) {
    const char* p = std::strchr(kAlphabet, c);
    if (p == nullptr) return false;
    int carry = static_cast<int>(p - kAlphabet);
    for (size_t k = bytes.size(); k-- > 0;) {
      carry += 58 * bytes[k];
      bytes[k] = static_cast<unsigned char>(carry % 256);
      carry /= 256;
    }
    if (carry != 0) return false;
  }
  unsigned char h1[SHA256_DIGEST_LENGTH], h2[SHA256_DIGEST_LENGTH];
  SHA256(bytes.data(), 21, h1);
  SHA256(h1, sizeof h1, h2);
  return std::memcmp(h2, bytes.data() + 21, 4) == 0;
}

// Bech32 / Bech32m checksum of a segwit address (bc1...).
bool Bech32(std::string_view s) {
  static const char* kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
  const std::string l = utf8::AsciiLower(s);
  const size_t sep = l.rfind('1');
  if (sep == std::string::npos || sep == 0 || l.size() - sep < 7) return false;
  uint32_t chk = 1;
  auto step = [&](uint32_t v) {
    static const uint32_t kGen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    const uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int k = 0; k < 5; ++k) {
      if ((top >> k) & 1) chk ^= kGen[k];
    }
  };
  for (size_t i = 0; i < sep; ++i) step(static_cast<unsigned char>(l[i]) >> 5);
  step(0);
  for (size_t i = 0; i < sep; ++i) step(static_cast<unsigned char>(l[i]) & 31);
  for (size_t i = sep + 1; i < l.size(); ++i) {
    const char* p = std::strchr(kCharset, l[i]);
    if (p == nullptr) return false;
    step(static_cast<uint32_t>(p - kCharset));
  }
  return chk == 1 || chk == 0x2bc830a3;
}

bool IsMac(std::string_view s) {
  if (s.size() == 17) {
    const char sep = s[2];
    if (sep != ':' && sep != '-') return false;
    for (size_t i = 0; i < 17; ++i) {
      if (i % 3 == 2 ? s[i] != sep : !IsHex(s[i])) return false;
    }
    return true;
  }
  if (s.size() == 14) {  // Cisco: 0011.2233.4455
    for (size_t i = 0; i < 14; ++i) {
      if (i % 5 == 4 ? s[i] != '.' : !IsHex(s[i])) return false;
    }
    return true;
  }
  return false;
}

std::string MacValue(std::string_view s) {
  std::string hex;
  for (char c : s) {
    if (IsHex(c)) hex += static_cast<char>(c | 0x20);
  }
  std::string out;
  for (size_t i = 0; i < hex.size(); i += 2) {
    if (!out.empty()) out += ':';
    out += hex.substr(i, 2);
  }
  return out;
}

bool IsPosixPath(std::string_view s) {
  // A home-relative path with a directory: ~/.config/x, ~/Library/x (not a bare "~/").
  if (s.size() > 3 && s[0] == '~' && s[1] == '/' && s.find('/', 2) != std::string_view::npos) {
    return true;
  }
  static constexpr std::array<std::string_view, 16> kRoots = {
      "/etc/", "/usr/", "/var/",  "/tmp/",  "/home/",  "/opt/",     "/bin/",          "/sbin/",
      "/lib/", "/dev/", "/proc/", "/root/", "/Users/", "/Library/", "/Applications/", "/private/"};
  for (std::string_view r : kRoots) {
    if (s.size() > r.size() && s.substr(0, r.size()) == r) return true;
  }
  return false;
}

bool IsWindowsPath(std::string_view s) {
  if (s.size() > 3 && IsAlpha(s[0]) && s[1] == ':' && s[2] == '\\') return true;
  if (s.size() > 4 && s[0] == '%') {
    const size_t close = s.find('%', 1);
    return close != std::string_view::npos && close + 1 < s.size() && s[close + 1] == '\\';
  }
  return s.size() > 4 && s[0] == '\\' && s[1] == '\\' && IsAlnum(s[2]);
}

bool IsRegistryKey(std::string_view s) {
  static constexpr std::array<std::string_view, 10> kRoots = {"hklm\\",
                                                              "hkcu\\",
                                                              "hkcr\\",
                                                              "hku\\",
                                                              "hkcc\\",
                                                              "hkey_local_machine\\",
                                                              "hkey_current_user\\",
                                                              "hkey_classes_root\\",
                                                              "hkey_users\\",
                                                              "hkey_current_config\\"};
  for (std::string_view root : kRoots) {
    if (Starts(s, root) && s.size() > root.size()) return true;
  }
  return false;
}

// One piece of a token that holds no URL and no e-mail address.
void ClassifyPiece(const Refanged& r, size_t b, size_t e, const psl_ctx_t* psl,
                   std::vector<Hit>* hits) {
  TrimEdges(r.text, &b, &e);
  if (b >= e) return;
  const std::string_view p = std::string_view(r.text).substr(b, e - b);
  const std::string lower = utf8::AsciiLower(p);
  if (IsRegistryKey(p)) return Add(hits, "registry_key", std::string(p), b, e);
  if (IsWindowsPath(p) || IsPosixPath(p)) return Add(hits, "file_path", std::string(p), b, e);
  if (p.size() >= 13 && Starts(p, "cve-") && AllOf(p.substr(4, 4), IsDigit) &&
      (p.substr(4, 2) == "19" ? p.substr(4, 4) == "1999" : p.substr(4, 2) == "20") && p[8] == '-' &&
      p.size() - 9 >= 4 && p.size() - 9 <= 7 && AllOf(p.substr(9), IsDigit)) {
    std::string v(p);
    for (char& c : v) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c);
    return Add(hits, "cve", v, b, e);
  }
  if ((p.size() == 5 || (p.size() == 9 && p[5] == '.' && AllOf(p.substr(6), IsDigit))) &&
      (p[0] == 'T' || p[0] == 't') && AllOf(p.substr(1, 4), IsDigit)) {
    std::string v(p);
    v[0] = 'T';
    return Add(hits, "attack_technique", v, b, e);
  }
  if (Starts(p, "as") && p.size() >= 3) {
    size_t d = Starts(p, "asn") ? 3 : 2;
    if (d < p.size() && p[d] == ' ') ++d;  // "AS 1234", "asn 1234"
    if (p.size() > d && p.size() - d <= 10 && AllOf(p.substr(d), IsDigit) && p[d] != '0') {
      return Add(hits, "asn", "AS" + std::string(p.substr(d)), b, e);
    }
  }
  if (AllOf(p, IsHex)) {
    const char* type = p.size() == 32    ? "md5"
                       : p.size() == 40  ? "sha1"
                       : p.size() == 64  ? "sha256"
                       : p.size() == 128 ? "sha512"
                                         : nullptr;
    if (type != nullptr && !AllOf(p, IsDigit)) return Add(hits, type, lower, b, e);
    return;
  }
  if (p.size() == 42 && (p[0] == '0') && (p[1] | 0x20) == 'x' && AllOf(p.substr(2), IsHex)) {
    return Add(hits, "eth", lower, b, e);
  }
  if (p.size() >= 26 && p.size() <= 35 && (p[0] == '1' || p[0] == '3') && AllOf(p, IsBase58) &&
      Base58Check(p)) {
    return Add(hits, "btc", std::string(p), b, e);
  }
  if (p.size() >= 14 && p.size() <= 74 && Starts(p, "bc1") && Bech32(p)) {
    return Add(hits, "btc", lower, b, e);
  }
  if ((p.size() == 95 || p.size() == 106) && (p[0] == '4' || p[0] == '8') && AllOf(p, IsBase58)) {
    return Add(hits, "xmr", std::string(p), b, e);
  }
  if (IsMac(p)) return Add(hits, "mac", MacValue(p), b, e);
  // An address, perhaps with a port.
  std::string_view host = p;
  bool port = false;
  if (const size_t colon = p.rfind(':'); colon != std::string_view::npos && colon + 1 < p.size() &&
                                         std::count(p.begin(), p.end(), ':') == 1 &&
                                         AllOf(p.substr(colon + 1), IsDigit)) {
    host = p.substr(0, colon);
    port = true;
  }
  if (IsIpv4(host)) {
    // ".1.1.1.1" continues a longer dotted run (a version, an OID): no address
    if (b > 0 && r.text[b - 1] == '.' && (b < 2 || r.text[b - 2] != '.')) return;
    const std::string ip = Ipv4Value(host);
    return Add(hits, "ipv4", ip, b, b + host.size(), IpTags("ipv4", ip));
  }
  if (IsIpv6(p)) return Add(hits, "ipv6", lower, b, e, IpTags("ipv6", lower));
  // A domain, perhaps followed by a path: then the whole is a URL without a scheme.
  const size_t slash = FindAny(lower, kPathStart);
  // A host with a port ("mail.example.xyz:465"): the domain without it.
  const std::string name = port ? utf8::AsciiLower(host) : lower.substr(0, slash);
  const bool host_context = r.defanged || port || slash != std::string::npos ||
                            !FileLikeName(p.substr(0, std::min(p.size(), slash)));
  if (IsDomain(name, psl, host_context) || (slash != std::string::npos && IsIpv4(name))) {
    const bool cidr = slash != std::string::npos && AllOf(p.substr(slash + 1), IsDigit);
    // "example[.]com/": a bare slash makes a URL too; "1.2.3.0/24" is a network
    if (slash != std::string::npos && (slash + 1 < p.size() || p[slash] == '/') && !cidr &&
        !IsIpv4(name)) {
      Add(hits, "url", name + std::string(p.substr(slash)), b, e);
    }
    const bool ip = IsIpv4(name);
    const std::string value = ip ? Ipv4Value(name) : name;
    Add(hits, ip ? "ipv4" : "domain", value, b, b + name.size(),
        ip ? IpTags("ipv4", value) : std::vector<std::string>{});
    return;
  }
  // An IPv4 address glued to letters ("at10.0.0.1or"): digits and dots bounded by non-digits.
  for (size_t i = 0; i < p.size(); ++i) {
    if (!IsDigit(p[i]) || (i > 0 && (IsDigit(p[i - 1]) || p[i - 1] == '.'))) continue;
    size_t j = i;
    while (j < p.size() && (IsDigit(p[j]) || p[j] == '.')) ++j;
    while (j > i && p[j - 1] == '.') --j;
    if (IsIpv4(p.substr(i, j - i)) && (j == p.size() || p[j] != '.')) {
      const std::string ip = Ipv4Value(p.substr(i, j - i));
      Add(hits, "ipv4", ip, b + i, b + j, IpTags("ipv4", ip));
    }
    i = j;
  }
}

bool IsEmailLocal(char c) {
  static constexpr auto kLocal = ByteSet("._%+-!#$&'*=^`{|}~");
  return IsAlnum(c) || kLocal[static_cast<unsigned char>(c)];
}

// The host of a URL or mail address: an IPv4, a bracketed IPv6 or a domain.
bool ValidHost(std::string_view host, const psl_ctx_t* psl, bool defanged, std::string* type) {
  if (IsIpv4(host)) return *type = "ipv4", true;
  if (host.size() > 2 && host.front() == '[' && host.back() == ']' &&
      IsIpv6(host.substr(1, host.size() - 2))) {
    return *type = "ipv6", true;
  }
  if (utf8::AsciiLower(host) == "localhost") return *type = "domain", true;
  (void)defanged;  // the host of a URL or address is a host whatever its top-level domain
  return IsDomain(utf8::AsciiLower(host), psl, true) && (*type = "domain", true);
}

// Hashes that are whole segments of a URL's path or query ("…/file/<sha256>/detection",
// "?hash=<md5>"): sandbox and reputation links carry the sample's hash. Tagged in_url, as a
// 32-digit session id would be taken too.
void HashesInPath(std::string_view t, size_t b, size_t e, std::vector<Hit>* hits) {
  static constexpr auto kSegmentEnd = ByteSet("/?#&=;.");
  for (size_t i = b; i < e;) {
    size_t j = i;
    while (j < e && !kSegmentEnd[static_cast<unsigned char>(t[j])]) ++j;
    const std::string_view seg = t.substr(i, j - i);
    const char* type = seg.size() == 32    ? "md5"
                       : seg.size() == 40  ? "sha1"
                       : seg.size() == 64  ? "sha256"
                       : seg.size() == 128 ? "sha512"
                                           : nullptr;
    if (type != nullptr && AllOf(seg, IsHex) && !AllOf(seg, IsDigit)) {
      Add(hits, type, utf8::AsciiLower(seg), i, j, {"in_url"});
    }
    i = j + 1;
  }
}

}  // namespace

void Classify(const Refanged& r, const psl_ctx_t* psl, std::vector<Hit>* hits) {
  const std::string& t = r.text;
  size_t b = 0, e = t.size();
  TrimEdges(t, &b, &e);
  while (b < e) {
    // A URL: scheme://host...
    const size_t sep = t.find("://", b);
    if (sep != std::string::npos && sep < e) {
      size_t s = sep;
      while (s > b &&
             (IsAlnum(t[s - 1]) || t[s - 1] == '+' || t[s - 1] == '-' || t[s - 1] == '.')) {
        --s;
      }
      while (s < sep && !IsAlpha(t[s])) ++s;
      if (s < sep) {
        if (s > b) ClassifyPiece(r, b, s, psl, hits);
        static constexpr auto kUrlEnd = ByteSet("<>\"`");
        size_t ue = FindAny(t, kUrlEnd, sep);
        if (ue == std::string::npos || ue > e) ue = e;
        // "(https://…)", "[text](https://…)": a closing bracket the URL did not open ends it,
        // unless the URL goes on after it ("/a)b").
        for (size_t k = sep, paren = 0, square = 0; k < ue; ++k) {
          const char ch = t[k];
          const bool unopened = (ch == ')' && paren == 0) || (ch == ']' && square == 0);
          paren += ch == '(' ? 1 : ch == ')' && paren > 0 ? -1 : 0;
          square += ch == '[' ? 1 : ch == ']' && square > 0 ? -1 : 0;
          if (unopened && (k + 1 >= ue || !IsAlnum(t[k + 1]))) {
            ue = k;
            break;
          }
        }
        static constexpr auto kUrlTrail = ByteSet(".,;:!?'*");
        while (ue > sep + 3 && kUrlTrail[static_cast<unsigned char>(t[ue - 1])]) --ue;
        size_t hb = sep + 3;
        size_t he = FindAny(t, kPathStart, hb);
        if (he == std::string::npos || he > ue) he = ue;
        if (const size_t at = t.rfind('@', he); at != std::string::npos && at >= hb) hb = at + 1;
        std::string_view host = std::string_view(t).substr(hb, he - hb);
        if (!host.empty() && host.front() != '[') {
          if (const size_t colon = host.rfind(':');
              colon != std::string_view::npos && AllOf(host.substr(colon + 1), IsDigit)) {
            host = host.substr(0, colon);
          }
        }
        std::string host_type;
        if (ValidHost(host, psl, r.defanged, &host_type)) {
          std::string value = utf8::AsciiLower(t.substr(s, hb - s)) + utf8::AsciiLower(host) +
                              t.substr(hb + host.size(), ue - hb - host.size());
          Add(hits, "url", std::move(value), s, ue);
          const bool bracket = host_type == "ipv6";
          std::string hv = utf8::AsciiLower(bracket ? host.substr(1, host.size() - 2) : host);
          if (host_type == "ipv4") hv = Ipv4Value(hv);
          const size_t hs = hb + (bracket ? 1 : 0);
          std::vector<std::string> tags;
          if (host_type != "domain") tags = IpTags(host_type, hv);
          const size_t hl = bracket ? host.size() - 2 : host.size();
          Add(hits, host_type, std::move(hv), hs, hs + hl, std::move(tags));
          HashesInPath(t, he, ue, hits);
          b = ue;  // "[url](url)": what follows may hold more
          continue;
        }
        b = sep + 3;  // not a URL: look at what follows
        continue;
      }
    }
    // An e-mail address.
    const size_t at = t.find('@', b);
    if (at != std::string::npos && at < e) {
      size_t lb = at;
      while (lb > b && IsEmailLocal(t[lb - 1])) --lb;
      while (lb < at && (t[lb] == '.' || t[lb] == '-')) ++lb;  // "-----foo@…": a rule, not a name
      // "smtp.mailfrom=user@…", "from=user@…": a header or log field's name is no part of it
      if (const size_t eq = t.rfind('=', at); eq != std::string::npos && eq >= lb && eq + 1 < at) {
        lb = eq + 1;
      }
      size_t de = at + 1;
      if (de < e && t[de] == '[') {
        de = t.find(']', de);
        de = de == std::string::npos || de >= e ? e : de + 1;
      } else {
        while (de < e && (IsLabelChar(t[de]) || t[de] == '.')) ++de;
        while (de > at + 1 && t[de - 1] == '.') --de;
      }
      std::string_view domain = std::string_view(t).substr(at + 1, de - at - 1);
      std::string host_type;
      bool ok = lb < at;
      // an address literal: user@[192.0.2.1], user@[IPv6:2001:db8::1]
      std::string_view literal;
      if (ok && domain.size() > 2 && domain.front() == '[') {
        literal = domain.substr(1, domain.size() - 2);
        if (StartsNoCase(literal, "ipv6:")) {
          literal.remove_prefix(5);
          host_type = "ipv6";
          ok = IsIpv6(literal);
        } else {
          host_type = "ipv4";
          ok = IsIpv4(literal);
        }
      } else {
        ok = ok && ValidHost(domain, psl, r.defanged, &host_type) && host_type == "domain" &&
             utf8::AsciiLower(domain) != "localhost";
      }
      if (ok) {
        if (lb > b) ClassifyPiece(r, b, lb, psl, hits);
        std::string host = utf8::AsciiLower(domain);
        if (host_type == "ipv6") host = "[IPv6:" + host.substr(6);  // the tag as RFC 5321 writes it
        Add(hits, "email", t.substr(lb, at - lb + 1) + host, lb, de);
        if (!literal.empty()) {  // the address in it, too
          const size_t lit = static_cast<size_t>(literal.data() - t.data());
          std::string v = host_type == "ipv4" ? Ipv4Value(literal) : utf8::AsciiLower(literal);
          std::vector<std::string> tags = IpTags(host_type, v);
          Add(hits, host_type, std::move(v), lit, lit + literal.size(), std::move(tags));
        }
        b = de;
        continue;
      }
    }
    // Pieces between separators.
    static constexpr auto kSeparator = ByteSet(",;|'\"(){}<>");
    size_t pe = b;
    while (pe < e && !kSeparator[static_cast<unsigned char>(t[pe])]) {
      if (t[pe] == '@' || (t[pe] == ':' && t.compare(pe, 3, "://") == 0)) break;
      ++pe;
    }
    if (pe == b) {
      ++b;
      continue;
    }
    ClassifyPiece(r, b, pe, psl, hits);
    b = pe;
  }
}

}  // namespace jikenbo::extract::ioc
