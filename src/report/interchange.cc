#include "report/interchange.h"

#include <fmt/format.h>
#include <unicode/bytestream.h>
#include <unicode/idna.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

#include "base/sha256.h"
#include "base/utf8.h"
#include "report/assess.h"
#include "report/interchange_internal.h"

namespace jikenbo::report {
namespace {

using json = nlohmann::ordered_json;

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string JoinSemi(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : ";") + s;
  return out;
}

std::string StixString(const std::string& v) {
  std::string out = "'";
  for (char c : v) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

}  // namespace

namespace interchange {

json StixCommon(const std::string& type, const std::string& id, const std::string& time) {
  return {{"type", type},
          {"spec_version", "2.1"},
          {"id", type + "--" + id},
          {"created", time},
          {"modified", time}};
}

std::string CaseKey(const CaseFile& c) {
  const auto& inc = c.primary.article.incident;
  return inc.case_no
             ? "case " + *inc.case_no
             : "article " + c.primary.doc_sha256 + " " + std::to_string(c.primary.article.ordinal);
}

namespace {
// The earliest archive time among the case's reports ("" when none is known).
std::string FirstArchived(const CaseFile& c) {
  std::string first = c.primary.archived_at;
  for (const store::ArticleRecord& r : c.reports) {
    if (!r.archived_at.empty() && (first.empty() || r.archived_at < first)) first = r.archived_at;
  }
  return first;
}
}  // namespace

std::string CaseDate(const CaseFile& c, bool* from_archive) {
  if (from_archive != nullptr) *from_archive = c.date.empty();
  if (!c.date.empty()) return c.date;
  return FirstArchived(c).substr(0, 10);
}

std::string CaseTime(const CaseFile& c) {
  if (!c.date.empty()) return StixTime(c.date);
  std::string t = FirstArchived(c);
  if (t.size() < 19) return StixTime(t.empty() ? "1970-01-01" : t);
  return t.substr(0, 19) + ".000Z";  // 2031-05-01T09:30:00Z -> with milliseconds
}

std::string EpochSeconds(const std::string& stix_time) {
  std::tm tm{};
  tm.tm_year = std::stoi(stix_time.substr(0, 4)) - 1900;
  tm.tm_mon = std::stoi(stix_time.substr(5, 2)) - 1;
  tm.tm_mday = std::stoi(stix_time.substr(8, 2));
  tm.tm_hour = std::stoi(stix_time.substr(11, 2));
  tm.tm_min = std::stoi(stix_time.substr(14, 2));
  tm.tm_sec = std::stoi(stix_time.substr(17, 2));
  return std::to_string(static_cast<long long>(timegm(&tm)));
}

bool Japanese(const std::string& text) {
  const std::string_view head = utf8::Prefix(text, 4096);
  for (size_t i = 0; i < head.size();) {
    const utf8::Decoded d = utf8::Next(head, i);
    if (utf8::IsCjk(d.cp)) return true;
    i += d.len;
  }
  return false;
}

}  // namespace interchange

std::string NameUuid(const std::string& text) {
  std::string h = Sha256Hex("jikenbo:" + text).substr(0, 32);
  h[12] = '5';
  h[16] = "89ab"[(h[16] - '0') & 3];
  return h.substr(0, 8) + "-" + h.substr(8, 4) + "-" + h.substr(12, 4) + "-" + h.substr(16, 4) +
         "-" + h.substr(20, 12);
}

std::string UnmaskedPrefix(const std::string& value) {
  const size_t mask = value.find("…");
  return mask == std::string::npos ? value : value.substr(0, value.rfind('/', mask) + 1);
}

namespace {

// A host name in ASCII (IDNA, UTS #46): "テスト.example.com" -> "xn--zckzah.example.com"; the
// host unchanged when it is ASCII already or not convertible.
std::string AsciiHost(const std::string& host) {
  if (std::all_of(host.begin(), host.end(), [](char c) { return (c & 0x80) == 0; })) return host;
  UErrorCode status = U_ZERO_ERROR;
  static const icu::IDNA* const kIdna = icu::IDNA::createUTS46Instance(UIDNA_DEFAULT, status);
  if (kIdna == nullptr) return host;
  std::string out;
  icu::StringByteSink<std::string> sink(&out);
  icu::IDNAInfo info;
  status = U_ZERO_ERROR;
  kIdna->nameToASCII_UTF8(host, sink, info, status);
  return U_FAILURE(status) || info.hasErrors() ? host : out;
}

// The value of an indicator as a detection system matches it: hosts in ASCII (punycode).
std::string WireValue(const std::string& type, const std::string& value) {
  if (type == "domain") return AsciiHost(value);
  if (type == "email") {
    const size_t at = value.rfind('@');
    return at == std::string::npos ? value
                                   : value.substr(0, at + 1) + AsciiHost(value.substr(at + 1));
  }
  if (type == "url") {
    const size_t scheme = value.find("://");
    if (scheme == std::string::npos) return value;
    const size_t begin = scheme + 3;
    size_t end = value.find_first_of("/?#", begin);
    if (end == std::string::npos) end = value.size();
    std::string host = value.substr(begin, end - begin);
    const size_t at = host.rfind('@');
    const std::string user = at == std::string::npos ? "" : host.substr(0, at + 1);
    if (at != std::string::npos) host = host.substr(at + 1);
    const size_t colon = host.rfind(':');
    const std::string port =
        colon == std::string::npos || host.find(']') != std::string::npos ? "" : host.substr(colon);
    if (!port.empty()) host = host.substr(0, colon);
    return value.substr(0, begin) + user + AsciiHost(host) + port + value.substr(end);
  }
  return value;
}

}  // namespace

std::optional<std::string> StixPattern(const std::string& type, const std::string& value) {
  static const std::map<std::string, std::string> kPath = {
      {"url", "url:value"},
      {"domain", "domain-name:value"},
      {"ipv4", "ipv4-addr:value"},
      {"ipv6", "ipv6-addr:value"},
      {"email", "email-addr:value"},
      {"md5", "file:hashes.MD5"},
      {"sha1", "file:hashes.'SHA-1'"},
      {"sha256", "file:hashes.'SHA-256'"},
      {"sha512", "file:hashes.'SHA-512'"},
      {"mac", "mac-addr:value"},
      {"registry_key", "windows-registry-key:key"},
      {"file_path", "file:name"}};
  if (type == "asn") {
    const size_t digits = value.find_first_of("0123456789");
    if (digits == std::string::npos) return std::nullopt;
    return "[autonomous-system:number = " + value.substr(digits) + "]";
  }
  const auto it = kPath.find(type);
  if (it == kPath.end()) return std::nullopt;
  std::string v = WireValue(type, value);
  if (type == "file_path") v = v.substr(v.find_last_of("/\\") + 1);
  if (v != UnmaskedPrefix(v)) {
    return "[" + it->second + " LIKE " + StixString(UnmaskedPrefix(v) + "%") + "]";
  }
  return "[" + it->second + " = " + StixString(v) + "]";
}

std::optional<json> StixObject(const std::string& type, const std::string& value,
                               const std::vector<std::string>& tags, const std::string& time) {
  json o;
  if (type == "cve" || type == "attack_technique") {
    const bool cve = type == "cve";
    o = interchange::StixCommon(cve ? "vulnerability" : "attack-pattern",
                                NameUuid(type + " " + value), time);
    o["name"] = value;
    o["external_references"] = {
        {{"source_name", cve ? "cve" : "mitre-attack"}, {"external_id", value}}};
  } else if (auto pattern = StixPattern(type, value)) {
    o = interchange::StixCommon("indicator", NameUuid(type + " " + value), time);
    o["name"] = type + " " + value;
    o["pattern"] = *pattern;
    o["pattern_type"] = "stix";
    o["indicator_types"] = {"malicious-activity"};
    o["valid_from"] = time;
    if (!tags.empty()) o["labels"] = tags;
  } else {
    return std::nullopt;  // wallets have no STIX 2.1 observable type
  }
  return o;
}

std::pair<std::string, std::string> MispTypeCategory(const std::string& type) {
  static const std::map<std::string, std::pair<std::string, std::string>> kType = {
      {"url", {"url", "Network activity"}},
      {"domain", {"domain", "Network activity"}},
      {"ipv4", {"ip-dst", "Network activity"}},
      {"ipv6", {"ip-dst", "Network activity"}},
      {"email", {"email-src", "Payload delivery"}},
      {"md5", {"md5", "Payload delivery"}},
      {"sha1", {"sha1", "Payload delivery"}},
      {"sha256", {"sha256", "Payload delivery"}},
      {"sha512", {"sha512", "Payload delivery"}},
      {"cve", {"vulnerability", "External analysis"}},
      {"btc", {"btc", "Financial fraud"}},
      {"xmr", {"xmr", "Financial fraud"}},
      {"eth", {"text", "Financial fraud"}},
      {"file_path", {"filename", "Artifacts dropped"}},
      {"registry_key", {"regkey", "Persistence mechanism"}},
      {"asn", {"AS", "Network activity"}},
      {"mac", {"mac-address", "Network activity"}},
      {"attack_technique", {"text", "External analysis"}}};
  const auto it = kType.find(type);
  return it == kType.end() ? std::pair<std::string, std::string>{"text", "Other"} : it->second;
}

bool ForDetection(const std::string& role, const std::string& type,
                  const std::vector<std::string>& tags) {
  return role == "malicious" && !ReservedTags(tags) && MispTypeCategory(type).first != "text" &&
         type != "cve" && type != "attack_technique";
}

json MispAttribute(const std::string& type, const std::string& value,
                   const std::vector<std::string>& tags, const std::string& role,
                   const std::string& reason, const std::string& uuid) {
  const bool ids = ForDetection(role, type, tags);
  auto [misp_type, category] = MispTypeCategory(type);
  if (type == "url" && !ids) misp_type = "link", category = "External analysis";
  std::string comment = role.empty() ? std::string("role not judged") : role;
  if (!reason.empty()) comment += ": " + reason;
  if (!tags.empty()) comment += " [" + JoinSemi(tags) + "]";
  return {{"uuid", uuid},         {"type", misp_type},
          {"category", category}, {"value", UnmaskedPrefix(value)},
          {"to_ids", ids},        {"comment", comment}};
}

std::string PublicSource(const store::ArticleRecord& r) {
  if (r.doc_url && !r.doc_url->empty()) return *r.doc_url;
  const size_t slash = r.doc_path.find_last_of("/\\");
  return slash == std::string::npos ? r.doc_path : r.doc_path.substr(slash + 1);
}

bool ReservedTags(const std::vector<std::string>& tags) {
  for (const std::string& t : tags) {
    if (t == "private" || t == "loopback" || t == "documentation" || t == "link_local" ||
        t == "reserved") {
      return true;
    }
  }
  return false;
}

std::string StixTime(const std::string& iso) {
  std::string day = iso.substr(0, std::min<size_t>(iso.size(), 10));
  if (day.size() == 4) day += "-01-01";
  if (day.size() == 7) day += "-01";
  return day + "T00:00:00.000Z";
}

std::string CsvHeader(bool bom) {
  return std::string(bom ? "\xEF\xBB\xBF" : "") +
         "id,case_no,kind,type,title,title_org,victim_orgs,org_kind,announce_date,incident_date,"
         "affected,persons,records,cards,data_items,reported_to,compensation_jpy_per_person,"
         "source_urls,indicators,doc,line\r\n";
}

std::string CsvRow(const store::ArticleRecord& r) {
  const model::Incident& inc = r.article.incident;
  std::vector<std::string> affected, reported, indicators;
  for (const auto& c : inc.affected) {
    affected.push_back(
        fmt::format("{} {} ({})", c.count, c.unit, model::QualifierName(c.qualifier)));
  }
  for (const auto& rt : inc.reported_to) reported.push_back(rt.authority);
  for (const auto& i : inc.indicators) indicators.push_back(i.type + " " + i.value);
  auto count = [&](const char* unit) {
    auto c = LargestCount(inc, unit);
    return c ? std::to_string(c->count) : std::string();
  };
  const std::vector<std::string> fields = {
      std::to_string(r.id),
      inc.case_no.value_or(""),
      inc.kind.value_or(""),
      inc.type.value_or(""),
      r.article.title,
      inc.title_org.value_or(""),
      JoinSemi(inc.victim_orgs),
      inc.org_kind.value_or(""),
      inc.announce_date.value_or(""),
      inc.incident_date.value_or(""),
      JoinSemi(affected),
      count("persons"),
      count("records"),
      count("cards"),
      JoinSemi(inc.data_items),
      JoinSemi(reported),
      inc.compensation_jpy_per_person ? std::to_string(*inc.compensation_jpy_per_person) : "",
      JoinSemi(inc.source_urls),
      JoinSemi(indicators),
      r.doc_path,
      std::to_string(r.article.line)};
  std::string out;
  for (size_t k = 0; k < fields.size(); ++k) {
    if (k > 0) out += ',';
    // A leading = + - @ would make a spreadsheet read the cell as a formula: quote it as text.
    const std::string& f = fields[k];
    out += !f.empty() && std::string_view("=+-@").find(f[0]) != std::string_view::npos && k != 0 &&
                   k != 20
               ? CsvField("'" + f)
               : CsvField(f);
  }
  return out + "\r\n";
}

}  // namespace jikenbo::report
