// Analysts' corrections of an incident record: `type=ransomware`, `data_items+=health`,
// `reported_to-=police`, `affected=612 persons`. Pure value operations, checked against the
// vocabularies of PRODUCT.md; the store keeps them apart from the analysis and re-applies them
// after every re-analysis.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "model/incident.h"

namespace jikenbo::model {

struct Edit {
  std::string field;
  char op = '=';  // '=' set (an empty value clears), '+' add to a list, '-' remove from a list
  std::string value;
  bool operator==(const Edit&) const = default;
};

// The fields an analyst may correct, in display order.
const std::vector<std::string>& EditableFields();

// "field=value", "field+=value" or "field-=value"; InvalidInput for anything else.
Result<Edit> ParseEdit(std::string_view spec);

// Applies every edit or none: InvalidInput naming the edit when a field is unknown, a value is
// outside its vocabulary, a date is no date or a list operation is used on a single value.
// A corrected field loses the analysis' evidence and doubts (an analyst vouched for it).
Status ApplyEdits(const std::vector<Edit>& edits, Incident* inc);

// A field's value as text, for the correction log ("-" when unset).
std::string FieldText(const Incident& inc, std::string_view field);

}  // namespace jikenbo::model
