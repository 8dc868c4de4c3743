#include "classify/classify.h"

#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "base/rule_table.h"
#include "model/vocabulary.h"

namespace jikenbo::classify {

struct Classifier::Impl {
  PatternSet security;
  PatternSet kind_cues;
  PatternSet compromise;  // statements of a compromise of the publisher (no advisory then)
  PatternSet type_cues;
  std::map<std::string, std::string> priors;  // start rule -> kind
  double security_min = 2;
  // A type cue is not counted where the text denies it: a negation right after the cue
  // (不正アクセスは確認されておりません) or right before it (no evidence of ...).
  std::vector<std::unique_ptr<const RE2>> negate_after, negate_before;
  // specific type -> generic types it replaces once its own score reaches `min`.
  struct Prefer {
    std::string specific;
    std::vector<std::string> generic;
    double min = 0;
  };
  std::vector<Prefer> prefer;
  std::vector<std::string> advisory_types;  // empty: any
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
    if (kind == "compromise") {
      JK_RETURN_IF_ERROR(impl->compromise.Add("incident", 0, row.fields[2], row.where));
      continue;
    }
    const bool known = kind == "security" || std::count(std::begin(kKinds), std::end(kKinds), kind);
    if (!known) return Status::InvalidInput("unknown kind '" + kind + "'", row.where);
    JK_ASSIGN_OR_RETURN(double weight, RuleNumber(row, 1));
    auto& target = kind == "security" ? impl->security : impl->kind_cues;
    JK_RETURN_IF_ERROR(target.Add(kind, weight, row.fields[2], row.where));
  }
  JK_RETURN_IF_ERROR(impl->security.Compile());
  JK_RETURN_IF_ERROR(impl->compromise.Compile());
  return impl->kind_cues.Compile();
}

// "a,b,c": incident types, each of the taxonomy.
Result<std::vector<std::string>> TypeList(std::string_view list, const RuleRow& row) {
  const auto& types = model::IncidentTypes();
  std::vector<std::string> out;
  for (size_t b = 0; b <= list.size();) {
    size_t e = list.find(',', b);
    if (e == std::string_view::npos) e = list.size();
    std::string t(list.substr(b, e - b));
    if (!std::count(types.begin(), types.end(), t))
      return Status::InvalidInput("unknown incident type '" + t + "'", row.where);
    out.push_back(std::move(t));
    b = e + 1;
  }
  return out;
}

Status LoadTypes(const RuleFile& file, Classifier::Impl* impl) {
  const auto& types = model::IncidentTypes();
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(file.name, file.text, 3));
  for (const RuleRow& row : rows) {
    if (row.fields[0] == "negate") {
      if (row.fields[1] != "after" && row.fields[1] != "before")
        return Status::InvalidInput("negate takes 'after' or 'before'", row.where);
      JK_ASSIGN_OR_RETURN(auto re, CompilePattern(row.fields[2], row.where));
      (row.fields[1] == "after" ? impl->negate_after : impl->negate_before)
          .push_back(std::move(re));
      continue;
    }
    if (row.fields[0] == "advisory") {
      JK_ASSIGN_OR_RETURN(impl->advisory_types, TypeList(row.fields[2], row));
      continue;
    }
    if (row.fields[0] == "prefer") {
      // prefer <TAB> SPECIFIC>GENERIC[,GENERIC...] <TAB> MIN_SCORE
      const std::string& spec = row.fields[1];
      const size_t gt = spec.find('>');
      if (gt == std::string::npos)
        return Status::InvalidInput("prefer takes SPECIFIC>GENERIC", row.where);
      Classifier::Impl::Prefer p;
      JK_ASSIGN_OR_RETURN(auto specific, TypeList(std::string_view(spec).substr(0, gt), row));
      if (specific.size() != 1)
        return Status::InvalidInput("prefer takes one SPECIFIC type", row.where);
      p.specific = specific.front();
      JK_ASSIGN_OR_RETURN(p.generic, TypeList(std::string_view(spec).substr(gt + 1), row));
      const std::string min_text = row.fields[2];
      char* end = nullptr;
      p.min = std::strtod(min_text.c_str(), &end);
      if (end == min_text.c_str() || *end)
        return Status::InvalidInput("prefer needs a number", row.where);
      impl->prefer.push_back(std::move(p));
      continue;
    }
    if (!std::count(types.begin(), types.end(), row.fields[0])) {
      return Status::InvalidInput("unknown incident type '" + row.fields[0] + "'", row.where);
    }
    JK_ASSIGN_OR_RETURN(double weight, RuleNumber(row, 1));
    JK_RETURN_IF_ERROR(impl->type_cues.Add(row.fields[0], weight, row.fields[2], row.where));
  }
  return impl->type_cues.Compile();
}

// True when the text around view[b, e) denies the cue.
bool Negated(const Classifier::Impl& impl, std::string_view v, size_t b, size_t e) {
  const std::string_view after = v.substr(e, std::min<size_t>(v.size() - e, 90));
  const re2::StringPiece a(after.data(), after.size());
  for (const auto& re : impl.negate_after) {
    if (RE2::PartialMatch(a, *re)) return true;
  }
  const size_t from = b > 30 ? b - 30 : 0;
  const re2::StringPiece before(v.data() + from, b - from);
  for (const auto& re : impl.negate_before) {
    if (RE2::PartialMatch(before, *re)) return true;
  }
  return false;
}

// Scores every label: each pattern counts once, doubled if it matches in the title line.
// With `impl`, a match the text denies is skipped (the next one counts, if any).
Decision Score(const PatternSet& set, const ArticleText& text,
               const Classifier::Impl* impl = nullptr) {
  std::map<std::string, double> scores;
  Decision d;
  const Piece title = text.title_line();
  for (int index : set.Matching(text.view())) {
    const Pattern& p = set.patterns()[static_cast<size_t>(index)];
    // The first match is the evidence; a match in the title doubles the weight. (The pattern
    // is wrapped in one group by CompilePattern, so the capture is the whole match.)
    re2::StringPiece first;  // $0 only: RE2 finds it with its DFAs
    const re2::StringPiece view(text.view().data(), text.view().size());
    bool found = false;
    for (size_t from = 0; from < view.size();) {
      if (!p.re->Match(view, from, view.size(), RE2::UNANCHORED, &first, 1)) break;
      const size_t b = static_cast<size_t>(first.data() - view.data());
      const size_t e = b + first.size();
      if (!impl || !Negated(*impl, text.view(), b, e)) {
        found = true;
        break;
      }
      from = std::max(e, b + 1);
    }
    if (!found) continue;
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

// A specific type whose evidence is strong replaces the generic types it refines (card data
// stolen through an online shop is web skimming even when the notice says 不正アクセス).
// A warning's type is one a warning can have (advisory rows of the rules).
void Prefer(const Classifier::Impl& impl, bool advisory, Decision* d) {
  std::map<std::string, double> score;
  for (const Cue& cue : d->cues) score[cue.label] += cue.weight;
  bool changed = false;
  if (advisory && !impl.advisory_types.empty()) {
    for (auto& [label, v] : score) {
      if (v > 0 && !std::count(impl.advisory_types.begin(), impl.advisory_types.end(), label))
        v = 0, changed = true;
    }
  }
  for (const auto& p : impl.prefer) {
    if (score[p.specific] < p.min) continue;
    for (const std::string& g : p.generic) {
      if (score.count(g) && score[g] > 0) score[g] = 0, changed = true;
    }
  }
  if (!changed) return;
  std::map<std::string, double> original;
  for (const Cue& cue : d->cues) original[cue.label] += cue.weight;
  std::vector<std::pair<std::string, double>> ranked, replaced;
  for (const auto& [label, v] : score) {
    if (v > 0)
      ranked.emplace_back(label, v);
    else
      replaced.emplace_back(label, original[label]);
  }
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  d->winner.reset(), d->runner_up.reset();
  d->score = d->runner_up_score = 0;
  if (!ranked.empty()) d->winner = ranked[0].first, d->score = ranked[0].second;
  if (ranked.size() > 1) d->runner_up = ranked[1].first, d->runner_up_score = ranked[1].second;
  // The explanation keeps the best replaced type as the runner-up when no other type is left.
  std::stable_sort(replaced.begin(), replaced.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  if (!d->runner_up && !replaced.empty())
    d->runner_up = replaced[0].first, d->runner_up_score = replaced[0].second;
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
    c.by_rule = true;
  } else {
    double security = 0;
    for (int index : impl_->security.Matching(text.view())) {
      security += impl_->security.patterns()[static_cast<size_t>(index)].weight;
    }
    c.security = security;
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
      if (c.kind == "advisory") {
        // A warning that states a compromise of its own is an incident report (or whatever
        // else weighs most).
        const Decision stated = Score(impl_->compromise, text, impl_.get());
        if (!stated.cues.empty()) {
          c.compromise = stated.cues.front().span;
          c.kind = "incident";
          best = score["incident"];
          for (const char* k : kKinds) {
            if (std::string_view(k) != "advisory" && score[k] > best) best = score[k], c.kind = k;
          }
        }
      }
    }
  }
  if (c.kind == "incident" || c.kind == "advisory") {
    c.type_decision = Score(impl_->type_cues, text, impl_.get());
    Prefer(*impl_, c.kind == "advisory", &c.type_decision);
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
  if (c.compromise) inc.evidence.push_back({"kind", *c.compromise});
  for (const Cue& cue : c.type_decision.cues) {
    if (inc.type && cue.label == *inc.type) inc.evidence.push_back({"type", cue.span});
  }
  inc.type_runner_up = c.type_decision.runner_up;
  // Confidence: where the decision rests on little, say so.
  inc.doubts.clear();
  if (!c.by_rule) {
    std::map<std::string, double> score;
    for (const Cue& cue : c.kind_decision.cues) score[cue.label] += cue.weight;
    double other = 0;
    std::string other_kind;
    for (const auto& [k, v] : score) {
      if (k != c.kind && v > other) other = v, other_kind = k;
    }
    if (c.compromise) {
      model::AddDoubt(&inc, "kind", "a warning above all, but it states a compromise of its own");
    } else if (c.kind == "off_topic" && score["off_topic"] == 0) {
      if (c.security >= impl_->security_min - 1)
        model::AddDoubt(&inc, "kind", "few security cues (just under the threshold)");
    } else if (score[c.kind] == 0) {
      model::AddDoubt(&inc, "kind", "no cue for any kind: incident by default");
    } else if (score[c.kind] - other < 3) {
      model::AddDoubt(
          &inc, "kind",
          other == 0 ? fmt::format("a single weak cue for {} (score {:g})", c.kind, score[c.kind])
                     : fmt::format("{} and {} score close together ({:g} vs {:g})", c.kind,
                                   other_kind, score[c.kind], other));
    }
  }
  if (inc.type) {
    const Decision& t = c.type_decision;
    if (t.score == 0) {
      model::AddDoubt(&inc, "type", "no cue for any type");
    } else if (t.score < 5) {
      model::AddDoubt(&inc, "type", fmt::format("a single weak cue (score {:g})", t.score));
    } else if (t.runner_up && t.runner_up_score >= 0.75 * t.score) {
      model::AddDoubt(&inc, "type",
                      fmt::format("two candidates close together ({} {:g}, {} {:g})", *inc.type,
                                  t.score, *t.runner_up, t.runner_up_score));
    }
  }
  inc.type_cues.clear();
  for (const Cue& cue : c.type_decision.cues) {
    inc.type_cues.push_back({cue.label, cue.weight, cue.span});
  }
}

}  // namespace jikenbo::classify
