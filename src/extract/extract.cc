#include "extract/extract.h"

#include "base/rule_table.h"
#include "extract/extract_internal.h"

namespace jikenbo::extract {
namespace {

Status LoadPatterns(const classify::RuleFile& file, size_t fields, std::vector<Pattern>* out) {
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(file.name, file.text, fields));
  for (const RuleRow& row : rows) {
    JK_ASSIGN_OR_RETURN(auto re, classify::CompilePattern(row.fields.back(), row.where));
    out->push_back({row.fields[0], 1, std::move(re), row.where});
  }
  return Status::Ok();
}

}  // namespace

Result<Extractor> Extractor::Create(const RuleFiles& rules, Options options) {
  auto impl = std::make_shared<Impl>();
  impl->options = options;
  JK_RETURN_IF_ERROR(LoadOrgRules(rules.orgs, &impl->orgs));
  JK_RETURN_IF_ERROR(LoadPatterns(rules.data_items, 2, &impl->data_items));
  JK_RETURN_IF_ERROR(LoadPatterns(rules.authorities, 2, &impl->authorities));
  std::vector<Pattern> cues;
  JK_RETURN_IF_ERROR(LoadPatterns(rules.cues, 3, &cues));
  for (Pattern& p : cues) impl->cues[p.label].push_back(std::move(p));
  static const char* kRoles[] = {
      "announce",   "event", "report_verb",    "exposure",  "negation",     "victim",
      "not_victim", "cause", "cause_skip",     "measure",   "compensation", "not_event",
      "channel",    "aside", "item_suffix_ok", "item_join", "item_clause"};
  for (const char* role : kRoles) {
    if (!impl->cues.count(role)) {
      return Status::InvalidInput(std::string("no cue for role '") + role + "'", rules.cues.name);
    }
  }
  for (const auto& [role, list] : impl->cues) {
    if (std::find_if(std::begin(kRoles), std::end(kRoles),
                     [&](const char* r) { return role == r; }) == std::end(kRoles)) {
      return Status::InvalidInput("unknown role '" + role + "'", list.front().where);
    }
  }
  return Extractor(std::move(impl));
}

void Extractor::Extract(const classify::ArticleText& text, model::Article* article) const {
  model::Incident& inc = article->incident;
  const bool newsworthy = inc.kind == "incident" || inc.kind == "advisory";
  if (!newsworthy) return;
  ExtractOrgs(*impl_, text, &inc);
  ExtractDates(*impl_, text, &inc);
  ExtractSourceUrls(text, &inc);
  if (inc.kind != "incident") {
    inc.incident_date.reset();
    std::erase_if(inc.evidence,
                  [](const model::Evidence& e) { return e.field == "incident_date"; });
    return;
  }
  ExtractCounts(*impl_, text, &inc);
  ExtractDataItems(*impl_, text, &inc);
  ExtractReportedTo(*impl_, text, &inc);
  ExtractNarrative(*impl_, text, &inc);
}

}  // namespace jikenbo::extract
