#include "extract/extract.h"

#include <algorithm>

#include "base/deadline.h"
#include "base/rule_table.h"
#include "extract/extract_internal.h"

namespace jikenbo::extract {
namespace {

Status LoadPatterns(const classify::RuleFile& file, classify::PatternSet* out) {
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(file.name, file.text, 2));
  for (const RuleRow& row : rows) {
    JK_RETURN_IF_ERROR(out->Add(row.fields[0], 1, row.fields[1], row.where));
  }
  return out->Compile();
}

// An article that reports no incident of its own has no incident date.
void DropIncidentDate(model::Incident* inc) {
  inc->incident_date.reset();
  std::erase_if(inc->evidence, [](const model::Evidence& e) { return e.field == "incident_date"; });
}

}  // namespace

Result<Extractor> Extractor::Create(const RuleFiles& rules, Options options) {
  auto impl = std::make_shared<Impl>();
  impl->options = options;
  JK_RETURN_IF_ERROR(LoadOrgRules(rules.orgs, &impl->orgs));
  JK_RETURN_IF_ERROR(LoadPatterns(rules.data_items, &impl->data_items));
  JK_RETURN_IF_ERROR(LoadPatterns(rules.authorities, &impl->authorities));
  JK_ASSIGN_OR_RETURN(auto cue_rows, ParseRuleTable(rules.cues.name, rules.cues.text, 3));
  for (const RuleRow& row : cue_rows) {
    JK_RETURN_IF_ERROR(impl->cues[row.fields[0]].Add(row.fields[0], 1, row.fields[2], row.where));
  }
  for (auto& [role, set] : impl->cues) JK_RETURN_IF_ERROR(set.Compile());
  static const char* kRoles[] = {"announce",
                                 "event",
                                 "report_verb",
                                 "exposure",
                                 "negation",
                                 "victim",
                                 "not_victim",
                                 "cause",
                                 "cause_skip",
                                 "measure",
                                 "measure_skip",
                                 "compensation",
                                 "not_event",
                                 "channel",
                                 "aside",
                                 "item_suffix_ok",
                                 "item_join",
                                 "item_clause",
                                 "self",
                                 "notice_title",
                                 "reporting",
                                 "reporting_before",
                                 "date_label",
                                 "date_after_label",
                                 "page_date",
                                 "weak_report",
                                 "personal_exposed",
                                 "self_definition",
                                 "org_label",
                                 "measure_action",
                                 "boilerplate",
                                 "cause_clause",
                                 "response",
                                 "denial",
                                 "cause_label"};
  for (const char* role : kRoles) {
    if (!impl->cues.count(role)) {
      return Status::InvalidInput(std::string("no cue for role '") + role + "'", rules.cues.name);
    }
  }
  for (const auto& entry : impl->cues) {
    const std::string& role = entry.first;
    if (std::find_if(std::begin(kRoles), std::end(kRoles),
                     [&](const char* r) { return role == r; }) == std::end(kRoles)) {
      return Status::InvalidInput("unknown role '" + role + "'",
                                  entry.second.patterns().front().where);
    }
  }
  return Extractor(std::move(impl));
}

void Extractor::Extract(const classify::ArticleText& text, model::Article* article) const {
  model::Incident& inc = article->incident;
  const bool newsworthy = inc.kind == "incident" || inc.kind == "advisory";
  const std::vector<classify::Piece> asides = AsideZones(*impl_, text);
  if (!newsworthy && inc.kind != "threat_report") {  // commentary, off-topic: its date only
    ExtractDates(*impl_, text, asides, &inc);
    DropIncidentDate(&inc);
    return;
  }
  ExtractOrgs(*impl_, text, &inc);
  CheckDeadlineSlow();
  ExtractDates(*impl_, text, asides, &inc);
  ExtractSourceUrls(text, &inc);
  if (!newsworthy) {  // a threat report: its publisher and date only
    DropIncidentDate(&inc);
    return;
  }
  if (inc.kind != "incident") {
    DropIncidentDate(&inc);
    return;
  }
  CheckDeadlineSlow();
  ExtractCounts(*impl_, text, asides, &inc);
  ExtractDataItems(*impl_, text, asides, &inc);
  // Personal data said exposed without naming an item of the vocabulary: other (low).
  const auto& sentences = text.sentences();
  const bool personal_exposed =
      inc.data_items.empty() &&
      std::any_of(sentences.begin(), sentences.end(), [&](const classify::Piece& s) {
        if (s.end <= text.title_line().end) return false;  // the body says so, not the title
        const std::string_view sentence = text.Text(s);
        return AnyCue(*impl_, "personal_exposed", sentence) &&
               !AnyCue(*impl_, "denial", sentence) && !AnyCue(*impl_, "negation", sentence);
      });
  if (personal_exposed) {
    inc.data_items.push_back("other");
    model::AddDoubt(&inc, "data_items", "personal data said exposed, no item named");
  }
  CheckDeadlineSlow();
  ExtractReportedTo(*impl_, text, asides, &inc);
  CheckDeadlineSlow();
  ExtractNarrative(*impl_, text, &inc);
}

}  // namespace jikenbo::extract
