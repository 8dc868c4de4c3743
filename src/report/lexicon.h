// The words and judgements of the writing stage, read from rules/: digest.rules (labels and
// phrases), advice.rules (countermeasures per type), damage.rules (JNSA's estimate) and
// appi.rules (grounds of the duty to report to the PPC). Immutable after loading.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "base/file_source.h"
#include "base/status.h"

namespace jikenbo::report {

struct NamedText {
  std::string name;  // for messages: "rules/digest.rules"
  std::string text;
};

struct Lexicon {
  // digest.rules: role -> key -> text
  std::map<std::string, std::map<std::string, std::string>> words;
  // advice.rules: type -> sentences
  std::map<std::string, std::vector<std::string>> advice;

  // damage.rules
  double base_yen = 500;
  std::map<std::string, std::pair<int, int>> levels;  // item -> (x distress, y economic loss)
  struct Identify {
    std::vector<std::string> items;  // all of them leaked ("-": always)
    int value = 1;
  };
  std::vector<Identify> identify;
  std::map<std::string, int> responsibility;  // org kind -> factor ("default")
  int response = 1;

  // appi.rules
  struct Ground {
    std::string kind;               // sensitive, financial, intent
    std::vector<std::string> keys;  // items (all needed) or one type
    std::string fact;               // what the digest names in brackets
  };
  std::vector<Ground> grounds;
  std::map<std::string, std::string> ground_names;  // kind (and "threshold") -> its name
  int64_t threshold_persons = 1000;

  // The text of (role, key), else of (role, "default"), else the key itself.
  const std::string& Word(const std::string& role, const std::string& key) const;
  // Advice sentences of a type (those of "default" when it has none).
  const std::vector<std::string>& Advice(const std::string& type) const;
};

// 12345 -> "12,345": how the digest writes counts and amounts.
std::string GroupedNumber(int64_t n);

// Parses the four files; errors name file:line.
Result<Lexicon> ParseLexicon(const NamedText& digest, const NamedText& advice,
                             const NamedText& damage, const NamedText& appi);

// Reads rules_dir/{digest,advice,damage,appi}.rules.
Result<Lexicon> LoadLexicon(FileSource& files, const std::string& rules_dir);

}  // namespace jikenbo::report
