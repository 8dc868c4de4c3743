#include "classify/classify.h"

#include <algorithm>
#include <map>

#include "base/rule_table.h"
#include "model/vocabulary.h"

namespace jikenbo::classify {

struct Classifier::Impl {
  PatternSet security;
  PatternSet kind_cues;
  PatternSet type_cues;
  std::map<std::string, std::string> priors;  // start rule -> kind
  double security_min = 2;
};

namespace {

constexpr const char* kKinds[] = {"incident", "advisory", "threat_report", "commentary",
                                   "off_topic"};

Status LoadKinds(const RuleFile& file, Classifier::Impl* impl) {
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(file.name, file.text, 3));
  for (const RuleRow& row : rows) {
    const std::string& kind = row.fields[0];
    if (kind == "set") {
      if (row.fields[1] != "security_min")
        return Status::InvalidInput("unknown setting", row.where);
      JK_ASSIGN_OR_RETURN(impl->security_min, RuleNumber(row, 2));
      continue;
    }
    if (kind == "prior") {
      impl->priors[row.fields[1]] = row.fields[2];
      continue;
    }
    const bool known = kind == "security" || std::count(std::begin(kKinds), std::end(kKinds), kind);
    if (!known) return Status::InvalidInput("unknown kind '" + kind + "'", row.where);
    JK_ASSIGN_OR_RETURN(double weight, RuleNumber(row, 1));
    auto& target = kind == "security" ? impl->security : impl->kind_cues;
    JK_RETURN_IF_ERROR(target.Add(kind, weight, row.fields[2], row.where));
  }
  JK_RETURN_IF_ERROR(impl->security.Compile());
  return impl->kind_cues.Compile();
}

Status LoadTypes(const RuleFile& file, Classifier::Impl* impl) {
  const auto& types = model::IncidentTypes();
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(file.name, file.text, 3));
  for (const RuleRow& row : rows) {
    if (!std::count(types.begin(), types.end(), row.fields[0])) {
      return Status::InvalidInput("unknown incident type '" + row.fields[0] + "'", row.where);
    }
    JK_ASSIGN_OR_RETURN(double weight, RuleNumber(row, 1));
    JK_RETURN_IF_ERROR(impl->type_cues.Add(row.fields[0], weight, row.fields[2], row.where));
  }
  return impl->type_cues.Compile();
}

// Scores every label: each pattern counts once, doubled if it matches in the title line.
Decision Score(const PatternSet& set, const ArticleText& text) {
  std::map<std::string, double> scores;
  Decision d;
  const Piece title = text.title_line();
  for (int index : set.Matching(text.view())) {
    const Pattern& p = set.patterns()[static_cast<size_t>(index)];
    // The first match is the evidence; a match in the title doubles the weight. (The pattern
    // is wrapped in one group by CompilePattern, so the capture is the whole match.)
    re2::StringPiece first;  // $0 only: RE2 finds it with its DFAs
    const re2::StringPiece view(text.view().data(), text.view().size());
    if (!p.re->Match(view, 0, view.size(), RE2::UNANCHORED, &first, 1)) continue;
    const std::string_view t = text.Text(title);
    const re2::StringPiece title_text(t.data(), t.size());
    const bool in_title =
        p.re->Match(title_text, 0, title_text.size(), RE2::UNANCHORED, nullptr, 0);
    const double w = p.weight * (in_title ? 2 : 1);
    scores[p.label] += w;
    const size_t at = static_cast<size_t>(first.data() - text.view().data());
    d.cues.push_back({p.label, w, text.ToSpan(at, at + first.size())});
  }
  std::sort(d.cues.begin(), d.cues.end(),
            [](const Cue& a, const Cue& b) { return a.span.begin < b.span.begin; });
  std::vector<std::pair<std::string, double>> ranked(scores.begin(), scores.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (!ranked.empty()) d.winner = ranked[0].first, d.score = ranked[0].second;
  if (ranked.size() > 1) d.runner_up = ranked[1].first, d.runner_up_score = ranked[1].second;
  return d;
}

}  // namespace

Result<Classifier> Classifier::Create(const RuleFile& kinds, const RuleFile& types) {
  auto impl = std::make_shared<Impl>();
  JK_RETURN_IF_ERROR(LoadKinds(kinds, impl.get()));
  JK_RETURN_IF_ERROR(LoadTypes(types, impl.get()));
  return Classifier(std::move(impl));
}

Classification Classifier::Classify(const ArticleText& text) const {
  Classification c;
  c.kind_decision = Score(impl_->kind_cues, text);
  if (auto it = impl_->priors.find(text.article().start_rule); it != impl_->priors.end()) {
    c.kind = it->second;
  } else {
    double security = 0;
    for (int index : impl_->security.Matching(text.view())) {
      security += impl_->security.patterns()[static_cast<size_t>(index)].weight;
    }
    if (security < impl_->security_min) {
      c.kind = "off_topic";
    } else {
      // Ties go to incident: order of kKinds, stable on equal scores.
      std::map<std::string, double> score;
      for (const Cue& cue : c.kind_decision.cues) score[cue.label] += cue.weight;
      c.kind = "incident";
      double best = score["incident"];
      for (const char* k : kKinds) {
        if (score[k] > best) best = score[k], c.kind = k;
      }
    }
  }
  if (c.kind == "incident" || c.kind == "advisory") {
    c.type_decision = Score(impl_->type_cues, text);
    if (!c.type_decision.winner) c.type_decision.winner = "other";
  }
  return c;
}

void Classifier::Apply(const ArticleText& text, model::Article* article) const {
  const Classification c = Classify(text);
  model::Incident& inc = article->incident;
  inc.kind = c.kind;
  inc.type = c.type_decision.winner;
  for (const Cue& cue : c.kind_decision.cues) {
    if (cue.label == c.kind) inc.evidence.push_back({"kind", cue.span});
  }
  for (const Cue& cue : c.type_decision.cues) {
    if (inc.type && cue.label == *inc.type) inc.evidence.push_back({"type", cue.span});
  }
  inc.type_runner_up = c.type_decision.runner_up;
  inc.type_cues.clear();
  for (const Cue& cue : c.type_decision.cues) {
    inc.type_cues.push_back({cue.label, cue.weight, cue.span});
  }
}

}  // namespace jikenbo::classify
