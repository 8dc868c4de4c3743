// Organisations: mentions by legal form and name-ending words; the announcing organisation;
// victim organisations named as contractors, subsidiaries or data owners.
#include <re2/re2.h>

#include <algorithm>
#include <array>

#include "base/deadline.h"
#include "base/rule_table.h"
#include "base/utf8.h"
#include "extract/extract_internal.h"

namespace jikenbo::extract {
namespace {

constexpr size_t kMaxNameChars = 30;

bool IsNameChar(char32_t cp) {
  return utf8::IsHan(cp) || utf8::IsKatakana(cp) || utf8::IsAsciiAlnum(cp) || cp == U'・' ||
         cp == '&' || cp == '-' || cp == '.' || cp == U'ー';
}

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
    const bool particle = IsParticle(d.cp) && prev != 0 && !utf8::IsHiragana(prev);
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
      const size_t end = NameEndAfter(v, i + form.size());
      if (end > i + form.size()) {
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
      size_t begin = NameStartBefore(v, i, latin || word == "社");
      if (!latin) begin = std::min(begin, TokenStart(v, begin, end));
      const size_t name_chars = utf8::CountCodePoints(v.substr(begin, i - begin));
      // Municipalities need two characters (政府, 地区 are no names) unless the word stands
      // alone between spaces or punctuation (湊市 税務課).
      const bool standalone =
          (begin == 0 || !utf8::IsCjk(utf8::Next(v, utf8::Prev(v, begin)).cp)) &&
          (end == v.size() || !utf8::IsCjk(utf8::Next(v, end).cp));
      const size_t min_chars = kind == "local_government" && !standalone ? 2 : 1;
      if (name_chars < min_chars) break;
      if (word == "社") {  // bare 社 only after a Latin or katakana name: Kestrel社, not 当社
        const char32_t last = utf8::Next(v, utf8::Prev(v, i)).cp;
        if (utf8::IsHan(last) || name_chars < 2) break;
      }
      const std::string part(v.substr(begin, i - begin));
      if (std::find(rules.not_names.begin(), rules.not_names.end(), part) !=
          rules.not_names.end()) {
        break;
      }
      OrgMention m{std::string(v.substr(begin, end - begin)), kind, {begin, end}};
      KeepMostSpecific(&m);
      found.push_back(std::move(m));
      break;
    }
  }
  AddReportingSubjects(v, &found);
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
    }
    out.push_back(std::move(m));
  }
  return out;
}

namespace {

// "Kestrel社" and "株式会社Kestrel" name the same organisation: compare without legal forms.
std::string Core(const OrgRules& rules, std::string name) {
  for (const auto& [form, kind] : rules.prefixes) {
    if (name.rfind(form, 0) == 0) name = name.substr(form.size());
  }
  for (std::string_view tail : {"株式会社", "社", " Ltd.", " Ltd", " Inc.", " Corp."}) {
    if (name.size() > tail.size() &&
        name.compare(name.size() - tail.size(), tail.size(), tail) == 0) {
      name = name.substr(0, name.size() - tail.size());
    }
  }
  return std::string(utf8::Trim(name));
}

// What the casebook links reports by: the core without legal forms before or after it
// ((株), 株式会社, Inc. …), spaces and ASCII case, so that 「㈱架空商事」, 「架空商事株式会社」 and
// 「架空 商事」 are one key.
std::string OrgKey(const OrgRules& rules, const std::string& name) {
  return model::OrgKeyOfCore(Core(rules, name));
}

// The fullest mention of the same organisation (the one with its legal form).
const OrgMention& Fullest(const OrgRules& rules, const std::vector<OrgMention>& all,
                          const OrgMention& m) {
  const std::string core = Core(rules, m.name);
  const OrgMention* best = &m;
  for (const OrgMention& o : all) {
    if (Core(rules, o.name) == core && o.name.size() > best->name.size() && o.kind == "company") {
      best = &o;
    }
  }
  return *best;
}

// True when the text right after an organisation makes it the subject of a sentence or the
// sender of something: "架空町税務課から", "当協会は", "ORG(以下「当社」)".
bool SubjectAfter(std::string_view after) {
  static const RE2 re(
      "^(?:\\([^)]{0,80}\\))?(?:[^\\s、。(]{0,8}?(?:課|部|局|室|係|事務局))?"
      "(?:は|では|において|から|より|が|として|によると|によれば|,|、| announced| said| disclosed|"
      " warned| reported"
      "| \\([^)]{0,40}\\) (?:announced|said|disclosed|warned|reported))");
  return RE2::PartialMatch(re2::StringPiece(after.data(), after.size()), re);
}

// The announcing organisation, by the strongest evidence available. The gold convention (and
// an analyst's): the organisation that publishes the notice — named in a casebook header, at
// the head of a title, or by a notice that speaks for itself (当社, 本学, 当市 …) — or, for a
// warning or a threat report, the body that issued it. A news report about an organisation's
// incident has no announcing organisation of its own: the victim is its subject, not its voice.
std::optional<OrgMention> AnnouncingOrg(const Extractor::Impl& impl, const ArticleText& text,
                                        const std::vector<OrgMention>& all,
                                        const model::Incident& inc, std::string* doubt) {
  const std::string_view v = text.view();
  const Piece title = text.title_line();
  const bool casebook = text.article().start_rule == "casebook";
  // The notice's own voice, outside quoted speech (a news report quotes 「本県とは無関係」).
  std::string unquoted(v);
  for (size_t open = unquoted.find("「"); open != std::string::npos;
       open = unquoted.find("「", open + 1)) {
    const size_t close = unquoted.find("」", open);
    if (close == std::string::npos) break;
    std::fill(unquoted.begin() + static_cast<long>(open + 3),
              unquoted.begin() + static_cast<long>(close), ' ');
  }
  const bool self = AnyCue(impl, "self", unquoted);
  std::string_view title_text = text.Text(title);
  while (!title_text.empty() && (title_text[0] == '#' || title_text[0] == ' '))
    title_text.remove_prefix(1);  // a Markdown heading
  title_text = utf8::Trim(title_text);
  const size_t title_start =
      title.begin + static_cast<size_t>(title_text.data() - text.Text(title).data());
  // 0. A notice that defines its own name: "ORG(以下「当社」)", or a labelled field (会社名 ORG).
  for (const OrgMention& m : all) {
    if (AnyCue(impl, "self_definition", v.substr(m.piece.end, 40)))
      return Fullest(impl.orgs, all, m);
    const Piece line = text.lines()[text.LineIndex(m.piece.begin)];
    if (AnyCue(impl, "org_label", v.substr(line.begin, m.piece.begin - line.begin)))
      return Fullest(impl.orgs, all, m);
  }
  // 1. The title: a casebook header names the organisation; otherwise it opens the title
  //    ("ORG、…", "ORG …のお知らせ", the title line alone), or a notice names itself in it. A
  //    first line that is a sentence (a page without a title) is no title.
  const bool titled = text.TitleIsHeading();
  for (const OrgMention& m : all) {
    if (!titled || m.piece.end > title.end) break;
    if (casebook || self) return Fullest(impl.orgs, all, m);
    if (m.piece.begin != title_start) continue;
    const std::string_view after = v.substr(m.piece.end, title.end - m.piece.end);
    if (after.empty() || after.rfind("、", 0) == 0 || after.rfind(",", 0) == 0 ||
        (after.rfind(" ", 0) == 0 && AnyCue(impl, "announce", after))) {
      return Fullest(impl.orgs, all, m);
    }
    // A notice's title about something at the organisation: 「架空公社で発生した個人情報漏え
    // い事故について」, 「架空市における…のお知らせ」.
    if ((after.rfind("で", 0) == 0 || after.rfind("における", 0) == 0 ||
         after.rfind("において", 0) == 0) &&
        AnyCue(impl, "notice_title", after)) {
      return Fullest(impl.orgs, all, m);
    }
  }
  // 2. An issuer line near the top or the bottom: the organisation, perhaps with a section or a
  //    date, and no sentence ("架空町役場 総務課", "株式会社… 代表取締役 …").
  const auto& lines = text.lines();
  auto issuer = [&](bool opening_line_will_do) -> const OrgMention* {
    for (size_t k = 1; k < lines.size(); ++k) {
      if (k > 8 && k + 8 < lines.size()) continue;
      const std::string_view line = text.Text(lines[k]);
      const size_t start = lines[k].begin + (utf8::Trim(line).data() - line.data());
      for (const OrgMention& m : all) {
        if (m.piece.begin > lines[k].end) break;
        if (m.piece.begin != start) continue;
        const std::string_view rest = utf8::Trim(v.substr(m.piece.end, lines[k].end - m.piece.end));
        const bool issuer_line = rest.find("\u3002") == std::string_view::npos &&
                                 utf8::CountCodePoints(rest) <= 24 && !SubjectAfter(rest);
        if (issuer_line || opening_line_will_do) return &m;
      }
    }
    return nullptr;
  };
  if (const OrgMention* m = issuer(false)) return Fullest(impl.orgs, all, *m);
  // 3. A reporting sentence: "…ORG(略称)より、…と発表" / "ORGは…を公表しました", for warnings
  //    and reports (the issuer); for an incident only in a digest item (its lead says who
  //    announced) or when the notice speaks for itself.
  const bool digest_item = text.article().start_rule == "headline" || casebook;
  const bool notice = AnyCue(impl, "notice_title", text.Text(title));
  if (inc.kind != "incident" || self || digest_item || notice) {
    for (const Piece& s : text.sentences()) {
      const std::string_view sentence = text.Text(s);
      if (!AnyCue(impl, "announce", sentence) && inc.kind == "incident" && !self) continue;
      for (const OrgMention& m : all) {
        if (m.piece.begin < s.begin || m.piece.end > s.end) continue;
        if (SubjectAfter(v.substr(m.piece.end, 160))) {
          if (!casebook && inc.kind == "incident")
            *doubt = "named as the subject of a sentence, not in the title";
          return Fullest(impl.orgs, all, m);
        }
      }
      if (s.begin > 600) break;
    }
  }
  // 4. A notice that speaks for itself may sign with a line that opens with its name.
  if (const OrgMention* m = self ? issuer(true) : nullptr) {
    *doubt = "a line of the notice that opens with the name";
    return Fullest(impl.orgs, all, *m);
  }
  if (!all.empty()) *doubt = "organisations are named, none as the announcer";
  return std::nullopt;
}

// Other names of the organisation that the report gives in brackets right after a mention
// of it, in the other script: 「株式会社架空精機（Kaku Seiki Co., Ltd.）」, "Kaku Seiki Co., Ltd.
// (株式会社架空精機)". Their keys become org_aliases (with evidence), so that the English
// version of a notice and the Japanese one find each other in the casebook.
void AddAliases(const OrgRules& rules, const ArticleText& text, const std::string& name,
                const std::string& key, model::Incident* inc) {
  const std::string_view v = text.view();
  auto has_non_ascii = [](std::string_view s) {
    return std::any_of(s.begin(), s.end(),
                       [](char c) { return static_cast<unsigned char>(c) >= 0x80; });
  };
  const bool name_latin = !has_non_ascii(name);
  size_t at = 0;
  for (int seen = 0; seen < 20 && (at = v.find(name, at)) != std::string_view::npos; ++seen) {
    size_t i = at + name.size();
    at = i;
    while (i < v.size() && (v[i] == ' ' || v.compare(i, 3, "\u3000") == 0))
      i += v[i] == ' ' ? 1 : 3;
    size_t open = 0;
    if (v.compare(i, 1, "(") == 0) open = 1;
    if (v.compare(i, 3, "\uFF08") == 0) open = 3;  // （
    if (open == 0) continue;
    const size_t from = i + open;
    size_t close = v.find_first_of(")\n", from);
    const size_t wide = v.find("\uFF09", from);  // ）
    if (wide != std::string_view::npos && (close == std::string_view::npos || wide < close))
      close = wide;
    if (close == std::string_view::npos || v[close] == '\n' || close - from > 120) continue;
    const std::string_view inner = utf8::Trim(v.substr(from, close - from));
    // In the other script: Latin words for a Japanese name (six letters at least, not a URL or
    // an address), or a Japanese name for a Latin one.
    if (name_latin == !has_non_ascii(inner)) continue;
    if (!name_latin) {
      const auto letters = std::count_if(inner.begin(), inner.end(), [](char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      });
      if (letters < 6 || inner.find("://") != std::string_view::npos ||
          inner.find('@') != std::string_view::npos || !(inner[0] >= 'A' && inner[0] <= 'Z')) {
        continue;
      }
    }
    const std::string alias = OrgKey(rules, std::string(inner));
    if (alias.empty() || alias == key ||
        std::find(inc->org_aliases.begin(), inc->org_aliases.end(), alias) !=
            inc->org_aliases.end()) {
      continue;
    }
    inc->org_aliases.push_back(alias);
    inc->evidence.push_back({"org_aliases", text.ToSpan(from, close)});
  }
}

}  // namespace

void ExtractOrgs(const Extractor::Impl& impl, const ArticleText& text, model::Incident* inc) {
  const std::vector<OrgMention> all = FindOrgs(impl.orgs, text.view());
  std::string doubt;
  const auto announcer = AnnouncingOrg(impl, text, all, *inc, &doubt);
  if (!doubt.empty()) model::AddDoubt(inc, "title_org", doubt);
  if (!announcer) {
    // A report by someone else (news, a blog): the case is about the organisation its title
    // names, else the first one its text names.
    if (inc->kind != "incident" || all.empty()) return;
    // A prefecture before the name is where it is (「架空県の病院」), not whom: another name,
    // in the title first, is preferred.
    const Piece title = text.title_line();
    auto regional = [](const OrgMention& m) {
      for (std::string_view end : {"県", "都", "府", "道"}) {
        if (m.name.size() > end.size() &&
            m.name.compare(m.name.size() - end.size(), end.size(), end) == 0)
          return true;
      }
      return false;
    };
    const OrgMention* about = nullptr;
    for (bool in_title : {true, false}) {
      for (const OrgMention& m : all) {
        if (in_title && m.piece.end > title.end) break;
        if (!regional(m)) {
          about = &m;
          break;
        }
      }
      if (about) break;
    }
    if (!about) about = &all.front();
    const std::string key = OrgKey(impl.orgs, about->name);
    if (key.empty()) return;
    inc->org_key = key;
    inc->evidence.push_back({"org_key", text.ToSpan(about->piece.begin, about->piece.end)});
    AddAliases(impl.orgs, text, about->name, key, inc);
    return;
  }
  if (const std::string key = OrgKey(impl.orgs, announcer->name); !key.empty()) {
    inc->org_key = key;
    AddAliases(impl.orgs, text, announcer->name, key, inc);
  }
  inc->title_org = announcer->name;
  inc->org_kind = announcer->kind;
  inc->evidence.push_back({"title_org", text.ToSpan(announcer->piece.begin, announcer->piece.end)});
  if (inc->kind != "incident") return;
  const std::string_view v = text.view();
  std::vector<std::string> cores{Core(impl.orgs, announcer->name)};
  inc->victim_orgs.push_back(announcer->name);
  auto add_victim = [&](const OrgMention& m) {
    const std::string core = Core(impl.orgs, m.name);
    if (std::find(cores.begin(), cores.end(), core) != cores.end()) return;
    cores.push_back(core);
    inc->victim_orgs.push_back(m.name);
    inc->evidence.push_back({"victim_orgs", text.ToSpan(m.piece.begin, m.piece.end)});
  };
  for (const OrgMention& m : all) {
    const std::string_view before =
        v.substr(m.piece.begin >= 30 ? m.piece.begin - 30 : 0, std::min<size_t>(m.piece.begin, 30));
    const std::string_view after = v.substr(m.piece.end, 16);
    bool related = false;
    for (const std::string& r : impl.orgs.relations) {
      const size_t at = before.rfind(r);
      if (at != std::string_view::npos && before.size() - (at + r.size()) <= 12) related = true;
    }
    for (const std::string& c : impl.orgs.clients) related |= after.rfind(c, 0) == 0;
    if (related) add_victim(m);
  }
  // A subsidiary named without a legal form: "子会社であるトヨタ…ヨーロッパにおいて".
  for (const std::string& r : impl.orgs.relations) {
    for (size_t at = v.find(r); at != std::string_view::npos; at = v.find(r, at + r.size())) {
      size_t b = at + r.size();
      bool joined = false;
      for (std::string_view joiner : {"である", ":"}) {
        if (v.substr(b, joiner.size()) == joiner) b += joiner.size(), joined = true;
      }
      if (!joined) continue;
      size_t e = b;
      while (e < v.size()) {
        const utf8::Decoded d = utf8::Next(v, e);
        if (!IsNameChar(d.cp)) break;
        e += d.len;
      }
      const bool inside_known = std::any_of(all.begin(), all.end(), [&](const OrgMention& m) {
        return m.piece.begin <= b && b < m.piece.end;
      });
      if (inside_known || utf8::CountCodePoints(v.substr(b, e - b)) < 3) continue;
      const std::string_view next = v.substr(e, 9);
      if (next.rfind("において", 0) != 0 && next.rfind("が", 0) != 0 && next.rfind("は", 0) != 0) {
        continue;
      }
      add_victim(OrgMention{std::string(v.substr(b, e - b)), "company", {b, e}});
    }
  }
}

}  // namespace jikenbo::extract
