// Reading of the line-oriented rule files in rules/: one rule per line, fields separated by TABs,
// '#' starts a comment line, blank lines are ignored. The last field takes the rest of the line
// (so patterns may contain TABs only at their end). Errors name file:line.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"

namespace jikenbo {

struct RuleRow {
  size_t line = 0;                  // 1-based line in the file
  std::vector<std::string> fields;  // exactly the requested number
  std::string where;                // "name:line" for messages
};

// Splits text into rows of exactly `fields` fields. A row with fewer fails with InvalidInput.
Result<std::vector<RuleRow>> ParseRuleTable(std::string_view name, std::string_view text,
                                            size_t fields);

// Parses a non-negative decimal number field; fails naming the row.
Result<double> RuleNumber(const RuleRow& row, size_t field);

}  // namespace jikenbo
