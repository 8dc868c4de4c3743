// The indicator scanner: tokens, abused-service rules, streaming.
#include "extract/ioc.h"

#include <fmt/format.h>
#include <re2/re2.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstring>

#include "base/deadline.h"
#include "base/rule_table.h"
#include "base/sha256.h"
#include "base/utf8.h"
#include "extract/ioc_internal.h"

namespace jikenbo::extract {
namespace {

struct Service {
  std::string tag;
  std::unique_ptr<RE2> host;  // full match on the lower-case host
  std::unique_ptr<RE2> path;  // prefix match on path?query; null: any
  int secret = 0;             // capture group of path holding a token to mask (0: none)
};

// ASCII bytes that may be part of an indicator (URL characters, defang brackets, backslash).
constexpr std::array<bool, 128> TokenTable() {
  std::array<bool, 128> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (char c : std::string_view("-._~:/?#[]@!$&'()*+,;=%\\{}|^")) t[static_cast<int>(c)] = true;
  return t;
}
constexpr std::array<bool, 128> kToken = TokenTable();

constexpr std::array<bool, 256> ByteTable(std::string_view members, bool non_ascii) {
  std::array<bool, 256> t{};
  for (char c : members) t[static_cast<unsigned char>(c)] = true;
  for (int c = 0x80; c < 0x100; ++c) t[c] = non_ascii;
  return t;
}
// Bytes that make a token worth classifying: digits, non-ASCII (full-width, IDN), the
// punctuation of addresses and paths, and the space of a spaced defang ("example dot com").
constexpr std::array<bool, 256> kMayHold = ByteTable("0123456789.:/@\\%[({ ", true);
constexpr std::array<bool, 256> kJoinNext = ByteTable(" [({<.@aAdD123456789", false);
constexpr std::array<bool, 256> kSentenceEnd = ByteTable(".,;:!?)]}'\"", false);

// Full-width ASCII U+FF01..U+FF5E: EF BC 81..BF, EF BD 80..9E.
size_t FullWidthAt(std::string_view s, size_t i) {
  if (i + 2 >= s.size() || static_cast<unsigned char>(s[i]) != 0xEF) return 0;
  const auto b1 = static_cast<unsigned char>(s[i + 1]);
  const auto b2 = static_cast<unsigned char>(s[i + 2]);
  if ((b1 == 0xBC && b2 >= 0x81 && b2 <= 0xBF) || (b1 == 0xBD && b2 >= 0x80 && b2 <= 0x9E)) {
    return 3;
  }
  return 0;
}

// Bytes at i that continue a token: a token byte, or a full-width ASCII character.
size_t TokenAt(std::string_view s, size_t i) {
  const auto c = static_cast<unsigned char>(s[i]);
  if (c < 0x80) return kToken[c] ? 1 : 0;
  return FullWidthAt(s, i);
}

// A defang form written with spaces ("example dot com", "1.2.3 . 4", "a [.] b"): its length when
// it joins the token that ends at i to the one after it, else 0.
size_t SpacedJoinAt(std::string_view s, size_t i) {
  static constexpr std::array<std::string_view, 14> kJoins = {
      " [dot] ", " (dot) ", " dot ",  " [ . ] ", " [.] ", " (.) ", " . ",
      " [@] ",   " [at] ",  " (at) ", " @ ",     " @",    "[.] ",  " [."};
  if (i + 2 >= s.size()) return 0;
  const char next = s[i + 1];
  if (next != '[' && next != '(' && next != 'd' && next != 'D' && next != '.' && next != '@') {
    return 0;
  }
  for (std::string_view j : kJoins) {
    if (s.size() - i > j.size() && ioc::StartsNoCase(s.substr(i), j) &&
        TokenAt(s, i + j.size()) > 0 && s[i + j.size()] != ' ') {
      if (j == " . " && (i == 0 || s[i - 1] < '0' || s[i - 1] > '9')) continue;  // IPs only
      if ((j == " @ " || j == " @") && (i == 0 || s[i - 1] == '@')) continue;
      return j.size();
    }
  }
  return 0;
}

// The first byte at or after i that is ASCII or 0xEF (the lead byte of full-width ASCII), or
// s.size(): runs of Japanese text are skipped eight bytes at a time.
size_t SkipNonAscii(std::string_view s, size_t i) {
  constexpr uint64_t kHigh = 0x8080808080808080ULL, kOnes = 0x0101010101010101ULL;
  while (i + 8 <= s.size()) {
    uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    const uint64_t ef = w ^ (0xEF * kOnes);  // a zero byte where w holds 0xEF
    if ((w & kHigh) != kHigh || ((ef - kOnes) & ~ef & kHigh) != 0) break;
    i += 8;
  }
  while (i < s.size() && static_cast<unsigned char>(s[i]) >= 0x80 &&
         static_cast<unsigned char>(s[i]) != 0xEF) {
    ++i;
  }
  return i;
}

// Letters of an internationalised label (kana, kanji, Hangul, Latin with accents ...), not the
// Japanese punctuation and symbols that end an indicator.
bool IdnLetter(char32_t cp) {
  if (cp < 0x80 || cp == utf8::kInvalid) return false;
  if (cp >= 0x3000 && cp <= 0x303F) return false;  // 、。「」『』【】〜
  if (cp >= 0xFF00 && cp <= 0xFF65) return false;  // full-width forms and half-width punctuation
  if (cp >= 0x2000 && cp <= 0x2BFF) return false;  // general punctuation, arrows, symbols
  if (cp == 0x30FB || cp == 0x00B7 || cp == 0x00A0 || cp == 0xFEFF) return false;  // ・ · nbsp
  return true;
}

// An internationalised label starting at i ("テスト.example.com"): the letters run up to a '.'
// followed by a label character. Returns the run's length, or 0.
size_t IdnLabelAt(std::string_view s, size_t i) {
  // Most runs of Japanese are prose, not labels: find where the run of non-ASCII letters and
  // hyphens ends first (a byte loop), and decode it only when a '.' and a label follow.
  size_t j = i;
  while (j < s.size()) {
    j = SkipNonAscii(s, j);
    if (j == s.size() || (s[j] != '-' && static_cast<unsigned char>(s[j]) != 0xEF)) break;
    ++j;
  }
  if (j == i || j + 1 >= s.size() || s[j] != '.' ||
      !utf8::IsAsciiAlnum(static_cast<unsigned char>(s[j + 1]))) {
    return 0;
  }
  for (size_t k = i; k < j;) {
    const auto d = utf8::Next(s, k);
    if (!IdnLetter(d.cp) && d.cp != '-') return 0;  // "日本語T1059.001" is no label
    k += d.len;
  }
  return j - i;
}

bool HardBoundaryBefore(std::string_view s, size_t i) {
  if (i == 0) return true;
  const char p = s[i - 1];
  return p == ' ' || p == '\t' || p == '\n' || p == '\r' || p == '@' || p == '/' || p == '"' ||
         p == '<' || p == '(' || p == '[';
}

// The token starting at b: its end.
size_t TokenEnd(std::string_view s, size_t b, size_t max_bytes) {
  size_t e = b;
  const size_t limit = std::min(s.size(), b + max_bytes);
  while (e < limit) {
    const auto c = static_cast<unsigned char>(s[e]);
    if (c < 0x80 && kToken[c]) {
      ++e;
      continue;
    }
    if (size_t n = TokenAt(s, e)) {
      e += n;
      continue;
    }
    // Every form that joins words across a space starts with one of kJoinNext after it (or
    // follows an '@'): the test keeps prose fast.
    if (s[e] == ' ' && e + 1 < s.size() &&
        (kJoinNext[static_cast<unsigned char>(s[e + 1])] || (e > b && s[e - 1] == '@'))) {
      if (size_t n = SpacedJoinAt(s, e)) {
        e += n;
        continue;
      }
      // "AS 1234", "asn 1234": an AS number written with a space; "as" in lower case is prose
      // ("just as 2014")
      const std::string_view word = s.substr(b, e - b);
      if ((word == "AS" || word == "ASN" || word == "asn" || word == "Asn") && e + 1 < s.size() &&
          s[e + 1] >= '1' && s[e + 1] <= '9') {
        ++e;
        continue;
      }
      if (e > b) {
        if (const size_t n = ioc::AtWordAt(s, e)) {
          e += n;
          continue;
        }
      }
      char stands_for = 0;
      if (e > b && ioc::BracketedAt(s, e, &stands_for) > 0) {
        e += ioc::BracketedAt(s, e, &stands_for);
        continue;
      }
      // "user@ example.com": an at sign that ends a word joins the next one
      if (e > b && s[e - 1] == '@' && e + 1 < s.size() && TokenAt(s, e + 1) > 0) {
        ++e;
        continue;
      }
    }
    if (static_cast<unsigned char>(s[e]) >= 0x80 && e > b &&
        (s[e - 1] == '.' || s[e - 1] == '/' || s[e - 1] == '@')) {
      if (size_t n = IdnLabelAt(s, e)) {  // "www.テスト.jp", "https://テスト.jp"
        e += n;
        continue;
      }
    }
    break;
  }
  return e;
}

// Registry keys may hold spaces ("Windows NT\CurrentVersion"): a key goes on across a space only
// while a backslash follows on the same line, before the next key root or the end of the line.
size_t RegistryEnd(std::string_view s, size_t b, size_t e) {
  if (!ioc::StartsNoCase(s.substr(b), "hk") ||
      s.substr(b, e - b).find('\\') == std::string_view::npos) {
    return e;
  }
  size_t line_end = s.find_first_of("\r\n\t\"<>", e);
  if (line_end == std::string_view::npos) line_end = s.size();
  for (size_t k = e; k < line_end; ++k) {
    if (static_cast<unsigned char>(s[k]) >= 0x80) line_end = k;
    if (s[k] == ' ' && k + 3 < line_end && (s[k + 1] | 0x20) == 'h' && (s[k + 2] | 0x20) == 'k') {
      line_end = k;  // another key
    }
  }
  size_t end = e;
  while (end < line_end && s[end] == ' ') {
    const size_t later = s.substr(end, line_end - end).find('\\');
    if (later == std::string_view::npos) break;
    size_t next = s.find(' ', end + 1);
    if (next == std::string_view::npos || next > line_end) next = line_end;
    end = next;
  }
  while (end > e && (s[end - 1] == '.' || s[end - 1] == ',')) --end;
  return std::max(e, end);
}

// Most tokens of prose are words: without digits or the punctuation of addresses and paths, a
// token shorter than a hash or a wallet holds no indicator, and needs no refanging or
// classifying. Sentence punctuation at its end ("laterally.", "HTTPS),") does not count.
bool MayHold(std::string_view token) {
  if (token.size() >= 26) return true;
  while (!token.empty() && kSentenceEnd[static_cast<unsigned char>(token.back())]) {
    token.remove_suffix(1);
  }
  for (char c : token) {
    if (kMayHold[static_cast<unsigned char>(c)]) return true;
  }
  return false;
}

std::string Mask(std::string_view secret) {
  const std::string hash = Sha256Hex(secret);
  return std::string(secret.substr(0, std::min<size_t>(4, secret.size()))) +
         "…sha256:" + hash.substr(0, 8);
}

}  // namespace

struct IocExtractor::Impl {
  IocOptions options;
  std::vector<Service> services;
  std::unique_ptr<RE2::Set> hosts;  // every service's host pattern: one scan per host
  psl_ctx_t* psl = nullptr;
  bool owns_psl = false;  // psl_latest() allocates; psl_builtin() is static
  uint64_t id = 0;        // unique per extractor: keys the per-thread service cache
  ~Impl() {
    if (owns_psl) psl_free(psl);
  }
  bool Wanted(const std::string& type) const {
    return options.types.empty() ||
           std::find(options.types.begin(), options.types.end(), type) != options.types.end();
  }
  void TagServices(Ioc* ioc) const;
  void ScanToken(std::string_view text, size_t b, size_t e, uint64_t base,
                 const std::function<void(Ioc)>& emit) const;
};

const std::vector<std::string>& IocTypes() {
  static const std::vector<std::string> kTypes = {"url",
                                                  "domain",
                                                  "ipv4",
                                                  "ipv6",
                                                  "email",
                                                  "md5",
                                                  "sha1",
                                                  "sha256",
                                                  "sha512",
                                                  "cve",
                                                  "attack_technique",
                                                  "btc",
                                                  "eth",
                                                  "xmr",
                                                  "file_path",
                                                  "registry_key",
                                                  "asn",
                                                  "mac"};
  return kTypes;
}

Result<IocExtractor> IocExtractor::Create(const classify::RuleFile& services, IocOptions options) {
  for (const std::string& t : options.types) {
    if (std::find(IocTypes().begin(), IocTypes().end(), t) == IocTypes().end()) {
      return Status::InvalidInput("unknown indicator type '" + t + "'");
    }
  }
  static std::atomic<uint64_t> next_id{1};
  auto impl = std::make_shared<Impl>();
  impl->id = next_id++;
  impl->options = std::move(options);
  impl->psl = psl_latest(nullptr);  // the newer of the built-in list and the publicsuffix package
  impl->owns_psl = impl->psl != nullptr;
  if (impl->psl == nullptr) impl->psl = const_cast<psl_ctx_t*>(psl_builtin());
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(services.name, services.text, 5));
  RE2::Options re_opts;
  re_opts.set_log_errors(false);
  re_opts.set_max_mem(1 << 20);
  for (const RuleRow& row : rows) {
    if (row.fields[0] != "service") return Status::InvalidInput("unknown role", row.where);
    Service s;
    s.tag = row.fields[1];
    s.host = std::make_unique<RE2>(row.fields[2], re_opts);
    if (!s.host->ok())
      return Status::InvalidInput("bad host pattern: " + s.host->error(), row.where);
    if (row.fields[3] != "-") {
      s.path = std::make_unique<RE2>(row.fields[3], re_opts);
      if (!s.path->ok()) {
        return Status::InvalidInput("bad path pattern: " + s.path->error(), row.where);
      }
    }
    JK_ASSIGN_OR_RETURN(double secret, RuleNumber(row, 4));
    s.secret = static_cast<int>(secret);
    if (s.path && s.secret > s.path->NumberOfCapturingGroups()) {
      return Status::InvalidInput("secret group beyond the path pattern's groups", row.where);
    }
    impl->services.push_back(std::move(s));
  }
  if (!impl->services.empty()) {
    impl->hosts = std::make_unique<RE2::Set>(re_opts, RE2::ANCHOR_BOTH);
    for (const Service& s : impl->services) impl->hosts->Add(s.host->pattern(), nullptr);
    if (!impl->hosts->Compile())
      return Status::InvalidInput("service patterns too large", services.name);
  }
  return IocExtractor(std::move(impl));
}

void IocExtractor::Impl::TagServices(Ioc* ioc) const {
  if (ioc->type != "url" && ioc->type != "domain") return;
  std::string_view host = ioc->value, path;
  if (ioc->type == "url") {
    const size_t hb = host.find("://") + 3;
    size_t he = ioc::FindAny(host, ioc::kPathStart, hb);
    if (he == std::string::npos) he = host.size();
    path = host.substr(he);
    host = host.substr(hb, he - hb);
    if (const size_t at = host.rfind('@'); at != std::string::npos) host = host.substr(at + 1);
    if (const size_t colon = host.rfind(':'); colon != std::string::npos)
      host = host.substr(0, colon);
  }
  if (!hosts) return;
  // A URL is followed by its host: one match serves both.
  thread_local uint64_t last_id = 0;
  thread_local std::string last_host;
  thread_local std::vector<int> candidates;
  if (last_id != id || last_host != host) {
    candidates.clear();
    hosts->Match(host, &candidates);
    std::sort(candidates.begin(), candidates.end());
    last_id = id;
    last_host.assign(host);
  }
  if (candidates.empty()) return;
  const std::string path_copy(path);  // the fields below may be rewritten
  for (int index : candidates) {
    const Service& s = services[static_cast<size_t>(index)];
    if (s.path) {
      if (ioc->type != "url") continue;
      std::array<re2::StringPiece, 4> groups;
      const int n =
          std::min(static_cast<int>(groups.size()), 1 + s.path->NumberOfCapturingGroups());
      if (!s.path->Match(path_copy, 0, path_copy.size(), RE2::ANCHOR_START, groups.data(), n)) {
        continue;
      }
      if (s.secret > 0 && !options.reveal && !groups[s.secret].empty()) {
        const std::string secret(groups[s.secret].data(), groups[s.secret].size());
        const std::string masked = Mask(secret);
        for (std::string* field : {&ioc->value, &ioc->found}) {
          if (const size_t at = field->find(secret); at != std::string::npos) {
            field->replace(at, secret.size(), masked);
          }
        }
        ioc->tags.push_back("masked");
      }
    }
    ioc->tags.insert(ioc->tags.begin(), s.tag);
    return;
  }
}

void IocExtractor::Impl::ScanToken(std::string_view text, size_t b, size_t e, uint64_t base,
                                   const std::function<void(Ioc)>& emit) const {
  const std::string_view token = text.substr(b, e - b);
  thread_local ioc::Refanged r;  // buffers reused from token to token
  thread_local std::vector<ioc::Hit> hits;
  ioc::Refang(token, &r);
  hits.clear();
  ioc::Classify(r, psl, &hits);
  for (ioc::Hit& h : hits) {
    if (!Wanted(h.type) || h.end <= h.begin) continue;
    size_t len = 0;
    const size_t at = r.Found(h.begin, h.end, &len);
    Ioc ioc;
    ioc.type = std::move(h.type);
    ioc.value = std::move(h.value);
    ioc.found = std::string(token.substr(at, len));
    ioc.offset = base + b + at;
    ioc.tags = std::move(h.tags);
    if (ioc.found != std::string_view(r.text).substr(h.begin, h.end - h.begin)) {
      ioc.tags.insert(ioc.tags.begin(), "defanged");
    }
    if (ioc.type == "url" && ioc.value.find('\\') != std::string::npos) {
      // Markdown escapes inside a URL ("v\\_log" for "v_log"): a backslash is no URL character.
      std::string clean;
      for (size_t i = 0; i < ioc.value.size(); ++i) {
        if (ioc.value[i] == '\\' && i + 1 < ioc.value.size() &&
            std::string_view("\\_*[]()#+-.!~`").find(ioc.value[i + 1]) != std::string_view::npos) {
          continue;
        }
        clean += ioc.value[i];
      }
      ioc.value = std::move(clean);
    }
    if (ioc.type == "domain") {
      const std::string tld = ioc.value.substr(ioc.value.rfind('.') + 1);
      if (tld == "test" || tld == "example" || tld == "invalid" || tld == "localhost" ||
          ioc.value == "example.com" || ioc.value == "example.net" || ioc.value == "example.org" ||
          ioc.value.ends_with(".example.com")) {
        ioc.tags.push_back("documentation");
      }
    }
    TagServices(&ioc);
    emit(std::move(ioc));
  }
}

void IocExtractor::Scan(std::string_view text, uint64_t base,
                        const std::function<void(Ioc)>& emit) const {
  const size_t max = impl_->options.max_token_bytes;
  size_t i = 0;
  const size_t n = text.size();
  while (i < n) {
    // Skip what cannot start an indicator (Japanese text, spaces, punctuation).
    const auto c = static_cast<unsigned char>(text[i]);
    size_t idn = 0;
    if (c < 0x80) {
      if (!kToken[c]) {
        ++i;
        continue;
      }
    } else if (FullWidthAt(text, i) == 0) {
      if (i == 0 ||
          (static_cast<unsigned char>(text[i - 1]) < 0x80 && HardBoundaryBefore(text, i))) {
        idn = IdnLabelAt(text, i);
      }
      if (idn == 0) {
        // Japanese text: on to the next ASCII byte or the next possible full-width character
        // (0xEF is never a continuation byte, so a broken sequence never hides what follows).
        i = SkipNonAscii(text, i + 1);
        continue;
      }
    }
    size_t e = TokenEnd(text, i + (idn > 0 ? idn : 0), max);
    e = RegistryEnd(text, i, e);
    if (idn > 0 || MayHold(text.substr(i, e - i))) {
      CheckDeadline();
      impl_->ScanToken(text, i, e, base, emit);
    }
    i = std::max(e, i + 1);
  }
}

std::vector<Ioc> IocExtractor::ScanAll(std::string_view text) const {
  std::vector<Ioc> out;
  Scan(text, 0, [&](Ioc i) { out.push_back(std::move(i)); });
  return out;
}

void IocStream::Feed(std::string_view chunk) {
  carry_.append(chunk);
  // Scan up to the last line break and keep the rest: no indicator spans lines, while a space
  // may lie inside one ("user at example dot com"). A line of over 1 MiB is cut at its last
  // space, or on a character, to keep the carry bounded.
  size_t cut = carry_.find_last_of('\n');
  if (cut == std::string::npos) {
    if (carry_.size() < (1u << 20)) return;
    cut = carry_.find_last_of(' ');
    if (cut == std::string::npos) cut = utf8::Prev(carry_, carry_.size()) - 1;
  }
  const std::string_view head = std::string_view(carry_).substr(0, cut + 1);
  extractor_.Scan(head, carry_offset_, emit_);
  carry_offset_ += head.size();
  carry_.erase(0, head.size());
}

void IocStream::Finish() {
  extractor_.Scan(carry_, carry_offset_, emit_);
  carry_offset_ += carry_.size();
  carry_.clear();
}

std::string Defang(const Ioc& ioc) {
  std::string v = ioc.value;
  if (ioc.type == "url") {
    if (v.rfind("http", 0) == 0) v.replace(0, 4, "hxxp");
    const size_t hb = v.find("://") + 3;
    size_t he = v.find_first_of("/?#", hb);
    if (he == std::string::npos) he = v.size();
    std::string host = v.substr(hb, he - hb);
    std::string out;
    for (char c : host) out += c == '.' ? std::string("[.]") : std::string(1, c);
    return v.substr(0, hb) + out + v.substr(he);
  }
  if (ioc.type == "domain" || ioc.type == "ipv4" || ioc.type == "email") {
    std::string out;
    for (char c : v) {
      out += c == '.' ? std::string("[.]") : c == '@' ? std::string("[@]") : std::string(1, c);
    }
    return out;
  }
  return v;
}

}  // namespace jikenbo::extract
