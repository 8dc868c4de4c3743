#include "model/incident.h"

#include "base/utf8.h"

namespace jikenbo::model {

const char* QualifierName(Qualifier q) {
  switch (q) {
    case Qualifier::kExact:
      return "exact";
    case Qualifier::kMax:
      return "max";
    case Qualifier::kApprox:
      return "approx";
    case Qualifier::kMin:
      return "min";
  }
  return "exact";
}

FieldConfidence ConfidenceOf(const Incident& inc, std::string_view field) {
  for (const auto& d : inc.doubts) {
    if (d.field == field) return {true, d.reason};
  }
  return {};
}

void AddDoubt(Incident* inc, std::string field, std::string reason) {
  for (const auto& d : inc->doubts) {
    if (d.field == field) return;
  }
  inc->doubts.push_back({std::move(field), std::move(reason)});
}

const std::vector<std::string>& ConfidenceFields() {
  static const std::vector<std::string> fields = {
      "kind",     "type",       "title_org",   "announce_date", "incident_date",
      "affected", "data_items", "reported_to", "cause",         "countermeasures"};
  return fields;
}

namespace {

// Old and variant forms of kanji that names are written both ways with (渡邊 / 渡辺, 髙橋 /
// 高橋, 齋藤 / 斉藤): the key takes the common form, so a news report's spelling finds the
// organisation's own. "" when the character has no such variant.
std::string_view PlainVariant(char32_t cp) {
  switch (cp) {
    case U'\u6FA4':
      return "\u6CA2";  // 澤 沢
    case U'\u908A':
      return "\u8FBA";  // 邊 辺
    case U'\u9089':
      return "\u8FBA";  // 邉 辺
    case U'\u9F4B':
      return "\u6589";  // 齋 斉
    case U'\u9F4A':
      return "\u6589";  // 齊 斉
    case U'\u9AD9':
      return "\u9AD8";  // 髙 高
    case U'\uFA11':
      return "\u5D0E";  // 﨑 崎
    case U'\u5D8B':
      return "\u5CF6";  // 嶋 島
    case U'\u6FF1':
      return "\u6D5C";  // 濱 浜
    case U'\u5EE3':
      return "\u5E83";  // 廣 広
    case U'\u6AFB':
      return "\u685C";  // 櫻 桜
    case U'\u570B':
      return "\u56FD";  // 國 国
    case U'\u5BE6':
      return "\u5B9F";  // 實 実
    case U'\u7028':
      return "\u702C";  // 瀨 瀬
    case U'\u5FB7':
      return "\u5FB3";  // 德 徳
    case U'\u771E':
      return "\u771F";  // 眞 真
    case U'\u85CF':
      return "\u8535";  // 藏 蔵
    case U'\u58FD':
      return "\u5BFF";  // 壽 寿
    case U'\u5D5C':
      return "\u5D0E";  // 嵜 崎
    case U'\u8C50':
      return "\u8C4A";  // 豐 豊
    case U'\u9E7D':
      return "\u5869";  // 鹽 塩
    default:
      return "";
  }
}

}  // namespace

std::string OrgKeyOfCore(std::string core) {
  for (std::string_view form : {"(株)", "(有)", "(同)", "(一社)", "(一財)", "(公財)", "(社福)"}) {
    if (core.rfind(form, 0) == 0) core.erase(0, form.size());
    if (core.size() > form.size() &&
        core.compare(core.size() - form.size(), form.size(), form) == 0) {
      core.erase(core.size() - form.size());
    }
  }
  // 「青森・架空町」, 「機構・架空病院」: the name after its qualifier.
  if (const size_t dot = core.rfind("・"); dot != std::string::npos && core.size() - dot > 9) {
    core.erase(0, dot + 3);
  }
  // English legal forms end a name as words: "Kaku Seiki Co., Ltd.", "Northgate, Inc." (a
  // word, so that "Costco" keeps its "co").
  std::string lower;
  for (size_t i = 0; i < core.size();) {
    const utf8::Decoded d = utf8::Next(core, i);
    if (d.cp == 0x3000 || d.cp == '\t') {
      lower += ' ';
    } else if (const std::string_view plain = PlainVariant(d.cp); !plain.empty()) {
      lower += plain;
    } else {
      for (size_t k = 0; k < d.len; ++k) {
        const char c = core[i + k];
        lower += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
      }
    }
    i += d.len;
  }
  for (bool changed = true; changed;) {
    changed = false;
    while (!lower.empty() && (lower.back() == ' ' || lower.back() == ',' || lower.back() == '.')) {
      lower.pop_back();
    }
    for (std::string_view form : {"co", "ltd", "inc", "corp", "corporation", "llc", "plc"}) {
      const size_t at = lower.size() - std::min(lower.size(), form.size());
      if (lower.size() > form.size() + 1 && lower.compare(at, form.size(), form) == 0 &&
          (lower[at - 1] == ' ' || lower[at - 1] == ',' || lower[at - 1] == '.')) {
        lower.erase(at);
        changed = true;
        break;
      }
    }
  }
  std::string key;
  for (char c : lower) {
    if (c != ' ') key += c;
  }
  return key;
}

}  // namespace jikenbo::model
