#include "report/json.h"

namespace jikenbo::report {
namespace {

using json = nlohmann::ordered_json;

json Opt(const std::optional<std::string>& v) { return v ? json(*v) : json(nullptr); }

// Moves a byte offset back to the start of the character that holds it.
uint32_t CharStart(const std::string& text, uint32_t at) {
  while (at > 0 && at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
  return at;
}

// A span clamped to the text and to whole characters, so its text is always valid UTF-8.
json SpanJson(const model::Article& a, model::Span s) {
  const uint32_t end =
      CharStart(a.text, std::min<uint32_t>(s.end, static_cast<uint32_t>(a.text.size())));
  const uint32_t begin = CharStart(a.text, std::min(s.begin, end));
  return json{{"start", begin}, {"end", end}, {"text", a.text.substr(begin, end - begin)}};
}

}  // namespace

json ArticleJson(const store::ArticleRecord& r, const JsonOptions& options) {
  const model::Article& a = r.article;
  const model::Incident& inc = a.incident;
  json affected = json::array();
  for (const auto& c : inc.affected) {
    affected.push_back(
        {{"count", c.count}, {"unit", c.unit}, {"qualifier", model::QualifierName(c.qualifier)}});
  }
  json reported = json::array();
  json reported_detail = json::array();
  for (const auto& rt : inc.reported_to) {
    reported.push_back(rt.authority);
    reported_detail.push_back({{"authority", rt.authority}, {"date", Opt(rt.date)}});
  }
  json indicators = json::array();
  for (const auto& x : inc.indicators) {
    indicators.push_back({{"type", x.type},
                          {"value", x.value},
                          {"tags", x.tags},
                          {"role", x.role},
                          {"role_reason", x.role_reason}});
  }
  json evidence = json::object();
  evidence["title"] = json::array({SpanJson(a, a.title_span)});
  for (const auto& e : inc.evidence) evidence[e.field].push_back(SpanJson(a, e.span));
  for (const auto& c : inc.affected) evidence["affected"].push_back(SpanJson(a, c.evidence));
  for (const auto& rt : inc.reported_to)
    evidence["reported_to"].push_back(SpanJson(a, rt.evidence));
  json cues = json::array();
  for (const auto& c : inc.type_cues) {
    json cue = SpanJson(a, c.evidence);
    cue["type"] = c.type;
    cue["weight"] = c.weight;
    cues.push_back(std::move(cue));
  }
  // Every field's confidence: high, or low with the reason (what to check first).
  json confidence = json::object();
  for (const std::string& field : model::ConfidenceFields()) {
    const model::FieldConfidence c = model::ConfidenceOf(inc, field);
    confidence[field] =
        c.low ? json{{"level", "low"}, {"reason", c.reason}} : json{{"level", "high"}};
  }
  json out = {
      {"id", r.id},
      {"doc", r.doc_path},
      {"doc_sha256", r.doc_sha256},
      {"line", a.line},
      {"end_line", a.end_line},
      {"start_rule", a.start_rule},
      {"title", a.title},
      {"kind", Opt(inc.kind)},
      {"type", Opt(inc.type)},
      {"case_no", Opt(inc.case_no)},
      {"source_ref", Opt(inc.source_ref)},
      {"title_org", Opt(inc.title_org)},
      {"org_key", Opt(inc.org_key)},
      {"org_aliases", inc.org_aliases},
      {"victim_orgs", inc.victim_orgs},
      {"org_kind", Opt(inc.org_kind)},
      {"announce_date", Opt(inc.announce_date)},
      {"incident_date", Opt(inc.incident_date)},
      {"follow_up", Opt(inc.follow_up)},
      {"affected", affected},
      {"data_items", inc.data_items},
      {"reported_to", reported},
      {"reported_to_detail", reported_detail},
      {"cause", Opt(inc.cause)},
      {"countermeasures", inc.countermeasures},
      {"compensation_jpy_per_person",
       inc.compensation_jpy_per_person ? json(*inc.compensation_jpy_per_person) : json(nullptr)},
      {"source_urls", inc.source_urls},
      {"indicators", indicators},
      {"summary", inc.summary},
      {"evidence", evidence},
      {"type_explanation",
       {{"type", Opt(inc.type)}, {"runner_up", Opt(inc.type_runner_up)}, {"cues", cues}}},
      {"confidence", confidence},
      {"source_begin", a.source_begin},
      {"source_end", a.source_end},
  };
  if (options.include_text) out["text"] = a.text;
  return out;
}

json SearchHitJson(const store::SearchHit& hit) {
  const model::Article& a = hit.record.article;
  json highlights = json::array();
  for (const auto& [b, e] : hit.highlights) highlights.push_back({{"start", b}, {"end", e}});
  return {
      {"id", hit.record.id}, {"doc", hit.record.doc_path},   {"line", a.line},
      {"title", a.title},    {"kind", Opt(a.incident.kind)}, {"case_no", Opt(a.incident.case_no)},
      {"score", hit.score},  {"snippet", hit.snippet},       {"highlights", highlights}};
}

std::string Dump(const json& value, int indent) {
  return value.dump(indent, ' ', false, json::error_handler_t::replace);
}

json CaseJson(const CaseView& view) {
  store::ArticleRecord merged;
  merged.article.incident = view.merged;
  if (!view.timeline.empty()) merged.article.title = view.timeline.front().title;
  json fields = ArticleJson(merged);
  for (const char* k : {"id", "doc", "doc_sha256", "line", "end_line", "start_rule", "evidence",
                        "source_begin", "source_end", "summary", "indicators"}) {
    fields.erase(k);
  }
  json from = json::object();
  for (const auto& [field, id] : view.from) from[field] = id;
  json timeline = json::array();
  for (const TimelineEntry& e : view.timeline) {
    timeline.push_back({{"id", e.article_id},
                        {"date", e.date.empty() ? json(nullptr) : json(e.date)},
                        {"role", e.role},
                        {"title", e.title},
                        {"changes", e.changes}});
  }
  return {{"case_no", view.case_no}, {"reports", view.timeline.size()},
          {"fields", fields},        {"from", from},
          {"timeline", timeline},    {"conflicts", view.conflicts}};
}

}  // namespace jikenbo::report
