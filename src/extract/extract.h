// Extraction of the incident fields of PRODUCT.md from one classified article: organisations,
// dates, affected counts, data items, authorities reported to, cause, countermeasures,
// compensation and source URLs. Every value is stored with the span of text it came from.
// The lexicons and cue lists are rules files (rules/orgs.rules, rules/data_items.rules,
// rules/authorities.rules, rules/extract.rules). Pure; immutable after Create().
#pragma once

#include <memory>

#include "base/status.h"
#include "classify/article_text.h"
#include "classify/classify.h"
#include "model/document.h"

namespace jikenbo::extract {

struct RuleFiles {
  classify::RuleFile orgs;
  classify::RuleFile data_items;
  classify::RuleFile authorities;
  classify::RuleFile cues;
};

struct Options {
  int64_t max_count = 1'000'000'000;  // a larger "count" is no count of victims (garbled text)
};

class Extractor {
 public:
  static Result<Extractor> Create(const RuleFiles& rules, Options options = {});
  // Fills the fields of article->incident other than kind and type. Fields that need an
  // incident (counts, data items, authorities ...) are filled for incidents and advisories only.
  void Extract(const classify::ArticleText& text, model::Article* article) const;

  struct Impl;

 private:
  explicit Extractor(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace jikenbo::extract
