#include "segment/rules.h"

#include <fmt/format.h>

#include <charconv>

namespace jikenbo::segment {
namespace {

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t i = 0;
  while (i < line.size() && fields.size() < 2) {
    const size_t tab = line.find('\t', i);
    if (tab == std::string_view::npos) break;
    if (tab > i) fields.push_back(line.substr(i, tab - i));
    i = tab + 1;
  }
  while (i < line.size() && line[i] == '\t') ++i;
  if (i < line.size()) fields.push_back(line.substr(i));
  return fields;
}

Status SetTuning(std::string_view key, std::string_view value, Tuning* t,
                 const std::string& where) {
  double number = 0;
  auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), number);
  if (ec != std::errc() || ptr != value.data() + value.size() || number < 0) {
    return Status::InvalidInput(fmt::format("bad number '{}' for {}", value, key), where);
  }
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
    return Status::InvalidInput(fmt::format("unknown setting '{}'", key), where);
  return Status::Ok();
}

}  // namespace

Status ParseRules(const RuleSource& source, Segmenter::Impl* impl) {
  std::string_view text = source.text;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    const std::string where = fmt::format("{}:{}", source.name, line_no);
    const auto fields = SplitTabs(line);
    if (fields.size() != 3) {
      return Status::InvalidInput("expected KIND<TAB>NAME<TAB>PATTERN", where);
    }
    if (fields[0] == "set") {
      JK_RETURN_IF_ERROR(SetTuning(fields[1], fields[2], &impl->tuning, where));
      continue;
    }
    if (fields[0] == "title_phrase") {
      impl->title_phrases.emplace_back(fields[2]);
      continue;
    }
    std::vector<Rule>* target = fields[0] == "start"       ? &impl->start
                                : fields[0] == "strip"     ? &impl->strip
                                : fields[0] == "not_title" ? &impl->not_title
                                                           : nullptr;
    if (target == nullptr) {
      return Status::InvalidInput(fmt::format("unknown rule kind '{}'", fields[0]), where);
    }
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_max_mem(8 << 20);
    auto re = std::make_unique<const RE2>(std::string(fields[2]), opts);
    if (!re->ok()) return Status::InvalidInput("bad pattern: " + re->error(), where);
    target->push_back({std::string(fields[1]), std::move(re)});
  }
  if (impl->start.empty()) return Status::InvalidInput("no start rule", source.name);
  return Status::Ok();
}

}  // namespace jikenbo::segment
