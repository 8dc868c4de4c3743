// Parsing of rules/segment.rules into compiled patterns (segment-internal).
#pragma once

#include <re2/re2.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "segment/segment.h"

namespace jikenbo::segment {

struct Rule {
  std::string name;
  std::unique_ptr<const RE2> re;
};

struct Tuning {
  size_t title_min_chars = 6;
  size_t title_max_chars = 120;
  size_t title_blank_after = 2;
  size_t window_chars = 600;
  size_t title_min_words = 3;  // character pairs + Latin words
  double title_max_hiragana = 0.40;
  double overlap_min = 0.30;
  double overlap_margin = 0.15;
};

struct Segmenter::Impl {
  std::vector<Rule> start;
  std::vector<Rule> strip;
  std::vector<Rule> not_title;
  std::vector<std::string> title_phrases;  // ignored when measuring hiragana
  Tuning tuning;
  Options options;
};

// Fills impl from the rules text; errors name source.name:line.
Status ParseRules(const RuleSource& source, Segmenter::Impl* impl);

}  // namespace jikenbo::segment
