// What every analysed article must satisfy, whatever the input: checked by the fuzz targets on
// every input and by the property tests (src/ingest/property_test.cc) on generated documents.
// Each function returns "" or a description of the first violation.
#pragma once

#include <string>
#include <string_view>

#include "base/utf8.h"
#include "model/document.h"

namespace jikenbo::invariants {

inline constexpr std::string_view kReplacement = "\xEF\xBF\xBD";

// Every span of the article lies inside its text, on character boundaries; every text field is
// valid UTF-8; dates are ISO; counts are positive.
inline std::string ArticleViolation(const model::Article& a) {
  if (!utf8::IsValid(a.text)) return "article text is not valid UTF-8";
  if (!utf8::IsValid(a.title)) return "title is not valid UTF-8";
  auto boundary = [&](uint32_t at) {
    return at == a.text.size() || (static_cast<unsigned char>(a.text[at]) & 0xC0) != 0x80;
  };
  auto bad_span = [&](const model::Span& s) {
    return s.begin > s.end || s.end > a.text.size() || !boundary(s.begin) || !boundary(s.end);
  };
  if (bad_span(a.title_span)) return "title span outside the text or inside a character";
  const model::Incident& inc = a.incident;
  for (const model::Evidence& e : inc.evidence) {
    if (bad_span(e.span)) {
      return "evidence span of " + e.field + " [" + std::to_string(e.span.begin) + ", " +
             std::to_string(e.span.end) + ") outside the text (" + std::to_string(a.text.size()) +
             " bytes) or inside a character";
    }
  }
  for (const model::AffectedCount& c : inc.affected) {
    if (bad_span(c.evidence)) return "count span outside the text";
    if (c.count <= 0) return "count not positive";
  }
  for (const model::ReportedTo& r : inc.reported_to) {
    if (bad_span(r.evidence)) return "reported_to span outside the text";
  }
  for (const model::Indicator& i : inc.indicators) {
    if (bad_span(i.evidence)) return "indicator span outside the text";
    if (!utf8::IsValid(i.value)) return "indicator value is not valid UTF-8";
  }
  for (const model::TypeCue& c : inc.type_cues) {
    if (bad_span(c.evidence)) return "type cue span outside the text";
  }
  auto iso = [](const std::optional<std::string>& d) {
    if (!d) return true;
    const std::string& s = *d;
    auto digits = [&](size_t from, size_t n) {
      for (size_t i = from; i < from + n; ++i) {
        if (i >= s.size() || s[i] < '0' || s[i] > '9') return false;
      }
      return true;
    };
    if (!(digits(0, 4) && s.size() >= 7 && s[4] == '-' && digits(5, 2))) return false;
    const int month = (s[5] - '0') * 10 + (s[6] - '0');
    if (month < 1 || month > 12) return false;
    if (s.size() == 7) return true;
    if (s.size() != 10 || s[7] != '-' || !digits(8, 2)) return false;
    const int day = (s[8] - '0') * 10 + (s[9] - '0');
    return day >= 1 && day <= 31;
  };
  if (!iso(inc.announce_date) || !iso(inc.incident_date)) return "a date is not ISO 8601";
  for (const model::ReportedTo& r : inc.reported_to) {
    if (!iso(r.date)) return "a reported_to date is not ISO 8601";
  }
  auto valid = [](const std::optional<std::string>& s) { return !s || utf8::IsValid(*s); };
  if (!valid(inc.title_org) || !valid(inc.cause) || !valid(inc.case_no) || !valid(inc.source_ref)) {
    return "a text field is not valid UTF-8";
  }
  const std::pair<const char*, const std::vector<std::string>*> lists[] = {
      {"victim_orgs", &inc.victim_orgs},
      {"data_items", &inc.data_items},
      {"countermeasures", &inc.countermeasures},
      {"source_urls", &inc.source_urls},
      {"summary", &inc.summary}};
  for (const auto& [name, list] : lists) {
    for (const std::string& s : *list) {
      if (!utf8::IsValid(s)) return std::string(name) + " holds invalid UTF-8: " + s;
    }
  }
  return "";
}

// The article's offsets map back into its document: the article lies inside the source text
// (Document::text when set, else the bytes), and every span maps to source bytes equal to the
// span's own text, unless the span holds a repaired character (U+FFFD stands for the bytes).
inline std::string SourceViolation(const model::Document& d, const model::Article& a) {
  const std::string& source = d.text.empty() ? d.bytes : d.text;
  if (a.source_begin > a.source_end || a.source_end > source.size()) {
    return "article source range outside the document";
  }
  const uint64_t size = a.source_end - a.source_begin;
  auto check = [&](const model::Span& s, const std::string& what) -> std::string {
    const uint64_t b = a.source_map.ToOrigin(s.begin);
    const uint64_t e = a.source_map.ToOriginEnd(s.end, size);
    if (b > e || e > size) return what + " maps outside its article's source range";
    const std::string_view own = std::string_view(a.text).substr(s.begin, s.end - s.begin);
    if (own.find(kReplacement) != std::string_view::npos) return "";
    if (std::string_view(source).substr(a.source_begin + b, e - b) != own) {
      return what + " maps to source bytes that differ from its text";
    }
    return "";
  };
  std::string v = check({0, static_cast<uint32_t>(a.text.size())}, "the article");
  for (const model::Evidence& e : a.incident.evidence) {
    if (v.empty()) v = check(e.span, "evidence of " + e.field);
  }
  for (const model::Indicator& i : a.incident.indicators) {
    if (v.empty()) v = check(i.evidence, "indicator " + i.value);
  }
  return v;
}

}  // namespace jikenbo::invariants
