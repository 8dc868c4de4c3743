// Classification of an article: its kind (incident | advisory | threat_report | commentary |
// off_topic) and, for incidents and advisories, the incident type of PRODUCT.md. Both decisions
// come from weighted cue phrases in rules/kinds.rules and rules/types.rules and are explained:
// the cues found, with their spans, and the runner-up.
// Pure; immutable after Create(), so threads may share one Classifier.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/status.h"
#include "classify/article_text.h"
#include "model/document.h"

namespace jikenbo::classify {

struct RuleFile {
  std::string name;  // for messages: "rules/types.rules"
  std::string text;
};

struct Cue {
  std::string label;  // the kind or type the cue speaks for
  double weight = 0;  // counted weight (doubled in the title)
  model::Span span;   // where it was found in Article::text
  bool operator==(const Cue&) const = default;
};

struct Decision {
  std::optional<std::string> winner;
  double score = 0;
  std::optional<std::string> runner_up;
  double runner_up_score = 0;
  std::vector<Cue> cues;  // in text order
};

struct Classification {
  std::string kind;
  double security = 0;   // weight of the security cues found
  bool by_rule = false;  // the kind came from the segmentation rule (a casebook entry)
  // Advisory had the most weight, but the text states a compromise of its own (a `compromise`
  // row of kinds.rules): the kind is the best of the others. The statement is the evidence.
  std::optional<model::Span> compromise;
  Decision kind_decision;
  Decision type_decision;  // winner empty unless kind is incident or advisory
};

class Classifier {
 public:
  static Result<Classifier> Create(const RuleFile& kinds, const RuleFile& types);
  Classification Classify(const ArticleText& text) const;
  // Sets incident.kind, incident.type and the "kind"/"type" evidence of the article.
  void Apply(const ArticleText& text, model::Article* article) const;

  struct Impl;

 private:
  explicit Classifier(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace jikenbo::classify
