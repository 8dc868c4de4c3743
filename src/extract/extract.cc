#include "extract/extract.h"

#include <algorithm>
#include <optional>

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

// A report that follows up an earlier one says so in its title (第2報, 続報, 最終報, 調査結果 …)
// or refers to the earlier announcement (先般お知らせいたしました …): the first such wording,
// with its span.
void ExtractFollowUp(const Extractor::Impl& impl, const classify::ArticleText& text,
                     model::Incident* inc) {
  const std::string_view v = text.view();
  auto first_match = [&](const std::string& role, classify::Piece in) -> bool {
    const auto it = impl.cues.find(role);
    if (it == impl.cues.end() || in.end <= in.begin) return false;
    const std::string_view part = v.substr(in.begin, in.end - in.begin);
    if (!it->second.Any(part)) return false;
    std::optional<classify::Piece> best;
    for (int k : it->second.Matching(part)) {
      for (const classify::Piece& p : classify::FindAll(*it->second.patterns()[k].re, part)) {
        if (!best || p.begin < best->begin) best = p;
        break;
      }
    }
    if (!best) return false;
    inc->follow_up = std::string(part.substr(best->begin, best->end - best->begin));
    inc->evidence.push_back(
        {"follow_up", text.ToSpan(in.begin + best->begin, in.begin + best->end)});
    return true;
  };
  const classify::Piece title = text.title_line();
  if (first_match("follow_up_title", title) || first_match("follow_up", title)) return;
  for (const classify::Piece& s : text.sentences()) {
    if (s.end <= title.end) continue;
    if (first_match("follow_up", s)) return;
  }
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
  static const char* kRoles[] = {
      "announce",       "event",          "report_verb",      "exposure",        "negation",
      "clause_break",   "victim",         "not_victim",       "cause",           "cause_skip",
      "measure",        "measure_skip",   "compensation",     "not_event",       "channel",
      "aside",          "item_suffix_ok", "item_join",        "item_clause",     "self",
      "notice_title",   "reporting",      "reporting_before", "date_label",      "date_after_label",
      "page_date",      "weak_report",    "personal_exposed", "self_definition", "org_label",
      "measure_action", "boilerplate",    "cause_clause",     "response",        "denial",
      "cause_label",    "follow_up",      "follow_up_title",  "contact_label",   "not_counted",
      "event_label"};
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
  ExtractFollowUp(*impl_, text, &inc);
  CheckDeadlineSlow();
  ExtractCounts(*impl_, text, asides, &inc);
  ExtractDataItems(*impl_, text, asides, &inc);
  // Personal data said exposed without naming an item of the vocabulary: other (low).
  const auto& sentences = text.sentences();
  const size_t body = text.body_begin();
  const bool personal_exposed =
      inc.data_items.empty() &&
      std::any_of(sentences.begin(), sentences.end(), [&](const classify::Piece& s) {
        if (s.end <= body) return false;  // the body says so, not the title
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
