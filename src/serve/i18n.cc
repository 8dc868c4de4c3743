#include "serve/i18n.h"

#include <set>

#include "base/rule_table.h"
#include "base/utf8.h"
#include "report/chart.h"

namespace jikenbo::serve {
namespace {

char Lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

// The number of "{}" in a message; -1 when a brace stands alone.
int Placeholders(std::string_view s) {
  int n = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '{' && i + 1 < s.size() && s[i + 1] == '}') {
      ++n;
      ++i;
    } else if (s[i] == '{' || s[i] == '}') {
      return -1;
    }
  }
  return n;
}

// q of an Accept-Language element's parameters (";q=0.5"); 1 when absent, -1 when malformed.
double Quality(std::string_view params) {
  while (!params.empty()) {
    const size_t semi = params.find(';');
    std::string_view p = utf8::Trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view() : params.substr(semi + 1);
    if (p.size() < 2 || Lower(p[0]) != 'q' || p[1] != '=') continue;
    p.remove_prefix(2);
    // 0, 1, 0.x to three decimals (RFC 9110 qvalue)
    if (p.empty() || (p[0] != '0' && p[0] != '1') || p.size() > 5) return -1;
    double q = p[0] - '0', scale = 0.1;
    if (p.size() > 1) {
      if (p[1] != '.') return -1;
      for (size_t i = 2; i < p.size(); ++i) {
        if (p[i] < '0' || p[i] > '9') return -1;
        q += (p[i] - '0') * scale;
        scale /= 10;
      }
    }
    return q > 1 ? -1 : q;
  }
  return 1;
}

}  // namespace

std::string Fill(std::string_view text, const std::vector<std::string_view>& args) {
  std::string out;
  size_t next = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '{' && i + 1 < text.size() && text[i + 1] == '}') {
      if (next < args.size()) out += args[next];
      ++next;
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string_view LangCode(Lang lang) { return lang == Lang::kEn ? "en" : "ja"; }

std::optional<Lang> ParseLang(std::string_view tag) {
  tag = utf8::Trim(tag);
  if (tag.size() < 2 || (tag.size() > 2 && tag[2] != '-' && tag[2] != '_')) return std::nullopt;
  const char a = Lower(tag[0]), b = Lower(tag[1]);
  if (a == 'j' && b == 'a') return Lang::kJa;
  if (a == 'e' && b == 'n') return Lang::kEn;
  return std::nullopt;
}

std::optional<Lang> FromAcceptLanguage(std::string_view header) {
  std::optional<Lang> best;
  double best_q = 0;
  size_t elements = 0;
  while (!header.empty() && ++elements <= 64) {  // a bounded look at a hostile header
    const size_t comma = header.find(',');
    const std::string_view element = header.substr(0, comma);
    header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
    const size_t semi = element.find(';');
    const auto lang = ParseLang(element.substr(0, semi));
    if (!lang) continue;
    const double q = semi == std::string_view::npos ? 1.0 : Quality(element.substr(semi + 1));
    if (q > best_q) {
      best = lang;
      best_q = q;
    }
  }
  return best;
}

Lang LangOf(const Request& r) {
  if (auto l = ParseLang(r.Param("lang"))) return *l;
  if (auto l = ParseLang(r.Cookie(kLangCookie))) return *l;
  if (auto l = FromAcceptLanguage(r.Header("accept-language"))) return *l;
  return Lang::kJa;
}

Result<UiText> UiText::Parse(const report::NamedText& file) {
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(file.name, file.text, 3));
  UiText ui;
  for (const RuleRow& row : rows) {
    const std::string& key = row.fields[0];
    const int ja = Placeholders(row.fields[1]), en = Placeholders(row.fields[2]);
    if (ja < 0 || en < 0) {
      return Status::InvalidInput("a brace that is not part of \"{}\"", row.where);
    }
    if (ja != en) {
      return Status::InvalidInput("Japanese and English have different numbers of \"{}\"",
                                  row.where);
    }
    if (!ui.messages_.emplace(key, std::array<std::string, 2>{row.fields[1], row.fields[2]})
             .second) {
      return Status::InvalidInput("message '" + key + "' is given twice", row.where);
    }
    if (key.rfind("phrase:", 0) == 0) {
      const std::string_view pattern = std::string_view(key).substr(7);
      if (Placeholders(pattern) != ja) {
        return Status::InvalidInput("the pattern and its text have different numbers of \"{}\"",
                                    row.where);
      }
      PhrasePattern p;
      size_t at = 0;
      for (size_t hole = pattern.find("{}"); hole != std::string_view::npos;
           hole = pattern.find("{}", at)) {
        p.literals.emplace_back(pattern.substr(at, hole - at));
        at = hole + 2;
      }
      p.literals.emplace_back(pattern.substr(at));
      p.text = {row.fields[1], row.fields[2]};
      ui.phrases_.push_back(std::move(p));
    }
  }
  return ui;
}

std::string UiText::Get(Lang lang, std::string_view key,
                        std::initializer_list<std::string_view> args) const {
  const auto it = messages_.find(std::string(key));
  if (it == messages_.end()) {
    std::string unknown(1, '[');
    unknown.append(key);
    unknown.push_back(']');
    return unknown;
  }
  const std::string& text = it->second[static_cast<size_t>(lang)];
  return args.size() == 0 ? text : Fill(text, std::vector<std::string_view>(args));
}

std::string UiText::Phrase(Lang lang, std::string_view reason) const {
  for (const PhrasePattern& p : phrases_) {
    // Literals in order, each found after the last (a hole takes what lies between); the
    // first literal opens the reason and the last closes it. Linear in the reason's length.
    const std::string& first = p.literals.front();
    if (reason.substr(0, first.size()) != first) continue;
    std::vector<std::string_view> holes;
    size_t at = first.size();
    bool ok = true;
    for (size_t k = 1; k < p.literals.size() && ok; ++k) {
      const std::string& lit = p.literals[k];
      const bool last = k + 1 == p.literals.size();
      const size_t found = last ? (reason.size() >= at + lit.size() &&
                                           reason.substr(reason.size() - lit.size()) == lit
                                       ? reason.size() - lit.size()
                                       : std::string_view::npos)
                                : reason.find(lit, at);
      if (found == std::string_view::npos || (lit.empty() && !last)) {
        ok = false;
        break;
      }
      holes.push_back(reason.substr(at, found - at));
      at = found + lit.size();
    }
    if (!ok || (p.literals.size() == 1 && reason.size() != first.size())) continue;
    return Fill(p.text[static_cast<size_t>(lang)], holes);
  }
  return std::string(reason);
}

bool UiText::Has(std::string_view key) const { return messages_.count(std::string(key)) > 0; }

Result<report::Lexicon> EnglishLexicon(const report::Lexicon& japanese,
                                       const report::NamedText& labels_en) {
  static const std::set<std::string> kRoles = {"type_label", "kind",        "data_item",
                                               "unit",       "authority",   "org_kind",
                                               "ioc_role",   "chart_title", "chart_label"};
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(labels_en.name, labels_en.text, 3));
  report::Lexicon en = japanese;
  for (const RuleRow& row : rows) {
    if (!kRoles.count(row.fields[0])) {
      return Status::InvalidInput("unknown role '" + row.fields[0] + "'", row.where);
    }
    en.words[row.fields[0]][row.fields[1]] = row.fields[2];
  }
  return en;
}

std::string Tr::Html(std::string_view key, const std::vector<std::string_view>& html) const {
  return Fill(report::EscapeXml((*this)(key)), html);
}

}  // namespace jikenbo::serve
