// Organisations: the announcing organisation, the organisation a report is about (its key and
// the other names it gives), and victim organisations named as contractors, subsidiaries or data
// owners. Mentions come from org_mentions.cc.
#include <re2/re2.h>

#include <algorithm>

#include "base/utf8.h"
#include "extract/extract_internal.h"

namespace jikenbo::extract {

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
  std::string core = Core(rules, name);
  // 厚労省 is 厚生労働省 (rules/orgs.rules "alias").
  if (auto it = rules.aliases.find(core); it != rules.aliases.end()) core = Core(rules, it->second);
  return model::OrgKeyOfCore(core);
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
      "^」?(?:\\([^)]{0,80}\\))?(?:[^\\s、。(]{0,8}?(?:課|部|局|室|係|事務局))?"
      "(?:は|では|において|から|より|が|として|によると|によれば|,|、| announced| said| disclosed|"
      " warned| reported| is (?:notifying|providing notice|writing)| has (?:learned|discovered)|"
      " (?:recently )?(?:learned|discovered|experienced|became aware)"
      "| \\([^)]{0,40}\\) (?:announced|said|disclosed|warned|reported))");
  return RE2::PartialMatch(re2::StringPiece(after.data(), after.size()), re);
}

// A newspaper's name on a line of its own over its article: the source, not the subject.
bool Byline(const ArticleText& text, const OrgMention& m) {
  if (m.kind != "media") return false;
  const Piece line = text.lines()[text.LineIndex(m.piece.begin)];
  return utf8::Trim(text.Text(line)).size() == m.piece.end - m.piece.begin;
}

// The police and the data-protection authority are whom a notice reports to, never whom it is
// about; a ministry or an agency may be either, but not in a notice that speaks for itself
// (弊社は…経済産業省に報告いたしました).
bool ReportedToOnly(const Extractor::Impl& impl, const OrgMention& m, bool self) {
  for (int index : impl.authorities.Matching(m.name)) {
    const std::string& label = impl.authorities.patterns()[static_cast<size_t>(index)].label;
    if (self || label == "police" || label == "ppc") return true;
  }
  return false;
}

// The one organisation the notice's word for itself points to: 本県 and a single ...県 named,
// 当協会 and a single ...協会 (rules/orgs.rules "self_word"). The word stands alone (本市場 and
// 日本市 are no 本市); police and the PPC never qualify.
const OrgMention* SelfNamed(const Extractor::Impl& impl, std::string_view unquoted,
                            const std::vector<OrgMention>& all) {
  const OrgMention* found = nullptr;
  std::string core;
  for (const auto& [word, suffix] : impl.orgs.self_words) {
    bool standalone = false;
    for (size_t at = unquoted.find(word); at != std::string_view::npos && !standalone;
         at = unquoted.find(word, at + word.size())) {
      const size_t end = at + word.size();
      const bool han_after = end < unquoted.size() && utf8::IsHan(utf8::Next(unquoted, end).cp);
      const bool han_before =
          at > 0 && utf8::IsHan(utf8::Next(unquoted, utf8::Prev(unquoted, at)).cp);
      standalone = !han_after && !han_before;
    }
    if (!standalone) continue;
    for (const OrgMention& m : all) {
      if (m.name.size() <= suffix.size() ||
          m.name.compare(m.name.size() - suffix.size(), suffix.size(), suffix) != 0 ||
          ReportedToOnly(impl, m, /*self=*/true) || m.kind == "media") {
        continue;
      }
      const std::string c = Core(impl.orgs, m.name);
      if (found && c != core) return nullptr;  // two candidates: no answer
      if (!found) found = &m, core = c;
    }
  }
  return found;
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
  // A label before the title's words: 【お詫び】, [重要], 《お知らせ》.
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"【", "】"},
                                    {"[", "]"},
                                    {"《", "》"},
                                    {"<", ">"}}) {
    if (title_text.starts_with(open)) {
      const size_t at = title_text.find(close);
      if (at != std::string_view::npos && at <= open.size() + 24)
        title_text = utf8::Trim(title_text.substr(at + close.size()));
    }
  }
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
    // A site's name heading its page, with its name in English or a section: 「架空学会:Kaku
    // Society」, 「架空市|くらしの情報」 (not 「Discord: 犯罪者の…」, a topic and a headline).
    auto ascii = [](std::string_view s) {
      return std::all_of(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; });
    };
    const bool site_name = (after.rfind(":", 0) == 0 && !ascii(m.name) && ascii(after)) ||
                           after.rfind("|", 0) == 0 || after.rfind(" | ", 0) == 0;
    if (after.empty() || after.rfind("、", 0) == 0 || after.rfind(",", 0) == 0 || site_name ||
        (after.rfind(" ", 0) == 0 &&
         (AnyCue(impl, "announce", after) || AnyCue(impl, "notice_title", after)))) {
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
  // 1b. A title that ends with its organisation, set apart: 「…について(架空市)」, 「…について |
  //     架空市」, 「…を紛失 - 架空県」.
  if (titled && !casebook) {
    const std::string_view title_all = utf8::Trim(text.Text(title));
    const size_t title_end = static_cast<size_t>(title_all.data() - v.data()) + title_all.size();
    for (const OrgMention& m : all) {
      if (m.piece.end > title_end) break;
      std::string_view before = v.substr(title.begin, m.piece.begin - title.begin);
      std::string_view after = v.substr(m.piece.end, title_end - m.piece.end);
      while (before.ends_with(" ")) before.remove_suffix(1);
      const bool bracketed = before.ends_with("(") && after == ")";
      const bool separated = after.empty() && (before.ends_with("|") || before.ends_with(" -") ||
                                               before.ends_with("-") || before.ends_with("/"));
      if ((bracketed || separated) && !ReportedToOnly(impl, m, self) && m.kind != "media" &&
          utf8::CountCodePoints(before) >= 6)
        return Fullest(impl.orgs, all, m);
    }
  }
  // 2. The notice's word for itself names its organisation (本県 and 架空県 alone of 県).
  if (self) {
    if (const OrgMention* m = SelfNamed(impl, unquoted, all)) return Fullest(impl.orgs, all, *m);
  }
  // 3. An issuer line near the top or the bottom: the organisation, perhaps with a section or a
  //    date, and no sentence ("架空町役場 総務課", "株式会社… 代表取締役 …").
  const auto& lines = text.lines();
  auto issuer = [&](bool opening_line_will_do) -> const OrgMention* {
    // Line 0 is the title, unless the title is further down (a site's name heads the page).
    const size_t first = lines.empty() || lines[0].begin == title.begin ? 1 : 0;
    for (size_t k = first; k < lines.size(); ++k) {
      if (k > 8 && k + 8 < lines.size()) continue;
      const std::string_view line = text.Text(lines[k]);
      const size_t start = lines[k].begin + (utf8::Trim(line).data() - line.data());
      for (const OrgMention& m : all) {
        if (m.piece.begin > lines[k].end) break;
        // A contact line (問い合わせ先 ORG) will do when nothing better names the notice.
        const bool labelled =
            opening_line_will_do && m.piece.begin > start &&
            AnyCue(impl, "contact_label", v.substr(lines[k].begin, m.piece.begin - lines[k].begin));
        if (m.piece.begin != start && !labelled) continue;
        // A newspaper's name over its article (架空新聞 / 2031年4月18日) is the source, not the
        // announcer: news reports have none. (A paper's own notice speaks for itself: 当社.)
        if (m.kind == "media" && !self) continue;
        const std::string_view rest = utf8::Trim(v.substr(m.piece.end, lines[k].end - m.piece.end));
        const bool site_name = k == 0 && (rest.rfind(":", 0) == 0 || rest.rfind("|", 0) == 0);
        // 「架空市の新庁舎」 (a photo's caption) is a phrase about the organisation, no signature.
        const bool issuer_line = site_name || (rest.find("\u3002") == std::string_view::npos &&
                                               utf8::CountCodePoints(rest) <= 24 &&
                                               !SubjectAfter(rest) && rest.rfind("\u306E", 0) != 0);
        // A sentence that opens with an authority (経済産業省に報告いたしました) signs nothing.
        if (!issuer_line && ReportedToOnly(impl, m, /*self=*/true)) continue;
        if (k == 0 && !site_name) continue;  // a page's first line: only a site's name heading it
        // Below the body, a page that does not speak for itself (a blog's entry about another's
        // notice) ends with the site's footer (ranking banners, links), which signs no incident.
        if (k > 8 && !self && inc.kind == "incident") continue;
        if (issuer_line || opening_line_will_do) return &m;
      }
    }
    return nullptr;
  };
  if (const OrgMention* m = issuer(false)) return Fullest(impl.orgs, all, *m);
  // 4. A reporting sentence: "…ORG(略称)より、…と発表" / "ORGは…を公表しました", for warnings
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
  // 5. A notice that speaks for itself may sign with a line that opens with its name.
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
    // So is a municipality right before another name (「架空市の医療法人架空会」) or in brackets
    // right after one (「架空県立図書館(架空市)」).
    const std::string_view v = text.view();
    auto located = [&](size_t i) {
      const OrgMention& m = all[i];
      if (m.kind != "local_government") return false;
      if (i > 0 && m.piece.begin >= 1 && v[m.piece.begin - 1] == '(' &&
          all[i - 1].piece.end + 1 == m.piece.begin && v.substr(m.piece.end, 1) == ")")
        return true;
      return i + 1 < all.size() && v.substr(m.piece.end, 3) == "\u306E" &&
             all[i + 1].piece.begin >= m.piece.end &&
             all[i + 1].piece.begin - m.piece.end <= 45;  // の, then the name within 15 characters
    };
    const bool self = AnyCue(impl, "self", v);
    const OrgMention* about = nullptr;
    for (bool in_title : {true, false}) {
      for (size_t i = 0; i < all.size(); ++i) {
        const OrgMention& m = all[i];
        if (in_title && m.piece.end > title.end) break;
        // A newspaper's name over its article is the source, not whom the report is about.
        if (m.kind == "media" && !self) continue;
        if (!regional(m) && !located(i) && !ReportedToOnly(impl, m, self) && !Byline(text, m)) {
          about = &m;
          break;
        }
      }
      if (about) break;
    }
    if (!about && !ReportedToOnly(impl, all.front(), self) && !Byline(text, all.front()) &&
        (all.front().kind != "media" || self))
      about = &all.front();
    if (!about) return;
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
