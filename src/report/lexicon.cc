#include "report/lexicon.h"

#include <set>

#include "base/rule_table.h"

namespace jikenbo::report {
namespace {

std::vector<std::string> SplitPlus(const std::string& s) {
  std::vector<std::string> out;
  if (s == "-") return out;
  size_t i = 0;
  while (i <= s.size()) {
    size_t j = s.find('+', i);
    if (j == std::string::npos) j = s.size();
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

Result<int> Level(const RuleRow& row, size_t field, int lo, int hi) {
  JK_ASSIGN_OR_RETURN(double v, RuleNumber(row, field));
  if (v < lo || v > hi || v != static_cast<int>(v)) {
    return Status::InvalidInput(
        "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi),
        row.where);
  }
  return static_cast<int>(v);
}

Status ParseDigest(const NamedText& file, Lexicon* lex) {
  static const std::set<std::string> kRoles = {
      "type_label", "type_event", "type_exposure", "advisory_event", "data_item",   "unit",
      "authority",  "org_kind",   "kind",          "ioc_role",       "chart_title", "chart_label"};
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(file.name, file.text, 3));
  for (const RuleRow& row : rows) {
    if (!kRoles.count(row.fields[0])) return Status::InvalidInput("unknown role", row.where);
    lex->words[row.fields[0]][row.fields[1]] = row.fields[2];
  }
  return Status::Ok();
}

Status ParseDamage(const NamedText& file, Lexicon* lex) {
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(file.name, file.text, 4));
  for (const RuleRow& row : rows) {
    const std::string& role = row.fields[0];
    if (role == "base") {
      JK_ASSIGN_OR_RETURN(lex->base_yen, RuleNumber(row, 2));
    } else if (role == "item") {
      JK_ASSIGN_OR_RETURN(int x, Level(row, 2, 1, 3));
      JK_ASSIGN_OR_RETURN(int y, Level(row, 3, 1, 3));
      lex->levels[row.fields[1]] = {x, y};
    } else if (role == "identify") {
      JK_ASSIGN_OR_RETURN(int v, Level(row, 2, 1, 100));
      lex->identify.push_back({SplitPlus(row.fields[1]), v});
    } else if (role == "responsibility") {
      JK_ASSIGN_OR_RETURN(lex->responsibility[row.fields[1]], Level(row, 2, 1, 100));
    } else if (role == "response") {
      JK_ASSIGN_OR_RETURN(lex->response, Level(row, 2, 1, 100));
    } else {
      return Status::InvalidInput("unknown role", row.where);
    }
  }
  return Status::Ok();
}

Status ParseAppi(const NamedText& file, Lexicon* lex) {
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(file.name, file.text, 4));
  for (const RuleRow& row : rows) {
    const std::string& ground = row.fields[0];
    if (ground == "name") {
      lex->ground_names[row.fields[1]] = row.fields[3];
    } else if (ground == "threshold") {
      JK_ASSIGN_OR_RETURN(double n, RuleNumber(row, 2));
      lex->threshold_persons = static_cast<int64_t>(n);
    } else if (ground == "sensitive" || ground == "financial" || ground == "intent") {
      lex->grounds.push_back({ground, SplitPlus(row.fields[1]), row.fields[3]});
    } else {
      return Status::InvalidInput("unknown ground", row.where);
    }
  }
  return Status::Ok();
}

}  // namespace

const std::string& Lexicon::Word(const std::string& role, const std::string& key) const {
  const auto r = words.find(role);
  if (r != words.end()) {
    if (auto k = r->second.find(key); k != r->second.end()) return k->second;
    if (auto d = r->second.find("default"); d != r->second.end()) return d->second;
  }
  return key;
}

const std::vector<std::string>& Lexicon::Advice(const std::string& type) const {
  static const std::vector<std::string> kNone;
  if (auto it = advice.find(type); it != advice.end()) return it->second;
  if (auto it = advice.find("default"); it != advice.end()) return it->second;
  return kNone;
}

std::string GroupedNumber(int64_t n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out = n < 0 ? "-" : "";
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

Result<Lexicon> ParseLexicon(const NamedText& digest, const NamedText& advice,
                             const NamedText& damage, const NamedText& appi) {
  Lexicon lex;
  JK_RETURN_IF_ERROR(ParseDigest(digest, &lex));
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(advice.name, advice.text, 2));
  for (const RuleRow& row : rows) lex.advice[row.fields[0]].push_back(row.fields[1]);
  JK_RETURN_IF_ERROR(ParseDamage(damage, &lex));
  JK_RETURN_IF_ERROR(ParseAppi(appi, &lex));
  return lex;
}

Result<Lexicon> LoadLexicon(FileSource& files, const std::string& rules_dir) {
  NamedText texts[4];
  const char* names[4] = {"digest.rules", "advice.rules", "damage.rules", "appi.rules"};
  for (int i = 0; i < 4; ++i) {
    texts[i].name = rules_dir + "/" + names[i];
    auto text = files.Read(texts[i].name, 1 << 20);
    if (!text.ok()) return Status::NotFound("cannot read rules file", texts[i].name);
    texts[i].text = std::move(*text);
  }
  return ParseLexicon(texts[0], texts[1], texts[2], texts[3]);
}

}  // namespace jikenbo::report
