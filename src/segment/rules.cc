#include "segment/rules.h"

#include <fmt/format.h>

#include "base/rule_table.h"

namespace jikenbo::segment {
namespace {

Status SetTuning(const RuleRow& row, Tuning* t) {
  JK_ASSIGN_OR_RETURN(const double number, RuleNumber(row, 2));
  const std::string& key = row.fields[1];
  const auto count = static_cast<size_t>(number);
  if (key == "title_min_chars")
    t->title_min_chars = count;
  else if (key == "title_max_chars")
    t->title_max_chars = count;
  else if (key == "title_blank_after")
    t->title_blank_after = count;
  else if (key == "window_chars")
    t->window_chars = count;
  else if (key == "title_min_words")
    t->title_min_words = count;
  else if (key == "title_max_hiragana")
    t->title_max_hiragana = number;
  else if (key == "overlap_min")
    t->overlap_min = number;
  else if (key == "overlap_margin")
    t->overlap_margin = number;
  else
    return Status::InvalidInput(fmt::format("unknown setting '{}'", key), row.where);
  return Status::Ok();
}

}  // namespace

Status ParseRules(const RuleSource& source, Segmenter::Impl* impl) {
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(source.name, source.text, 3));
  for (const RuleRow& row : rows) {
    const std::string& kind = row.fields[0];
    if (kind == "set") {
      JK_RETURN_IF_ERROR(SetTuning(row, &impl->tuning));
      continue;
    }
    if (kind == "title_phrase") {
      impl->title_phrases.push_back(row.fields[2]);
      continue;
    }
    std::vector<Rule>* target = kind == "start"       ? &impl->start
                                : kind == "strip"     ? &impl->strip
                                : kind == "not_title" ? &impl->not_title
                                                      : nullptr;
    if (target == nullptr) {
      return Status::InvalidInput(fmt::format("unknown rule kind '{}'", kind), row.where);
    }
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_max_mem(8 << 20);
    auto re = std::make_unique<const RE2>(row.fields[2], opts);
    if (!re->ok()) return Status::InvalidInput("bad pattern: " + re->error(), row.where);
    target->push_back({row.fields[1], std::move(re)});
  }
  if (impl->start.empty()) return Status::InvalidInput("no start rule", source.name);
  return Status::Ok();
}

}  // namespace jikenbo::segment
