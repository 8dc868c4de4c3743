// Organisation mentions: names by legal form and name-ending words (rules/orgs.rules), a news
// report's subject without either, a corporation with the institution it runs; and the loading
// of the organisation rules.
#include <re2/re2.h>

#include <algorithm>
#include <array>

#include "base/deadline.h"
#include "base/rule_table.h"
#include "base/utf8.h"
#include "extract/extract_internal.h"

namespace jikenbo::extract {

bool IsNameChar(char32_t cp) {
  return utf8::IsHan(cp) || utf8::IsKatakana(cp) || utf8::IsAsciiAlnum(cp) || cp == U'・' ||
         cp == '&' || cp == '-' || cp == '.' || cp == U'ー';
}

namespace {

constexpr size_t kMaxNameChars = 30;

// Particles that end a name written after a prefix form (株式会社みどりの森 keeps its の).
bool IsParticle(char32_t cp) {
  return cp == U'は' || cp == U'が' || cp == U'を' || cp == U'に' || cp == U'と' || cp == U'で' ||
         cp == U'へ' || cp == U'の' || cp == U'よ' || cp == U'か';
}

// The name after a prefix form at [from): name characters and hiragana other than particles.
size_t NameEndAfter(std::string_view v, size_t from) {
  size_t i = from;
  size_t chars = 0;
  char32_t prev = 0;
  while (i < v.size() && chars < kMaxNameChars) {
    const utf8::Decoded d = utf8::Next(v, i);
    // A particle right after kanji/katakana ends the name (…サービスの, …寮が); inside a
    // hiragana word it does not (みどりの森, みなと情報).
    // も and や end a name only after kanji (架空機構も注意喚起); after katakana they may be its
    // part (カソラもん).
    const bool particle = (IsParticle(d.cp) && prev != 0 && !utf8::IsHiragana(prev)) ||
                          ((d.cp == U'も' || d.cp == U'や') && utf8::IsHan(prev));
    // A Latin name goes on over a space before a capital: 株式会社Northgate Analytics.
    const bool latin_space = d.cp == ' ' && prev != 0 && utf8::IsAsciiAlnum(prev) &&
                             i + 1 < v.size() && v[i + 1] >= 'A' && v[i + 1] <= 'Z';
    if (!(IsNameChar(d.cp) || latin_space || (utf8::IsHiragana(d.cp) && !particle))) break;
    prev = d.cp;
    if (d.cp == '.' && (i + 1 >= v.size() || v[i + 1] == ' ')) break;  // sentence end
    i += d.len;
    ++chars;
  }
  return i;
}

bool StartsWithAny(std::string_view v, size_t at, std::initializer_list<std::string_view> words) {
  return std::any_of(words.begin(), words.end(),
                     [&](std::string_view w) { return v.substr(at, w.size()) == w; });
}

// The name before a suffix word ending at `at`: name characters; a hiragana part only when it
// runs back to a delimiter without particles (しおさい保険株式会社 on a line of its own).
size_t NameStartBefore(std::string_view v, size_t at, bool latin_words) {
  size_t i = at;
  size_t chars = 0;
  while (i > 0 && chars < kMaxNameChars) {
    const size_t p = utf8::Prev(v, i);
    const char32_t cp = utf8::Next(v, p).cp;
    const bool space_in_latin =
        latin_words && cp == ' ' && p > 0 && utf8::IsAsciiAlnum(utf8::Next(v, utf8::Prev(v, p)).cp);
    if (!IsNameChar(cp) && !space_in_latin) break;
    // An ellipsis ("...", NFKC of …) ends a headline's phrase, not a name's part.
    if (cp == '.' && p > 0 && v[p - 1] == '.') break;
    i = p;
    ++chars;
  }
  // A date glued to the name ("5月2日架空大学が…") is no part of it.
  for (size_t k = i; k < at && v[k] >= '0' && v[k] <= '9';) {
    while (k < at && v[k] >= '0' && v[k] <= '9') ++k;
    if (StartsWithAny(v, k, {"\u5E74", "\u6708", "\u65E5"})) {  // 年 月 日
      k += 3;
      i = k;
    } else {
      break;
    }
  }
  size_t j = i;  // try to extend over a particle-free hiragana run that starts at a delimiter
  while (j > 0) {
    const size_t p = utf8::Prev(v, j);
    const char32_t cp = utf8::Next(v, p).cp;
    if (!utf8::IsHiragana(cp) || IsParticle(cp) || cp == U'の') break;
    j = p;
  }
  if (j < i) {
    const char32_t before = j == 0 ? ' ' : utf8::Next(v, utf8::Prev(v, j)).cp;
    if (!utf8::IsCjk(before) && !utf8::IsAsciiAlnum(before)) i = j;
  }
  // Latin names start at a capital letter.
  if (latin_words) {
    while (i < at && !(v[i] >= 'A' && v[i] <= 'Z')) ++i;
  }
  return i;
}

// The end of an English name's "of" tail after its suffix word at `end`: "Institute" + " of
// Science and Technology", "University" + " of Kakuland". Capitalised words, with "and", "&",
// "of", "for" and "the" between them; `end` itself when no capitalised word follows " of ".
size_t LatinOfTail(std::string_view v, size_t end) {
  if (v.substr(end, 4) != " of ") return end;
  auto capital = [&](size_t at) { return at < v.size() && v[at] >= 'A' && v[at] <= 'Z'; };
  auto word_end = [&](size_t at) {
    while (at < v.size() && (utf8::IsAsciiAlnum(static_cast<unsigned char>(v[at])) ||
                             v[at] == '-' || v[at] == '\'')) {
      ++at;
    }
    return at;
  };
  size_t tail = end, at = end + 4;
  while (capital(at)) {
    tail = word_end(at);
    if (tail >= v.size() || v[tail] != ' ') break;
    at = tail + 1;
    for (std::string_view joint : {"and ", "& ", "of ", "for ", "the "}) {
      if (v.substr(at, joint.size()) == joint) {
        at += joint.size();
        break;
      }
    }
  }
  return tail;
}

bool IsSpaceAt(std::string_view v, size_t at) {
  return at >= v.size() || v[at] == '\n' || utf8::IsSpace(utf8::Next(v, at).cp);
}

// A name written as a token of its own — 架空郡みどり町 at the start of a title,
// 架空市立みなみ中学校 on a signature line — may hold hiragana: the whole token between white
// space, up to 20 characters, is the name. Returns `begin` when the mention is no such token.
size_t TokenStart(std::string_view v, size_t begin, size_t end) {
  if (!IsSpaceAt(v, end)) return begin;
  size_t t = begin;
  for (size_t chars = 0; t > 0 && chars < 20; ++chars) {
    const size_t p = utf8::Prev(v, t);
    const char32_t cp = utf8::Next(v, p).cp;
    if (!IsNameChar(cp) && !utf8::IsHiragana(cp)) break;  // white space, 】, 、 …
    t = p;
  }
  if (t > 0) {
    const char32_t before = utf8::Next(v, utf8::Prev(v, t)).cp;
    if (utf8::IsCjk(before) || utf8::IsAsciiAlnum(before)) return begin;  // no token start
  }
  return t;
}

bool StartsWith(std::string_view v, size_t at, std::string_view word) {
  return v.substr(at, word.size()) == word;
}

void AddMention(std::vector<OrgMention>* out, std::string_view v, size_t b, size_t e,
                std::string kind) {
  if (e <= b) return;
  out->push_back({std::string(v.substr(b, e - b)), std::move(kind), {b, e}});
}

// Splits "神奈川県川崎市" into the most specific municipality.
void KeepMostSpecific(OrgMention* m) {
  if (m->kind != "local_government") return;
  static const std::string_view kPrefectureEnds[] = {"都", "道", "府", "県"};
  for (std::string_view end : kPrefectureEnds) {
    const size_t at = m->name.find(end);
    if (at == std::string::npos || at + end.size() >= m->name.size()) continue;
    if (utf8::CountCodePoints(std::string_view(m->name).substr(at + end.size())) < 2) continue;
    m->piece.begin += at + end.size();
    m->name = m->name.substr(at + end.size());
    return;
  }
}

// True when a section of the body follows its name: two to seven Han characters and a section
// word, then no further Han character ("架空町税務課から", "架空市市民課の") — the name ends
// there even though its next character usually continues a word (町税, 市民).
bool SectionFollows(const OrgRules& rules, std::string_view v, size_t at) {
  if (v.substr(at, 3) == "\u8B66") return false;  // 県警 is the police, not the prefecture
  for (int han = 0; han < 8 && at < v.size(); ++han) {
    for (const std::string& word : rules.sections) {
      if (v.compare(at, word.size(), word) != 0) continue;
      const size_t end = at + word.size();
      if (han >= 2 && (end == v.size() || !utf8::IsHan(utf8::Next(v, end).cp))) return true;
    }
    const utf8::Decoded d = utf8::Next(v, at);
    if (!utf8::IsHan(d.cp)) return false;
    at += d.len;
  }
  return false;
}

// A news report's subject: "架空カンパニーは9日、…", "架空工大は2031年5月8日、…" — a name
// at the start of a sentence, then は and the date of the announcement. Without a legal form
// or a suffix word only a name with Katakana or Latin letters (a company's brand) or a
// university's short form (…大) counts: a Han word there is as often a person or a role (職員,
// 警察).
void AddReportingSubjects(std::string_view v, std::vector<OrgMention>* found) {
  static const RE2 re(
      R"re((?:^|\n|\x{3002})[ \t\x{3000}]*([\p{Han}\p{Katakana}\x{30FC}\x{30FB}A-Za-z0-9&]{2,20}))re"
      R"re(\x{306F}(?:\d{4}\x{5E74})?(?:\d{1,2}\x{6708})?\d{1,2}\x{65E5}(?:\([^)\n]{0,12}\))?)re"
      R"re((?:\x{307E}\x{3067})?(?:\x{306B})?[\x{3001},])re");
  re2::StringPiece in(v.data(), v.size());
  re2::StringPiece name;
  while (RE2::FindAndConsume(&in, re, &name)) {
    CheckDeadline();
    const std::string_view n(name.data(), name.size());
    bool brand = false;  // a Latin letter or a Katakana one (not the long-vowel mark or ・)
    for (size_t k = 0; k < n.size() && !brand;) {
      const utf8::Decoded d = utf8::Next(n, k);
      brand = (d.cp < 0x80 && utf8::IsAsciiAlnum(d.cp) && !(d.cp >= '0' && d.cp <= '9')) ||
              (utf8::IsKatakana(d.cp) && d.cp != U'\u30FC' && d.cp != U'\u30FB');
      k += d.len;
    }
    const bool short_university =
        n.size() >= 9 && n.compare(n.size() - 3, 3, "\u5927") == 0;  // …大
    if (!brand && !short_university) continue;
    if (n.rfind("\u540C", 0) == 0 || n.rfind("\u5F53", 0) == 0 ||  // 同…, 当…
        (n[0] >= '0' && n[0] <= '9')) {
      continue;
    }
    const size_t b = static_cast<size_t>(name.data() - v.data());
    AddMention(found, v, b, b + n.size(), short_university ? "university" : "company");
  }
}

// Every match of `re` in v: its first group is an organisation's name of that kind.
void AddCaptures(const RE2& re, std::string_view v, const char* kind,
                 std::vector<OrgMention>* found) {
  re2::StringPiece in(v);
  re2::StringPiece name;
  while (RE2::FindAndConsume(&in, re, &name)) {
    CheckDeadline();
    const size_t b = static_cast<size_t>(name.data() - v.data());
    AddMention(found, v, b, b + name.size(), kind);
  }
}

// A company named in quotes after what it is: 「セキュリティー会社「架空セキュア」が」, 「運営会社
// 「カクウ」」 — the quotes make the word a name.
void AddQuotedCompanies(std::string_view v, std::vector<OrgMention>* found) {
  static const RE2 re(
      // 会社 企業 メーカー ベンダー then 「NAME」
      R"re((?:\x{4F1A}\x{793E}|\x{4F01}\x{696D}|\x{30E1}\x{30FC}\x{30AB}\x{30FC}|\x{30D9}\x{30F3}\x{30C0}\x{30FC}))re"
      R"re(\x{300C}([\p{Han}\p{Katakana}\x{30FC}\x{30FB}A-Za-z0-9&. ]{2,30})\x{300D})re");
  AddCaptures(re, v, "company", found);
}

// A research team's own voice: 「カクウアーツでは、日々…を調査・収集しています」 — a brand
// (Katakana or Latin letters) that opens a sentence with では and tells what it studies as its
// habit (not 「ヨーロッパでは、各地で観測された」).
void AddResearchVoice(std::string_view v, std::vector<OrgMention>* found) {
  static const RE2 re(
      R"re((?:^|\n|\x{3002})[ \t\x{3000}]*([\p{Katakana}\x{30FC}A-Za-z0-9&]{2,20}))re"
      // では、 … 調査 収集 分析 観測
      R"re(\x{3067}\x{306F}[\x{3001},][^\x{3002}\n]{0,80}?)re"
      R"re((?:\x{8ABF}\x{67FB}|\x{53CE}\x{96C6}|\x{5206}\x{6790}|\x{89B3}\x{6E2C}))re"
      // … as its habit: 行って(い) しています しております 続け
      R"re([^\x{3002}\n]{0,12}?(?:\x{884C}\x{3063}\x{3066}|\x{3057}\x{3066}\x{3044}|)re"
      R"re(\x{3057}\x{3066}\x{304A}|\x{7D9A}\x{3051}))re");
  re2::StringPiece in(v);
  re2::StringPiece name;
  while (RE2::FindAndConsume(&in, re, &name)) {
    CheckDeadline();
    const std::string_view n(name.data(), name.size());
    const bool letter = std::any_of(n.begin(), n.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c & 0x80);
    });
    if (!letter || utf8::CountCodePoints(n) < 3) continue;
    const size_t b = static_cast<size_t>(name.data() - v.data());
    AddMention(found, v, b, b + n.size(), "company");
  }
}

// A brand the headline opens with and a sentence of the body makes its subject: "架空ヤフーで約
// 30万件の…" above "架空ヤフーは、…を告知した". Without a date after は the subject must be the
// headline's first word and hold Latin letters (a Katakana word alone is as often malware).
void AddHeadlineSubject(std::string_view v, std::vector<OrgMention>* found) {
  const size_t title_end = std::min(v.find('\n'), v.size());
  const std::string_view title = v.substr(0, title_end);
  static const RE2 re(
      R"re((?:\n|\x{3002})[ \t\x{3000}]*([\p{Han}\p{Katakana}\x{30FC}\x{30FB}A-Za-z0-9&]{2,20})\x{306F}[\x{3001},])re");
  re2::StringPiece in(v.data() + title_end, v.size() - title_end);
  re2::StringPiece name;
  while (RE2::FindAndConsume(&in, re, &name)) {
    CheckDeadline();
    const std::string_view n(name.data(), name.size());
    if (title.substr(0, n.size()) != n) continue;
    if (n.size() < title.size()) {  // the headline's word ends there: a particle or a comma
      const char32_t next = utf8::Next(title, n.size()).cp;
      if (IsNameChar(next)) continue;
    }
    const bool latin = std::any_of(n.begin(), n.end(), [](char c) {
      return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    });
    if (!latin) continue;
    AddMention(found, v, 0, n.size(), "company");
    return;
  }
}

// A notice signed by the head of a local government: 「架空市長 架空太郎」 on a line of its own
// (市長 and 知事 keep the name from ending at 市 or 県 elsewhere): the municipality.
void AddHeadSignature(std::string_view v, std::vector<OrgMention>* found) {
  static const RE2 re(
      R"re((?m)^[ \t\x{3000}]*(\p{Han}{1,8}[\x{5E02}\x{753A}\x{6751}\x{533A}\x{770C}\x{90FD}\x{5E9C}\x{9053}]))re"
      // 長 | 知事, a space, a personal name
      R"re((?:\x{9577}|\x{77E5}\x{4E8B})[ \t\x{3000}]+\p{Han}{1,5}(?:[ \t\x{3000}]?\p{Han}{1,5})?[ \t\x{3000}]*$)re");
  AddCaptures(re, v, "local_government", found);
}

// A notice that names itself: "架空赤十字社(以下「当社」)", "架空グループ(以下、弊社)". The
// definition makes the name an organisation even without a legal form or a suffix word.
void AddSelfDefined(std::string_view v, std::vector<OrgMention>* found) {
  // "(以下「当社」)", "(以下、弊社)", "(以下「本学」)": the definition names the notice's own
  // voice, the whole of it (「当社子会社」 is another company, 「本社」 a head office).
  static const RE2 re(
      // NAME ( 以下|以降 [、,] [「『]
      R"re(([\p{Han}\p{Katakana}\x{30FC}\x{30FB}A-Za-z0-9&]{2,30})\((?:\x{4EE5}\x{4E0B}|\x{4EE5}\x{964D}))re"
      R"re([\x{3001},]?[\x{300C}\x{300E}]?)re"
      R"re((?:)re"
      // 当|弊 + 社 院 学 行 会 市 町 村 県 校 園 | 法人 協会 団体 機構 研究所
      R"re([\x{5F53}\x{5F0A}](?:[\x{793E}\x{9662}\x{5B66}\x{884C}\x{4F1A}\x{5E02}\x{753A}\x{6751}\x{770C}\x{6821}\x{5712}])re"
      R"re(|\x{6CD5}\x{4EBA}|\x{5354}\x{4F1A}|\x{56E3}\x{4F53}|\x{6A5F}\x{69CB}|\x{7814}\x{7A76}\x{6240}))re"
      // | 本 + 学 院 会 市 町 村 県 校 園
      R"re(|\x{672C}[\x{5B66}\x{9662}\x{4F1A}\x{5E02}\x{753A}\x{6751}\x{770C}\x{6821}\x{5712}])re"
      // ) then 」』 or )
      R"re()[\x{300D}\x{300F})])re");
  re2::StringPiece in(v.data(), v.size());
  re2::StringPiece name;
  while (RE2::FindAndConsume(&in, re, &name)) {
    CheckDeadline();
    const size_t b = static_cast<size_t>(name.data() - v.data());
    const std::string_view n(name.data(), name.size());
    auto ends = [&](std::string_view tail) {
      return n.size() > tail.size() && n.compare(n.size() - tail.size(), tail.size(), tail) == 0;
    };
    // "当社グループ(以下「当社」)", "グループ会社(以下「当社グループ」)": a self reference or a
    // group of companies, no name.
    static const RE2 not_a_name(
        R"re(^(?:[\x{5F53}\x{5F0A}\x{672C}\x{540C}\x{5404}\x{5B50}]|\x{95A2}\x{9023})|(?:\x{4F1A}\x{793E}|\x{5404}\x{793E}|\x{30B0}\x{30EB}\x{30FC}\x{30D7})$)re");
    // ^(当|弊|本|同|各|子|関連) … (会社|各社|グループ)$
    if (RE2::PartialMatch(name, not_a_name) && !ends("\u682A\u5F0F\u4F1A\u793E")) continue;
    // Only where no other rule found a name: a legal form or a suffix word delimits it better.
    const size_t e = b + n.size();
    if (std::any_of(found->begin(), found->end(),
                    [&](const OrgMention& m) { return m.piece.begin < e && b < m.piece.end; })) {
      continue;
    }
    std::string kind = "other";
    if (ends("\u5927\u5B66")) {  // 大学
      kind = "university";
    } else if (ends("\u75C5\u9662")) {  // 病院
      kind = "hospital";
    } else if (ends("\u793E")) {  // 社
      kind = "company";
    }
    AddMention(found, v, b, e, kind);
  }
}

bool IsOperator(const OrgRules& rules, const OrgMention& m) {
  return std::any_of(rules.operators.begin(), rules.operators.end(),
                     [&](const std::string& form) { return m.name.rfind(form, 0) == 0; });
}

}  // namespace

Status LoadOrgRules(const classify::RuleFile& file, OrgRules* rules) {
  JK_ASSIGN_OR_RETURN(auto rows, ParseRuleTable(file.name, file.text, 3));
  for (const RuleRow& row : rows) {
    const std::string& role = row.fields[0];
    if (role == "prefix")
      rules->prefixes.emplace_back(row.fields[2], row.fields[1]);
    else if (role == "suffix")
      rules->suffixes.emplace_back(row.fields[2], row.fields[1]);
    else if (role == "next_not")
      rules->next_not += row.fields[2];
    else if (role == "section")
      rules->sections.push_back(row.fields[2]);
    else if (role == "operator")
      rules->operators.push_back(row.fields[2]);
    else if (role == "relation")
      rules->relations.push_back(row.fields[2]);
    else if (role == "client")
      rules->clients.push_back(row.fields[2]);
    else if (role == "not_name")
      rules->not_names.push_back(row.fields[2]);
    else if (role == "not_char")
      rules->not_chars.emplace_back(row.fields[1], row.fields[2]);
    else if (role == "alias")
      rules->aliases[row.fields[2]] = row.fields[1];
    else if (role == "not_tail")
      rules->not_tails.push_back(row.fields[2]);
    else if (role == "own_unit")
      rules->own_units.push_back(row.fields[2]);
    else if (role == "self_word")
      rules->self_words.emplace_back(row.fields[2], row.fields[1]);
    else
      return Status::InvalidInput("unknown role '" + role + "'", row.where);
  }
  auto longest_first = [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); };
  std::stable_sort(rules->prefixes.begin(), rules->prefixes.end(), longest_first);
  std::stable_sort(rules->suffixes.begin(), rules->suffixes.end(), longest_first);
  for (size_t k = 0; k < rules->prefixes.size(); ++k) {
    rules->prefix_by_first[utf8::Next(rules->prefixes[k].first, 0).cp].push_back(k);
  }
  for (size_t k = 0; k < rules->suffixes.size(); ++k) {
    rules->suffix_by_first[utf8::Next(rules->suffixes[k].first, 0).cp].push_back(k);
  }
  std::stable_sort(rules->relations.begin(), rules->relations.end(),
                   [](const auto& a, const auto& b) { return a.size() > b.size(); });
  return Status::Ok();
}

std::vector<OrgMention> FindOrgs(const OrgRules& rules, std::string_view v) {
  std::vector<OrgMention> found;
  static const std::vector<size_t> kNone;
  auto forms_at = [](const std::map<char32_t, std::vector<size_t>>& index,
                     char32_t c) -> const std::vector<size_t>& {
    auto it = index.find(c);
    return it == index.end() ? kNone : it->second;
  };
  for (size_t i = 0; i < v.size(); i += utf8::Next(v, i).len) {
    CheckDeadline();
    const char32_t cp = utf8::Next(v, i).cp;
    for (size_t k : forms_at(rules.prefix_by_first, cp)) {
      const auto& [form, kind] = rules.prefixes[k];
      if (!StartsWith(v, i, form)) continue;
      // 「株式会社 架空」: a signature line may set the name one space after its form, when the
      // form starts the token (not 「架空株式会社 不正アクセス…」) and the name ends the line
      // or meets a bracket.
      size_t name_at = i + form.size();
      const bool token_start = i == 0 || !IsNameChar(utf8::Next(v, utf8::Prev(v, i)).cp);
      if (token_start && name_at < v.size() &&
          (v[name_at] == ' ' || StartsWith(v, name_at, "\u3000"))) {
        const size_t next = name_at + (v[name_at] == ' ' ? 1 : 3);
        if (next < v.size() && IsNameChar(utf8::Next(v, next).cp)) {
          const size_t e = NameEndAfter(v, next);
          if (e == v.size() || v[e] == '\n' || v[e] == '(' || v[e] == ' ' ||
              StartsWith(v, e, "\u3000"))
            name_at = next;
        }
      }
      // 「架空工業株式会社における…」: the form ends the name before it, and what follows is a
      // phrase, not a name (株式会社のむら after a delimiter is one).
      if (!token_start && name_at < v.size() && utf8::IsHiragana(utf8::Next(v, name_at).cp))
        continue;
      size_t end = NameEndAfter(v, name_at);
      // 「(株式会社架空提供)」: the provider's name, then what it did.
      for (const std::string& tail : rules.not_tails) {
        if (end >= name_at + tail.size() + 6 &&
            v.compare(end - tail.size(), tail.size(), tail) == 0) {
          end -= tail.size();
          break;
        }
      }
      if (end > name_at) {
        std::string mention_kind = kind;
        for (const auto& [suffix, skind] : rules.suffixes) {  // 地方独立行政法人…病院
          if (skind != "company" && end >= suffix.size() &&
              v.substr(end - suffix.size(), suffix.size()) == suffix) {
            mention_kind = skind;
            break;
          }
        }
        AddMention(&found, v, i, end, mention_kind);
      }
      break;
    }
    for (size_t k : forms_at(rules.suffix_by_first, cp)) {
      const auto& [word, kind] = rules.suffixes[k];
      if (!StartsWith(v, i, word)) continue;
      const size_t end = i + word.size();
      const bool latin = word[0] >= 'A' && word[0] <= 'z';
      if (latin && end < v.size() && utf8::IsAsciiAlnum(utf8::Next(v, end).cp)) break;
      if (kind == "local_government" && end < v.size()) {
        const utf8::Decoded next = utf8::Next(v, end);
        if (rules.next_not.find(std::string(v.substr(end, next.len))) != std::string::npos &&
            !SectionFollows(rules, v, end)) {
          break;
        }
      }
      // "Kaku Health, Inc.": a legal form after a comma belongs to the name before it.
      const size_t name_end = latin && i >= 2 && v.substr(i - 2, 2) == ", " ? i - 2 : i;
      size_t begin = NameStartBefore(v, name_end, latin || word == "社");
      const size_t tail_end = latin && kind != "company" ? LatinOfTail(v, end) : end;
      if (!latin) begin = std::min(begin, TokenStart(v, begin, end));
      // A list number glued before the name (「2.特設コールセンター」) is no part of it.
      for (size_t d = begin; d < i; ++d) {
        if (v[d] >= '0' && v[d] <= '9') continue;
        if (d > begin && v[d] == '.') begin = d + 1;
        break;
      }
      const size_t name_chars = utf8::CountCodePoints(v.substr(begin, name_end - begin));
      // Municipalities need two characters (政府, 地区 are no names) unless the word stands
      // alone between spaces or punctuation (湊市 税務課).
      const bool standalone =
          (begin == 0 || !utf8::IsCjk(utf8::Next(v, utf8::Prev(v, begin)).cp)) &&
          (end == v.size() || !utf8::IsCjk(utf8::Next(v, end).cp));
      // So do ministries and agencies: 反省, 帰省, 退庁 and 来庁 are words, not offices.
      const bool office = word == "\u7701" || word == "\u5E81";  // 省 庁
      const size_t min_chars = tail_end > end                                          ? 0
                               : (kind == "local_government" || office) && !standalone ? 2
                                                                                       : 1;
      if (name_chars < min_chars) break;
      if (word == "社") {  // bare 社 only after a Latin or katakana name: Kestrel社, not 当社
        const char32_t last = utf8::Next(v, utf8::Prev(v, i)).cp;
        if (utf8::IsHan(last) || name_chars < 2) break;
      }
      const std::string part =
          std::string(v.substr(begin, i - begin)) + std::string(v.substr(end, tail_end - end));
      if (std::find(rules.not_names.begin(), rules.not_names.end(), part) !=
          rules.not_names.end()) {
        break;
      }
      bool barred = false;  // (a loop, not a lambda: clang cannot capture the binding `kind`)
      for (const auto& [barred_kind, text] : rules.not_chars) {
        barred = barred || (barred_kind == kind && part.find(text) != std::string::npos);
      }
      if (barred) break;
      // 「弊社総合情報処理センター」: a unit of the notice's own organisation, no other name.
      if (std::any_of(rules.own_units.begin(), rules.own_units.end(),
                      [&](const std::string& w) { return part.rfind(w, 0) == 0; })) {
        break;
      }
      // 「3.(株)」: a list number before a legal form is no name; a name has a letter.
      bool letter = false;
      for (size_t at = 0; at < part.size() && !letter;) {
        const utf8::Decoded d = utf8::Next(part, at);
        letter = utf8::IsCjk(d.cp) ||
                 (d.cp < 0x80 && utf8::IsAsciiAlnum(d.cp) && !(d.cp >= '0' && d.cp <= '9'));
        at += d.len;
      }
      if (!letter) break;
      OrgMention m{std::string(v.substr(begin, tail_end - begin)), kind, {begin, tail_end}};
      KeepMostSpecific(&m);
      found.push_back(std::move(m));
      break;
    }
  }
  AddReportingSubjects(v, &found);
  AddQuotedCompanies(v, &found);
  AddResearchVoice(v, &found);
  AddSelfDefined(v, &found);
  AddHeadlineSubject(v, &found);
  AddHeadSignature(v, &found);
  // Overlapping mentions: keep the longer one (a prefix form with its suffix).
  std::sort(found.begin(), found.end(), [](const OrgMention& a, const OrgMention& b) {
    return a.piece.begin != b.piece.begin ? a.piece.begin < b.piece.begin
                                          : a.piece.end > b.piece.end;
  });
  std::vector<OrgMention> out;
  for (auto& m : found) {
    if (!out.empty() && m.piece.begin < out.back().piece.end) {
      if (m.piece.end - m.piece.begin > out.back().piece.end - out.back().piece.begin) {
        out.back() = std::move(m);
      }
      continue;
    }
    // A corporation and the institution it runs, one space apart, are one name: 医療法人架空会
    // 架空病院, 学校法人架空学園 架空高等学校 (rules/orgs.rules "operator").
    if (!out.empty() && IsOperator(rules, out.back()) && m.kind != "company" &&
        m.kind != "local_government") {
      const std::string_view gap =
          v.substr(out.back().piece.end, m.piece.begin - out.back().piece.end);
      if (gap == " " || gap == "\u3000") {
        out.back().name =
            std::string(v.substr(out.back().piece.begin, m.piece.end - out.back().piece.begin));
        out.back().piece.end = m.piece.end;
        out.back().kind = m.kind;
        continue;
      }
      // News quotes the institution: 医療法人架空会「架空病院」 is 医療法人架空会 架空病院.
      if (gap == "\u300C" && v.substr(m.piece.end, 3) == "\u300D") {
        out.back().name += " " + m.name;
        out.back().piece.end = m.piece.end;
        out.back().kind = m.kind;
        continue;
      }
    }
    out.push_back(std::move(m));
  }
  return out;
}

}  // namespace jikenbo::extract
