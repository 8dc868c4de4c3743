// Evaluation of the casebook against a gold file (JSON Lines, the format of
// ../shared/gold/seeds.jsonl and ../shared/corpus/real/gold-*.jsonl): each gold item names its
// document by file name and the line its item starts on; the article that holds that line is
// scored field by field. Items are split into `tune` and `check` by a hash of their key, fixed
// once and for all, so that rules written while reading `tune` are scored on `check` too.
#pragma once

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "base/status.h"
#include "store/store.h"

namespace jikenbo::report {

// "tune" or "check" (about 2:1): the first byte of SHA-256(key) modulo 3, 0 => check.
std::string SplitOf(std::string_view key);

struct Metric {
  std::string name;
  double value = 0;    // accuracy or F1, 0..1
  size_t correct = 0;  // for accuracies; true positives for F1
  size_t total = 0;
  double threshold = 0;  // the quality bar (or the floor given)
  bool passed() const { return value + 1e-9 >= threshold; }
};

// The same metrics over one part of the gold items.
struct SplitScores {
  std::string name;  // "all", "tune", "check"
  size_t items = 0;
  std::vector<Metric> metrics;
};

// One wrong field: what the gold says, what the casebook says, and the text it said it from.
struct Mismatch {
  std::string key;
  std::string split;
  std::string field;
  std::string gold;
  std::string got;
  std::string evidence;    // the evidence span's text ("" when none)
  std::string confidence;  // of the value found: "high", "low" or ""
  std::string ToString() const;
};

// gold label -> found label -> items.
using Confusion = std::map<std::string, std::map<std::string, size_t>>;

// How often a field's value was right when the casebook called it high or low confidence.
struct ConfidenceTally {
  size_t high = 0, high_wrong = 0, low = 0, low_wrong = 0;
};

struct EvalResult {
  std::vector<SplitScores> splits;                    // all, then tune and check
  std::map<std::string, Confusion> confusion;         // "kind", "type"
  std::map<std::string, ConfidenceTally> confidence;  // per field
  std::vector<Mismatch> mismatches;
  size_t gold_items = 0;
  size_t missing = 0;  // gold articles the casebook lacks
  size_t extra = 0;    // casebook articles of gold documents that the gold lacks
  const std::vector<Metric>& metrics() const { return splits.front().metrics; }
  bool passed() const;  // no item missing and every metric of every split at its bar
};

struct EvalOptions {
  // metric -> floor, replacing the built-in quality bar of that metric (for every split).
  std::map<std::string, double> floors;
};

// gold_jsonl: the gold file's text. Reads every article of the store.
Result<EvalResult> Evaluate(std::string_view gold_jsonl, store::Store& store,
                            const EvalOptions& options = {});

nlohmann::ordered_json EvalJson(const EvalResult& result);

}  // namespace jikenbo::report
