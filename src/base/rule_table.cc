#include "base/rule_table.h"

#include <fmt/format.h>

#include <charconv>

namespace jikenbo {

Result<std::vector<RuleRow>> ParseRuleTable(std::string_view name, std::string_view text,
                                            size_t fields) {
  std::vector<RuleRow> rows;
  size_t line_no = 0;
  while (!text.empty()) {
    ++line_no;
    const size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.find_first_not_of(" \t") == std::string_view::npos || line.front() == '#') continue;
    RuleRow row;
    row.line = line_no;
    row.where = fmt::format("{}:{}", name, line_no);
    size_t i = 0;
    while (row.fields.size() + 1 < fields) {
      const size_t tab = line.find('\t', i);
      if (tab == std::string_view::npos) break;
      if (tab > i) row.fields.emplace_back(line.substr(i, tab - i));
      i = tab + 1;
    }
    while (i < line.size() && line[i] == '\t') ++i;
    if (i < line.size()) row.fields.emplace_back(line.substr(i));
    if (row.fields.size() != fields) {
      return Status::InvalidInput(fmt::format("expected {} TAB-separated fields", fields),
                                  row.where);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<double> RuleNumber(const RuleRow& row, size_t field) {
  const std::string& s = row.fields.at(field);
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || ptr != s.data() + s.size() || v < 0) {
    return Status::InvalidInput(fmt::format("bad number '{}'", s), row.where);
  }
  return v;
}

}  // namespace jikenbo
