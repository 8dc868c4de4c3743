// Evaluation of the casebook against a gold file (JSON Lines, the format of
// ../shared/gold/seeds.jsonl): articles are matched by document file name and first line, and
// each field is scored as the quality bar of the extraction issue states it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace jikenbo::report {

struct Metric {
  std::string name;
  double value = 0;    // accuracy or F1, 0..1
  size_t correct = 0;  // for accuracies
  size_t total = 0;
  double threshold = 0;  // the quality bar
  bool passed() const { return value + 1e-9 >= threshold; }
};

struct EvalResult {
  std::vector<Metric> metrics;
  std::vector<std::string> mismatches;  // one line per wrong field, for the reader
  size_t gold_items = 0;
  size_t missing = 0;  // gold articles the casebook lacks
  size_t extra = 0;    // casebook articles of gold documents that the gold lacks
  bool passed() const;
};

// gold_jsonl: the gold file's text. Reads every article of the store.
Result<EvalResult> Evaluate(std::string_view gold_jsonl, store::Store& store);

nlohmann::ordered_json EvalJson(const EvalResult& result);

}  // namespace jikenbo::report
