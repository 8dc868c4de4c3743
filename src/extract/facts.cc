// Data items, authorities reported to, cause, countermeasures, compensation and source URLs.
#include <re2/re2.h>

#include <algorithm>

#include "base/deadline.h"
#include "base/utf8.h"
#include "extract/extract_internal.h"

namespace jikenbo::extract {
namespace {

bool IsBulletLine(std::string_view line) {
  line = utf8::Trim(line);
  static const char* kBullets[] = {"・", "•", "-", "*", "(", "①", "②", "③", "④", "⑤"};
  for (const char* b : kBullets) {
    if (line.rfind(b, 0) == 0) return true;
  }
  return false;
}

// A list line: a bullet, a numbered item or a short line without a full stop.
bool IsListLine(std::string_view line) {
  line = utf8::Trim(line);
  if (line.empty()) return false;
  if (IsBulletLine(line)) return true;
  // (80 characters are at most 320 bytes: a longer line is no list line, and is not scanned)
  return line.size() <= 320 && line.find("。") == std::string_view::npos &&
         utf8::CountCodePoints(line) <= 80;
}

}  // namespace

std::string Context(const ArticleText& text, size_t offset, bool bullets_only) {
  const Piece s = text.sentences()[text.SentenceIndex(offset)];
  std::string ctx(text.Text(s));
  size_t k = text.LineIndex(offset);
  const std::string_view own = text.Text(text.lines()[k]);
  if (!(bullets_only ? IsBulletLine(own) : IsListLine(own))) return ctx;
  for (size_t up = 0; up < 16 && k > 0; ++up) {
    --k;
    const std::string_view line = text.Text(text.lines()[k]);
    if (utf8::IsBlank(line)) continue;
    // The end of the line is what introduces the list; a long line adds only its last sentence's
    // worth, so that the context of every match stays bounded.
    const size_t keep = ArticleText::kMaxSentenceBytes;
    size_t from = line.size() > keep ? line.size() - keep : 0;
    while (from < line.size() && (static_cast<unsigned char>(line[from]) & 0xC0) == 0x80) ++from;
    ctx.append("\n").append(line.substr(from));
    if (!IsListLine(line)) break;  // the sentence that introduces the list
  }
  return ctx;
}

std::vector<Piece> AsideZones(const Extractor::Impl& impl, const ArticleText& text) {
  std::vector<Piece> zones;
  if (!AnyCue(impl, "aside", text.view())) return zones;  // one scan: most articles have none
  const auto& lines = text.lines();
  for (size_t k = 0; k < lines.size(); ++k) {
    if (!AnyCue(impl, "aside", utf8::Trim(text.Text(lines[k])))) continue;
    size_t last = k;
    for (size_t j = k + 1; j < lines.size(); ++j) {
      const std::string_view line = utf8::Trim(text.Text(lines[j]));
      if (line.empty()) continue;
      if (line.rfind("- ", 0) != 0 && line.rfind("・", 0) != 0 && line.rfind("•", 0) != 0) break;
      last = j;
    }
    zones.push_back({lines[k].begin, lines[last].end});
    k = last;
  }
  return zones;
}

bool Inside(const std::vector<Piece>& zones, size_t offset) {
  return std::any_of(zones.begin(), zones.end(),
                     [&](const Piece& z) { return z.begin <= offset && offset < z.end; });
}

bool AnyCue(const Extractor::Impl& impl, const std::string& role, std::string_view text) {
  auto it = impl.cues.find(role);
  return it != impl.cues.end() && it->second.Any(text);
}

// The clause of `s` holding `at`: between the clause breaks (ものの, が、, but) around it.
// A parenthesis is a clause of its own too: 「お名前(ご住所やお電話番号はありません。)」 denies the
// address and the phone number, not the name. Returns the clause's text, without the remarks in
// parentheses when `at` stands outside them.
std::string ClauseAround(const Extractor::Impl& impl, const ArticleText& text, Piece s, Piece at) {
  Piece clause = s;
  if (auto it = impl.cues.find("clause_break"); it != impl.cues.end()) {
    for (const Pattern& p : it->second.patterns()) {
      for (const Piece& hit : classify::FindAll(*p.re, text.view(), s.begin, s.end)) {
        if (hit.end <= at.begin) clause.begin = std::max(clause.begin, hit.end);
        if (hit.begin >= at.end) clause.end = std::min(clause.end, hit.begin);
      }
    }
  }
  const std::string_view v = text.view();
  // Inside an open parenthesis: the clause is the remark.
  const size_t open = v.substr(clause.begin, at.begin - clause.begin).rfind('(');
  if (open != std::string_view::npos &&
      v.substr(clause.begin + open, at.begin - clause.begin - open).find(')') ==
          std::string_view::npos) {
    const size_t close = v.substr(at.end, clause.end - at.end).find(')');
    return std::string(v.substr(clause.begin + open, close == std::string_view::npos
                                                         ? clause.end - clause.begin - open
                                                         : at.end + close - clause.begin - open));
  }
  std::string out;
  int depth = 0;
  for (size_t i = clause.begin; i < clause.end; ++i) {
    if (v[i] == '(') ++depth;
    if (depth == 0) out.push_back(v[i]);
    if (v[i] == ')' && depth > 0) --depth;
  }
  return out;
}

void ExtractDataItems(const Extractor::Impl& impl, const ArticleText& text,
                      const std::vector<Piece>& asides, model::Incident* inc) {
  struct Hit {
    Piece piece;
    const std::string* item;
  };
  std::vector<Hit> hits;
  const size_t body = text.body_begin();
  for (int index : impl.data_items.Matching(text.view())) {
    const Pattern& p = impl.data_items.patterns()[static_cast<size_t>(index)];
    for (const Piece& m : classify::FindAll(*p.re, text.view(), body)) {
      CheckDeadline();
      hits.push_back({m, &p.label});
    }
  }
  std::sort(hits.begin(), hits.end(), [](const Hit& a, const Hit& b) {
    return a.piece.begin != b.piece.begin ? a.piece.begin < b.piece.begin
                                          : a.piece.end > b.piece.end;
  });
  std::vector<Hit> kept;
  size_t covered = 0;
  for (const Hit& h : hits) {
    CheckDeadline();
    if (h.piece.begin < covered) continue;  // inside a longer match
    covered = h.piece.end;
    if (*h.item != "-") kept.push_back(h);  // "-": a blocker such as 発生年月日
  }
  const std::string_view v = text.view();
  for (const Hit& h : kept) {
    if (Inside(asides, h.piece.begin)) continue;
    // A channel right after the word (64 bytes leave room for a bracketed aside before the
    // particle: 「アドレス(以下、誤アドレス)に」).
    if (AnyCue(impl, "channel", v.substr(h.piece.end, 64))) continue;
    // A word inside a compound (納期調整, 他部署従業員) is no mention of that item.
    if (h.piece.end < v.size() && !AnyCue(impl, "item_suffix_ok", v.substr(h.piece.end, 12))) {
      const char32_t next = utf8::Next(v, h.piece.end).cp;
      if (utf8::IsHan(next) || utf8::IsKatakana(next)) continue;
    }
    const Piece s = text.sentences()[text.SentenceIndex(h.piece.begin)];
    // A denial holds for the clause it stands in: 「氏名は記録されていないものの、病名が記録」
    // denies the name, not the diagnosis.
    if (AnyCue(impl, "negation", ClauseAround(impl, text, s, h.piece)) ||
        AnyCue(impl, "measure", text.Text(s))) {
      continue;
    }
    // Exposed: listed under an exposure heading, enumerated with other items in an exposure
    // sentence, or followed closely by an exposure verb (メールアドレスが表示され).
    const bool listed = IsListLine(text.Text(text.lines()[text.LineIndex(h.piece.begin)]));
    // Enumerated: joined to a neighbouring item of the sentence (氏名、住所及び電話番号) with no
    // clause between them.
    const bool enumerated = std::any_of(kept.begin(), kept.end(), [&](const Hit& o) {
      if (&o == &h || o.piece.begin < s.begin || o.piece.end > s.end) return false;
      const size_t b = std::min(h.piece.end, o.piece.end);
      const size_t e = std::max(h.piece.begin, o.piece.begin);
      if (e < b || e - b > 90) return false;
      const std::string_view gap = v.substr(b, e - b);
      return AnyCue(impl, "item_join", gap) && !AnyCue(impl, "item_clause", gap);
    });
    const std::string_view after = v.substr(h.piece.end, std::min<size_t>(90, s.end - h.piece.end));
    const bool exposed =
        ((listed || enumerated) && AnyCue(impl, "exposure", Context(text, h.piece.begin))) ||
        AnyCue(impl, "exposure", after);
    if (!exposed) continue;
    if (std::find(inc->data_items.begin(), inc->data_items.end(), *h.item) ==
        inc->data_items.end()) {
      inc->data_items.push_back(*h.item);
    }
    inc->evidence.push_back({"data_items", text.ToSpan(h.piece.begin, h.piece.end)});
  }
}

void ExtractReportedTo(const Extractor::Impl& impl, const ArticleText& text,
                       const std::vector<Piece>& asides, model::Incident* inc) {
  const std::optional<int> year = inc->announce_date
                                      ? std::optional<int>(std::atoi(inc->announce_date->c_str()))
                                      : std::nullopt;
  for (int index : impl.authorities.Matching(text.view())) {
    const Pattern& p = impl.authorities.patterns()[static_cast<size_t>(index)];
    for (const Piece& m : classify::FindAll(*p.re, text.view())) {
      CheckDeadline();
      const Piece s = text.sentences()[text.SentenceIndex(m.begin)];
      const std::string_view sentence = text.Text(s);
      if (Inside(asides, m.begin) || !AnyCue(impl, "report_verb", sentence)) continue;
      // "…センター(JC3)より" is a source, not a recipient.
      const std::string_view next = text.view().substr(m.end, 12);
      if (next.rfind("より", 0) == 0 || next.rfind("から", 0) == 0) continue;
      const bool seen = std::any_of(inc->reported_to.begin(), inc->reported_to.end(),
                                    [&](const auto& r) { return r.authority == p.label; });
      if (seen) continue;
      model::ReportedTo r;
      r.authority = p.label;
      r.evidence = text.ToSpan(m.begin, m.end);
      const std::string_view tail = text.view().substr(m.end, std::min<size_t>(36, s.end - m.end));
      if (AnyCue(impl, "weak_report", tail) && tail.find("報告") == std::string_view::npos &&
          tail.find("届") == std::string_view::npos) {
        model::AddDoubt(inc, "reported_to", "worked with the authority, no report stated");
      }
      // The report's date: right before the authority (6月1日に個人情報保護委員会へ) or between
      // it and its verb (個人情報保護委員会には3月8日に報告).
      size_t verb = s.end;
      if (auto it = impl.cues.find("report_verb"); it != impl.cues.end()) {
        for (const Pattern& rv : it->second.patterns()) {
          for (const Piece& hit : classify::FindAll(*rv.re, text.view(), m.end, s.end)) {
            verb = std::min(verb, hit.begin);
          }
        }
      }
      for (const DateMention& d : FindDates(sentence, year)) {
        const size_t db = s.begin + d.piece.begin, de = s.begin + d.piece.end;
        const bool before = de <= m.begin && m.begin - de <= 24;
        const bool between = db >= m.end && de <= verb;
        if ((before || between) && d.iso.size() == 10) r.date = d.iso;
      }
      inc->reported_to.push_back(std::move(r));
      break;
    }
  }
}

void ExtractNarrative(const Extractor::Impl& impl, const ArticleText& text, model::Incident* inc) {
  const size_t body = text.body_begin();
  // One scan per role over the whole article first: most articles lack most roles.
  const bool any_cause =
      AnyCue(impl, "cause", text.view()) || AnyCue(impl, "cause_clause", text.view());
  const bool any_measure =
      AnyCue(impl, "measure", text.view()) || AnyCue(impl, "response", text.view());
  const bool any_compensation = AnyCue(impl, "compensation", text.view());
  if (!any_cause && !any_measure && !any_compensation) return;
  const auto& sentences = text.sentences();
  // A heading is a line of its own with no sentence end, short (「3 発生原因・問題点」,
  // "## What we are doing"): it announces a section, it states nothing.
  auto heading = [&](const Piece& s, std::string_view sentence) {
    if (sentence.starts_with("#")) return true;
    const Piece line = text.lines()[text.LineIndex(s.begin)];
    const std::string_view whole = utf8::Trim(text.Text(line));
    const bool own_line = whole.size() <= sentence.size() + 8;
    const bool ends =
        sentence.ends_with("\u3002") || sentence.ends_with(".") || sentence.ends_with("\uFF0E");
    return own_line && !ends && utf8::CountCodePoints(sentence) <= 40;
  };
  bool cause_heading = false;   // the sentence before was a 原因 heading: take its content
  std::optional<Piece> clause;  // the first sentence that gives a reason without 原因
  for (const Piece& s : sentences) {
    CheckDeadline();
    if (s.end <= body) continue;
    const std::string_view sentence = utf8::Trim(text.Text(s));
    if (sentence.empty()) continue;
    // 「原因:ネットワーク機器障害」 is a labelled value, not a heading.
    const bool is_heading = heading(s, sentence) && !AnyCue(impl, "cause_label", sentence);
    const bool boilerplate = AnyCue(impl, "boilerplate", sentence);
    if (!inc->cause && any_cause) {
      const bool skip = AnyCue(impl, "cause_skip", sentence);
      const bool cue = AnyCue(impl, "cause", sentence) && !skip;
      if (cue && is_heading) {
        cause_heading = true;
      } else if ((cue || cause_heading) && !is_heading && !boilerplate && !skip &&
                 utf8::CountCodePoints(sentence) >= 8) {
        inc->cause = std::string(utf8::Prefix(sentence, 600));
        inc->evidence.push_back({"cause", text.ToSpan(s.begin, s.end)});
        if (!cue) model::AddDoubt(inc, "cause", "the first sentence under a 原因 heading");
      } else if (!is_heading) {
        cause_heading = false;
      }
      if (!clause && !is_heading && !boilerplate && !skip &&
          AnyCue(impl, "cause_clause", sentence) && utf8::CountCodePoints(sentence) >= 8) {
        clause = s;
      }
    }
    // A countermeasure is a concrete action, never a heading, an apology, a promise to 努める
    // or a preamble.
    if (inc->countermeasures.size() < 5 && !is_heading && !boilerplate &&
        (AnyCue(impl, "measure", sentence) || AnyCue(impl, "response", sentence)) &&
        AnyCue(impl, "measure_action", sentence) && !AnyCue(impl, "measure_skip", sentence) &&
        utf8::CountCodePoints(sentence) >= 10) {
      inc->countermeasures.emplace_back(utf8::Prefix(sentence, 600));
      inc->evidence.push_back({"countermeasures", text.ToSpan(s.begin, s.end)});
    }
    if (!inc->compensation_jpy_per_person && any_compensation &&
        AnyCue(impl, "compensation", sentence)) {
      static const RE2 amount(
          "(?:当|あ)たり\\s*((?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:万\\d*)?|[一二三四五六七八九十百千万]+"
          ")\\s*円");
      re2::StringPiece m;
      if (RE2::PartialMatch(sentence, amount, &m)) {
        if (auto yen = ParseNumber(m)) {
          inc->compensation_jpy_per_person = *yen;
          const size_t at = static_cast<size_t>(m.data() - text.view().data());
          inc->evidence.push_back({"compensation_jpy_per_person", text.ToSpan(at, at + m.size())});
        }
      }
    }
  }
  if (!inc->cause && clause) {
    inc->cause = std::string(utf8::Prefix(utf8::Trim(text.Text(*clause)), 600));
    inc->evidence.push_back({"cause", text.ToSpan(clause->begin, clause->end)});
    model::AddDoubt(inc, "cause", "a sentence that gives a reason without naming it the cause");
  }
}

void ExtractSourceUrls(const ArticleText& text, model::Incident* inc) {
  // The block of link-only lines right after the title: the sources the item was written from.
  static const RE2 link(
      "^\\s*(?:<\\s*(https?://[^\\s>]+)\\s*>|\\[[^\\]]*\\]\\((https?://[^\\s)]+)\\)|(https?://"
      "\\S+))\\s*$");
  const auto& lines = text.lines();
  for (size_t k = 1; k < lines.size(); ++k) {
    const std::string_view line = text.Text(lines[k]);
    if (utf8::IsBlank(line)) continue;
    re2::StringPiece a, b, c;
    if (!RE2::FullMatch(line, link, &a, &b, &c)) break;
    const re2::StringPiece url = !a.empty() ? a : !b.empty() ? b : c;
    const size_t at = static_cast<size_t>(url.data() - text.view().data());
    inc->source_urls.emplace_back(url.data(), url.size());
    inc->evidence.push_back({"source_urls", text.ToSpan(at, at + url.size())});
    if (inc->source_urls.size() >= 20) break;
  }
}

}  // namespace jikenbo::extract
