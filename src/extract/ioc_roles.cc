// Indicator roles from the words around each indicator (see ioc_roles.h).
#include "extract/ioc_roles.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <map>
#include <unordered_map>

#include "base/rule_table.h"
#include "base/utf8.h"

namespace jikenbo::extract {

const std::vector<std::string>& IocRoleNames() {
  static const std::vector<std::string> kNames = {"malicious", "placeholder", "victim", "reference",
                                                  "benign"};
  return kNames;
}

namespace {

enum Role : int { kMalicious = 0, kPlaceholder, kVictim, kReference, kBenign, kNone };

struct Cue {
  std::string word;  // ASCII letters lower-cased
  Role role = kNone;
  bool ascii = false;  // an English word: matched at word boundaries only
};

std::string LowerAscii(std::string_view s) { return utf8::AsciiLower(s); }

bool AsciiAlnum(char c) { return utf8::IsAsciiAlnum(static_cast<unsigned char>(c)); }

// The host of a URL, domain or e-mail value, lower case; "" for other types.
std::string HostOf(const Ioc& ioc) {
  std::string_view v = ioc.value;
  if (ioc.type == "url") {
    const size_t scheme = v.find("://");
    if (scheme == std::string_view::npos) return "";
    v = v.substr(scheme + 3);
    v = v.substr(0, v.find_first_of("/?#"));
    if (const size_t at = v.rfind('@'); at != std::string_view::npos) v = v.substr(at + 1);
    if (!v.empty() && v[0] == '[') return "";  // an IPv6 literal
    v = v.substr(0, v.find(':'));
  } else if (ioc.type == "email") {
    v = v.substr(v.rfind('@') + 1);
  } else if (ioc.type != "domain") {
    return "";
  }
  return LowerAscii(v);
}

// A value with a redacted part: a label, octet or path segment of three or more x, or of
// asterisks or circles; a hash of one repeated digit.
bool Redacted(const Ioc& ioc) {
  const std::string v = LowerAscii(ioc.value);
  if (ioc.type == "md5" || ioc.type == "sha1" || ioc.type == "sha256" || ioc.type == "sha512") {
    return v.find_first_not_of(v[0]) == std::string::npos;
  }
  size_t run = 0, start = 0;
  for (size_t i = 0; i <= v.size(); ++i) {
    const bool sep = i == v.size() || v[i] == '.' || v[i] == '/' || v[i] == '@' || v[i] == ':' ||
                     v[i] == '-' || v[i] == '_';
    if (!sep) {
      if (v[i] == 'x' || v[i] == '*') ++run;
      continue;
    }
    if (run >= 3 && run == i - start) return true;
    run = 0;
    start = i + 1;
  }
  for (std::string_view mark : {"●", "○", "〇", "＊", "***"}) {
    if (ioc.value.find(mark) != std::string::npos) return true;
  }
  return false;
}

// Defanged on purpose (hxxp, [.], (dot) ...), not merely written in full-width letters.
bool DeliberatelyDefanged(const Ioc& ioc) {
  if (std::find(ioc.tags.begin(), ioc.tags.end(), "defanged") == ioc.tags.end()) return false;
  const std::string f = LowerAscii(ioc.found);
  for (std::string_view mark :
       {"[", "(", "{", "hxx", "hxp", "h**p", "h__p", "hxtp", "fxp", "dot", "\\.", "meow"}) {
    if (f.find(mark) != std::string::npos) return true;
  }
  return false;
}

bool KnownTag(const std::string& t) {
  return t == "defanged" || t == "masked" || t == "private" || t == "loopback" ||
         t == "link_local" || t == "documentation" || t == "reserved";
}

// Byte ranges of the sentences of a line: split after 。．！？ and after ". " "! " "? ".
std::vector<std::pair<size_t, size_t>> Sentences(std::string_view line) {
  std::vector<std::pair<size_t, size_t>> out;
  size_t start = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const auto c = static_cast<unsigned char>(line[i]);
    if (c != 0xE3 && c != 0xEF && c != '.' && c != '!' && c != '?') continue;
    size_t end = 0;
    if (line.substr(i).starts_with("。") || line.substr(i).starts_with("．") ||
        line.substr(i).starts_with("！") || line.substr(i).starts_with("？")) {
      end = i + 3;
    } else if ((line[i] == '.' || line[i] == '!' || line[i] == '?') && i + 1 < line.size() &&
               line[i + 1] == ' ') {
      end = i + 1;
    }
    if (end > 0) {
      out.emplace_back(start, end);
      start = end;
      i = end - 1;
    }
  }
  if (start < line.size()) out.emplace_back(start, line.size());
  return out;
}

// Characters that only dress a list line: bullets, numbering, table rules, brackets, spaces.
bool ListDressing(std::string_view rest) {
  for (size_t i = 0; i < rest.size();) {
    const auto c = static_cast<unsigned char>(rest[i]);
    if (c < 0x80) {
      if (!(c == ' ' || c == '\t' || c == '\r' || c == '|' || c == '-' || c == '*' || c == '+' ||
            c == '.' || c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == '[' ||
            c == ']' || c == '<' || c == '>' || c == '`' || c == '"' || c == '\'' ||
            (c >= '0' && c <= '9'))) {
        return false;
      }
      ++i;
      continue;
    }
    const size_t n = utf8::Next(rest, i).len;
    const std::string_view ch = rest.substr(i, n);
    static constexpr std::string_view kDressing[] = {
        "・", "●",  "○",  "■",  "□",  "◆", "◇", "▶", "►", "－", "｜", "　", "、", "，", "（",
        "）", "「", "」", "【", "】", "①", "②", "③", "④", "⑤",  "⑥",  "⑦",  "⑧",  "⑨",  "⑩"};
    if (std::find(std::begin(kDressing), std::end(kDressing), ch) == std::end(kDressing)) {
      return false;
    }
    i += n;
  }
  return true;
}

// A line shaped as the heading of a list or table: short, and marked as a heading (#, ■, 【 …,
// a table's header row) or ending with a colon.
bool HeadingShape(std::string_view line) {
  const std::string_view t = utf8::Trim(line);
  if (t.empty() || t.size() > 160) return false;
  for (std::string_view mark :
       {"#", "■", "□", "◆", "◇", "●", "○", "▼", "▶", "【", "[", "|", "＜", "<"}) {
    if (t.starts_with(mark)) return true;
  }
  return t.ends_with(":") || t.ends_with("：") || t.ends_with("】");
}

// The first character of s at i as a key: an ASCII byte, or the bytes of a UTF-8 sequence.
uint32_t CharKey(std::string_view s, size_t i, size_t* len) {
  const auto c = static_cast<unsigned char>(s[i]);
  *len = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  *len = std::min(*len, s.size() - i);
  uint32_t key = 0;
  for (size_t k = 0; k < *len; ++k) key = key << 8 | static_cast<unsigned char>(s[i + k]);
  return key;
}

}  // namespace

struct IocRoles::Impl {
  std::vector<Cue> cues;
  // One pass over a line finds every cue: cues by their first character, and the bytes that
  // start one (most characters start none).
  std::unordered_map<uint32_t, std::vector<size_t>> by_first;
  std::array<bool, 256> lead{};
  struct Hash {  // lets a string_view look up a string key without a copy
    using is_transparent = void;
    size_t operator()(std::string_view v) const { return std::hash<std::string_view>{}(v); }
  };
  std::unordered_map<std::string, Role, Hash, std::equal_to<>> hosts;  // and names under them

  void Index() {
    for (size_t k = 0; k < cues.size(); ++k) {
      size_t len = 0;
      by_first[CharKey(cues[k].word, 0, &len)].push_back(k);
      lead[static_cast<unsigned char>(cues[k].word[0])] = true;
    }
  }

  struct Hit {
    size_t begin, end;
    Role role;
    std::string_view word;
  };

  // Cue hits in text, in order of position, outside the bytes `covered` marks (the indicators
  // themselves; empty: none).
  std::vector<Hit> Cues(std::string_view text, const std::vector<char>& covered) const {
    const std::string lower = LowerAscii(text);
    std::vector<Hit> out;
    size_t len = 1;
    for (size_t at = 0; at < lower.size(); at += len) {
      if (!lead[static_cast<unsigned char>(lower[at])]) {
        len = 1;
        while (at + len < lower.size() &&
               (static_cast<unsigned char>(lower[at + len]) & 0xC0) == 0x80) {
          ++len;  // stay on character boundaries
        }
        continue;
      }
      const auto it = by_first.find(CharKey(lower, at, &len));
      if (it == by_first.end()) continue;
      for (size_t k : it->second) {
        const Cue& c = cues[k];
        if (lower.compare(at, c.word.size(), c.word) != 0) continue;
        const size_t end = at + c.word.size();
        if (c.ascii && ((at > 0 && AsciiAlnum(lower[at - 1])) ||
                        (end < lower.size() && AsciiAlnum(lower[end])))) {
          continue;
        }
        if (!covered.empty() && (covered[at] || covered[end - 1])) continue;
        out.push_back({at, end, c.role, c.word});
      }
    }
    return out;
  }

  Role HostRole(const std::string& host, std::string* matched) const {
    for (size_t at = 0; at != std::string::npos && at < host.size();) {
      const auto it = hosts.find(std::string_view(host).substr(at));
      if (it != hosts.end()) {
        *matched = it->first;
        return it->second;
      }
      at = host.find('.', at);
      if (at != std::string::npos) ++at;
    }
    return kNone;
  }

  // The role of one indicator from everything but its cues.
  void Intrinsic(Ioc* ioc, const Context& context) const {
    auto set = [&](Role r, std::string reason) {
      ioc->role = IocRoleNames()[r];
      ioc->role_reason = std::move(reason);
    };
    const auto& tags = ioc->tags;
    auto has = [&](const char* t) { return std::find(tags.begin(), tags.end(), t) != tags.end(); };
    const std::string host = HostOf(*ioc);
    std::string matched;
    const Role listed = host.empty() ? kNone : HostRole(host, &matched);
    // The documentation names themselves (example.com, www.example.com, anything under .test)
    // are placeholders; a name under one (phish.example.net, as fictional reports write) is
    // judged by its context like any other.
    const bool doc_name = listed == kPlaceholder && (matched == host || host == "www." + matched ||
                                                     matched.find('.') == std::string::npos);
    if (Redacted(*ioc) || doc_name ||
        (has("documentation") && (ioc->type == "ipv4" || ioc->type == "ipv6"))) {
      return set(kPlaceholder, Redacted(*ioc) ? "a redacted value"
                               : doc_name     ? "a documentation name"
                                              : "a documentation address range");
    }
    if (has("private") || has("loopback") || has("link_local") || has("reserved")) {
      return set(kBenign, "a private or reserved address");
    }
    for (const std::string& t : tags) {
      if (!KnownTag(t) && ioc->type == "url") {
        return set(kMalicious, "the endpoint of an abused service (" + t + ")");
      }
    }
    if (DeliberatelyDefanged(*ioc)) return set(kMalicious, "written defanged");
    if (context.sources != nullptr && ioc->type == "url" &&
        std::find(context.sources->begin(), context.sources->end(), ioc->value) !=
            context.sources->end()) {
      return set(kReference, "a source of the report");
    }
    if (listed == kBenign || listed == kReference) {
      return set(listed,
                 fmt::format("a {} host ({})",
                             listed == kBenign ? "well-known service" : "reference", matched));
    }
  }

  // The default when neither cue nor host decides.
  void Default(Ioc* ioc, const Context& context, bool list) const {
    auto set = [&](Role r, const char* reason) {
      ioc->role = IocRoleNames()[r];
      ioc->role_reason = reason;
    };
    const std::string& t = ioc->type;
    std::string matched;
    if (const std::string host = HostOf(*ioc);
        !host.empty() && HostRole(host, &matched) == kPlaceholder) {
      return set(kPlaceholder, "a name under a documentation domain");
    }
    if (t == "md5" || t == "sha1" || t == "sha256" || t == "sha512") {
      return set(kMalicious, "a file hash in a security report");
    }
    if (t == "btc" || t == "eth" || t == "xmr") return set(kMalicious, "a wallet in a report");
    if (t == "ipv4" || t == "ipv6") return set(kMalicious, "a public address in a report");
    if (t == "cve" || t == "attack_technique") {
      return set(kReference, "an identifier, not an observable");
    }
    if (t == "url") {
      // A link to a bare address is no organisation's page.
      const std::string host = HostOf(*ioc);
      if (host.empty() || std::all_of(host.begin(), host.end(),
                                      [](char c) { return (c >= '0' && c <= '9') || c == '.'; })) {
        return set(kMalicious, "a URL on a bare address in a report");
      }
      // A picture or style sheet of the page is no indicator.
      std::string path = LowerAscii(ioc->value.substr(0, ioc->value.find_first_of("?#")));
      for (std::string_view ext : {".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".css"}) {
        if (path.ends_with(ext)) return set(kReference, "an image or style sheet of a page");
      }
    }
    if (context.kind == "threat_report" && list &&
        (t == "url" || t == "domain" || t == "email" || t == "file_path" || t == "registry_key")) {
      return set(kMalicious, "listed in a threat report without other context");
    }
    if (t == "file_path" || t == "registry_key" || t == "mac" || t == "asn") {
      return set(kBenign, "no context names it malicious");
    }
    set(kReference, "no context names it malicious");
  }
};

Result<IocRoles> IocRoles::Create(const classify::RuleFile& rules) {
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(rules.name, rules.text, 3));
  auto impl = std::make_shared<Impl>();
  for (const RuleRow& row : rows) {
    const auto& names = IocRoleNames();
    const auto it = std::find(names.begin(), names.end(), row.fields[1]);
    if (it == names.end()) {
      return Status::InvalidInput("unknown role '" + row.fields[1] + "'", row.where);
    }
    const Role role = static_cast<Role>(it - names.begin());
    const std::string value = LowerAscii(row.fields[2]);
    if (value.empty()) return Status::InvalidInput("empty value", row.where);
    if (row.fields[0] == "cue") {
      const bool ascii = std::all_of(value.begin(), value.end(),
                                     [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      impl->cues.push_back({value, role, ascii});
    } else if (row.fields[0] == "host") {
      impl->hosts[value] = role;
    } else {
      return Status::InvalidInput("unknown rule '" + row.fields[0] + "' (cue or host)", row.where);
    }
  }
  impl->Index();
  return IocRoles(std::move(impl));
}

void IocRoles::JudgeLine(std::string_view line, std::vector<Ioc>* iocs, LineState* state,
                         const Context& context) const {
  const Impl& x = *impl_;
  std::vector<std::pair<size_t, size_t>> spans;
  for (const Ioc& i : *iocs) {
    const size_t b = std::min<size_t>(i.offset, line.size());
    spans.emplace_back(b, std::min(line.size(), b + i.found.size()));
  }
  // A list line holds indicators and nothing but bullets, numbers and table rules.
  bool list = !iocs->empty();
  if (list) {
    size_t at = 0;
    for (const auto& [b, e] : spans) {
      if (b > at && !ListDressing(line.substr(at, b - at))) list = false;
      at = std::max(at, e);
    }
    if (at < line.size() && !ListDressing(line.substr(at))) list = false;
  }
  std::vector<char> covered;
  if (!spans.empty()) {
    covered.assign(line.size(), 0);
    for (const auto& [b, e] : spans) std::fill(covered.begin() + b, covered.begin() + e, 1);
  }
  const bool heading = iocs->empty() && HeadingShape(line);
  const std::vector<Impl::Hit> hits =
      iocs->empty() && !heading ? std::vector<Impl::Hit>{} : x.Cues(line, covered);
  const auto sentences = iocs->empty() ? std::vector<std::pair<size_t, size_t>>{} : Sentences(line);
  for (size_t k = 0; k < iocs->size(); ++k) {
    Ioc& ioc = (*iocs)[k];
    x.Intrinsic(&ioc, context);
    if (ioc.role == "placeholder" || ioc.role == "malicious" ||
        (ioc.role == "benign" && ioc.role_reason.starts_with("a private"))) {
      continue;
    }
    // The nearest cue in the sentence (with the one before when this one is mostly the
    // indicator itself).
    const size_t b = spans[k].first, e = spans[k].second;
    size_t from = 0, to = line.size();
    // the sentence holding b: the last one starting at or before it
    const auto next = std::upper_bound(sentences.begin(), sentences.end(), b,
                                       [](size_t pos, const auto& sn) { return pos < sn.first; });
    if (next != sentences.begin() && b < (next - 1)->second) {
      const size_t s = static_cast<size_t>(next - sentences.begin()) - 1;
      from = sentences[s].first;
      to = sentences[s].second;
      if (s > 0 && (to - from) - std::min(to - from, e - b) < 24) from = sentences[s - 1].first;
    }
    const Impl::Hit* best = nullptr;
    size_t best_distance = 0;
    // The hits around the indicator (they are in order of position): a bounded look either way.
    constexpr size_t kLook = 16;
    const size_t at = static_cast<size_t>(
        std::lower_bound(hits.begin(), hits.end(), b,
                         [](const Impl::Hit& h, size_t pos) { return h.begin < pos; }) -
        hits.begin());
    const size_t lo = at > kLook ? at - kLook : 0, hi = std::min(hits.size(), at + kLook);
    for (size_t j = lo; j < hi; ++j) {
      const Impl::Hit& h = hits[j];
      if (h.begin < from || h.end > to) continue;
      const size_t d = h.end <= b ? b - h.end : h.begin >= e ? h.begin - e : 0;
      if (best == nullptr || d < best_distance || (d == best_distance && h.role < best->role)) {
        best = &h;
        best_distance = d;
      }
    }
    if (best != nullptr) {
      // A well-known service's bare name stays benign (a page on it named as malicious is
      // abuse); a reference host or a source stays a reference unless named as malicious.
      if (ioc.role == "benign" && !(best->role == kMalicious && ioc.type == "url")) continue;
      if (ioc.role == "reference" && best->role != kMalicious) continue;
      ioc.role = IocRoleNames()[best->role];
      ioc.role_reason = fmt::format("「{}」 near it", best->word);
      continue;
    }
    if (!ioc.role.empty()) continue;
    if (list && !state->heading_role.empty()) {
      ioc.role = state->heading_role;
      ioc.role_reason = "listed under " + state->heading_reason;
      continue;
    }
    x.Default(&ioc, context, list);
  }
  // A host found inside a URL shares the URL's role.
  for (size_t k = 0; k < iocs->size(); ++k) {
    if ((*iocs)[k].type != "url") continue;
    for (size_t j = k + 1; j < iocs->size() && spans[j].first < spans[k].second; ++j) {
      Ioc& host = (*iocs)[j];
      if (spans[j].second > spans[k].second ||
          (host.role == "placeholder" && !host.role_reason.starts_with("a name"))) {
        continue;
      }
      if ((*iocs)[k].role_reason.starts_with("the endpoint of an abused service")) {
        // discord.com itself is no indicator: all of its traffic would match.
        host.role = IocRoleNames()[kBenign];
        host.role_reason = "the host of an abused service";
        continue;
      }
      host.role = (*iocs)[k].role;
      host.role_reason = (*iocs)[k].role_reason;
    }
  }
  // Remember the cue of a heading for the list lines that follow it.
  if (!list && line.find_first_not_of(" \t\r\xe3\x80\x80") != std::string_view::npos) {
    state->heading_role.clear();
    state->heading_reason.clear();
    if (heading && !hits.empty()) {
      const Impl::Hit* first = &hits.front();
      for (const Impl::Hit& h : hits) {
        if (h.role < first->role) first = &h;
      }
      state->heading_role = IocRoleNames()[first->role];
      state->heading_reason = fmt::format("a heading with 「{}」", first->word);
    }
  }
  // Malicious anywhere: malicious everywhere (bounded memory for streams).
  constexpr size_t kMaxRemembered = 100'000;
  for (Ioc& ioc : *iocs) {
    auto& m = state->malicious;
    if (ioc.role == "malicious") {
      if (m.size() < kMaxRemembered) m.insert(ioc.value);
    } else if (ioc.role != "placeholder" && m.count(ioc.value) > 0) {
      ioc.role_reason = "named as malicious elsewhere in the text; here " + ioc.role + " (" +
                        ioc.role_reason + ")";
      ioc.role = "malicious";
    }
  }
}

void IocRoles::Judge(std::string_view text, std::vector<Ioc>* iocs, const Context& context) const {
  LineState state;
  std::vector<Ioc> on_line;
  size_t next = 0;  // the first indicator not yet judged
  for (size_t start = 0; start <= text.size();) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    on_line.clear();
    size_t k = next;
    while (k < iocs->size() && (*iocs)[k].offset < end) {
      Ioc i = (*iocs)[k];
      i.offset -= start;
      on_line.push_back(std::move(i));
      ++k;
    }
    JudgeLine(text.substr(start, end - start), &on_line, &state, context);
    for (size_t j = 0; j < on_line.size(); ++j) {
      (*iocs)[next + j].role = std::move(on_line[j].role);
      (*iocs)[next + j].role_reason = std::move(on_line[j].role_reason);
    }
    next = k;
    if (end == text.size()) break;
    start = end + 1;
  }
  // Earlier mentions of a value found malicious further down.
  for (Ioc& ioc : *iocs) {
    if (ioc.role == "malicious" || ioc.role == "placeholder") continue;
    if (state.malicious.count(ioc.value) > 0) {
      ioc.role_reason = "named as malicious elsewhere in the text; here " + ioc.role + " (" +
                        ioc.role_reason + ")";
      ioc.role = "malicious";
    }
  }
}

}  // namespace jikenbo::extract
