// Splits one normalised document into articles: casebook entries, ●-headed digest items and plain
// posts with their own title line. Archive links and quoted source articles stay with the item
// above them; a page's preamble that is no article becomes front matter.
// The rules come from rules/segment.rules (see that file for the format and the heuristics).
// Immutable after Create(); copies share the compiled rules, so threads may share a Segmenter.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "base/status.h"
#include "model/document.h"
#include "normalize/normalize.h"

namespace jikenbo::segment {

struct Options {
  size_t max_articles = 10'000;  // more articles in one document => InvalidInput (hostile input)
};

// The text of a rules file and the name used in error messages ("rules/segment.rules").
struct RuleSource {
  std::string name;
  std::string text;
};

struct Segmentation {
  std::vector<model::Article> articles;  // in document order; ordinals 0..n-1
  std::string front_matter;              // preamble that is no article ("" if none)
};

class Segmenter {
 public:
  // Compiles the rules. A bad line or pattern fails with InvalidInput naming name:line.
  static Result<Segmenter> Create(const RuleSource& rules, Options options = {});

  // REQUIRES: text came from normalize::Normalize. A document with no article start is one
  // article; an empty document yields no article.
  Result<Segmentation> Split(const normalize::NormalizedText& text) const;

  struct Impl;

 private:
  explicit Segmenter(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace jikenbo::segment
