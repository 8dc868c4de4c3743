#include "segment/segment.h"

#include <fmt/format.h>

#include <optional>

#include "base/deadline.h"
#include "base/utf8.h"
#include "segment/rules.h"
#include "segment/words.h"

namespace jikenbo::segment {
namespace {

// Line text prepared for rule matching: trimmed, Markdown heading and bold marks removed.
std::string_view StripMarkup(std::string_view line) {
  line = utf8::Trim(line);
  size_t hashes = 0;
  while (hashes < line.size() && line[hashes] == '#') ++hashes;
  if (hashes > 0 && hashes <= 6 && (hashes == line.size() || line[hashes] == ' ')) {
    line = utf8::Trim(line.substr(hashes));
  }
  if (line.size() >= 4 && line.substr(0, 2) == "**" && line.substr(line.size() - 2) == "**") {
    line = utf8::Trim(line.substr(2, line.size() - 4));
  }
  return line;
}

struct Start {
  size_t line = 0;
  std::string rule;
  std::optional<std::string> source_ref;
};

class Splitter {
 public:
  Splitter(const Segmenter::Impl& impl, const normalize::NormalizedText& text)
      : impl_(impl), t_(text), blank_(text.line_count()) {
    for (size_t i = 0; i < blank_.size(); ++i) blank_[i] = utf8::IsBlank(t_.Line(i));
  }

  Result<Segmentation> Run() {
    std::vector<Start> starts;
    for (size_t i = 0; i < blank_.size(); ++i) {
      CheckDeadline();
      if (blank_[i]) continue;
      if (auto s = MatchStart(i); s && (s->rule == "casebook" || StandsAlone(i, s->rule))) {
        starts.push_back(std::move(*s));
      } else if (IsPostTitle(i)) {
        starts.push_back({i, "post", std::nullopt});
      }
      if (starts.size() > impl_.options.max_articles) {
        return Status::InvalidInput(
            fmt::format("more than {} articles in one document", impl_.options.max_articles),
            fmt::format("line {}", i + 1));
      }
    }
    Segmentation out;
    const size_t first_text = FirstNonBlank(0, blank_.size());
    if (first_text == blank_.size()) return out;
    // A page's chrome (site name, menu, a skip link, a date) before the first post
    // title holds no sentence: it is the head of that post, not an article of its own.
    if (!starts.empty() && starts.front().rule == "post" && starts.front().line != first_text &&
        !HasSentence(Slice(first_text, starts.front().line))) {
      starts.erase(starts.begin());
    }
    // A lone item heading (●情報漏えいの概要) under a lead that already tells a story in
    // sentences (「架空大学は8月6日、…を公表した。」, 80 characters or more; a list's short
    // preamble such as 「この一覧は毎週更新しています。」 is front matter) heads a section of that
    // one article, not a digest's item: the page is one article.
    if (starts.size() == 1 && starts.front().rule == "headline" &&
        starts.front().line != first_text && !LooksLikeTitle(first_text)) {
      const std::string_view lead = Slice(first_text, starts.front().line);
      if (HasSentence(lead) && utf8::CountCodePoints(lead) >= 80) starts.clear();
    }
    // A page with no recognised start is one article. Text before the first start is an
    // article of its own if it opens like one (a title line), else the page's front matter.
    if (starts.empty()) {
      starts.push_back({first_text, "document", std::nullopt});
    } else if (starts.front().line != first_text) {
      if (LooksLikeTitle(first_text) || StampOverTitle(first_text, starts.front().line)) {
        starts.insert(starts.begin(), Start{first_text, "document", std::nullopt});
      } else {
        out.front_matter = std::string(Slice(first_text, starts.front().line));
      }
    }
    for (size_t k = 0; k < starts.size(); ++k) {
      const size_t end = k + 1 < starts.size() ? starts[k + 1].line : blank_.size();
      out.articles.push_back(MakeArticle(starts[k], end, static_cast<uint32_t>(k)));
    }
    return out;
  }

 private:
  bool Matches(const Rule& rule, size_t i) const {
    return RE2::PartialMatch(StripMarkup(t_.NfkcLine(i)), *rule.re) ||
           RE2::PartialMatch(StripMarkup(t_.Line(i)), *rule.re);
  }

  std::optional<Start> MatchStart(size_t i) const {
    const std::string_view head = StripMarkup(t_.NfkcLine(i));
    for (const Rule& rule : impl_.start) {
      std::string ref;
      const bool hit = rule.re->NumberOfCapturingGroups() > 0
                           ? RE2::PartialMatch(head, *rule.re, &ref)
                           : RE2::PartialMatch(head, *rule.re);
      if (!hit) continue;
      Start s{i, rule.name, std::nullopt};
      if (!ref.empty()) s.source_ref = ref;
      return s;
    }
    return std::nullopt;
  }

  // A date stamp on its own line (2031年8月20日(火)) over a title line: a news page's story, which
  // the page's footer below (a start of its own) must not leave as front matter.
  bool StampOverTitle(size_t first, size_t before) const {
    const std::string_view head = utf8::Trim(StripMarkup(t_.NfkcLine(first)));
    if (Letters(head) > 1 || head.find_first_of("0123456789") == std::string_view::npos)
      return false;
    const size_t next = FirstNonBlank(first + 1, before);
    return next < before && LooksLikeTitle(next);
  }

  // Characters that are not digits, date words or punctuation.
  static size_t Letters(std::string_view head) {
    size_t letters = 0;
    for (size_t k = 0; k < head.size();) {
      const utf8::Decoded d = utf8::Next(head, k);
      k += d.len;
      const bool dateish = (d.cp >= '0' && d.cp <= '9') || d.cp == U'年' || d.cp == U'月' ||
                           d.cp == U'日' || d.cp == U'時' || d.cp == U'分' || d.cp == U'曜';
      if (!dateish && (utf8::IsCjk(d.cp) || utf8::IsAsciiAlnum(d.cp))) ++letters;
    }
    return letters;
  }

  bool MatchesNotTitle(size_t i, std::initializer_list<std::string_view> names) const {
    for (const Rule& rule : impl_.not_title) {
      if (std::find(names.begin(), names.end(), rule.name) != names.end() && Matches(rule, i))
        return true;
    }
    return false;
  }

  // A headline: a title's shape, words enough (no site name, no date stamp), no sentence in
  // it and no sentence cut off (…には, …が).
  bool IsHeadline(size_t i) const {
    if (!LooksLikeTitle(i)) return false;
    const std::string_view head = utf8::Trim(StripMarkup(t_.NfkcLine(i)));
    if (head.find("\u3002") != std::string_view::npos) return false;
    for (std::string_view tail : {"は", "が", "を", "に", "、", ",", "の", "で"}) {
      if (head.size() >= tail.size() && head.substr(head.size() - tail.size()) == tail)
        return false;
    }
    if (Letters(head) < 6) return false;
    size_t parts = 0;
    for (const Term& t : TitleTerms(head)) parts += t.parts.size();
    return parts >= impl_.tuning.title_min_words;
  }

  // Shape alone: length and no not_title rule.
  bool LooksLikeTitle(size_t i) const {
    const size_t chars = utf8::CountCodePoints(StripMarkup(t_.NfkcLine(i)));
    if (chars < impl_.tuning.title_min_chars || chars > impl_.tuning.title_max_chars) return false;
    for (const Rule& rule : impl_.not_title) {
      if (Matches(rule, i)) return false;
    }
    return true;
  }

  bool IsPostTitle(size_t i) const {
    const Tuning& tu = impl_.tuning;
    if (i > 0 && !blank_[i - 1]) return false;
    size_t after = 0;
    while (i + 1 + after < blank_.size() && blank_[i + 1 + after]) ++after;
    if (after < tu.title_blank_after || i + 1 + after >= blank_.size()) return false;
    if (!LooksLikeTitle(i)) return false;
    const std::string_view head = StripMarkup(t_.NfkcLine(i));
    if (HiraganaShare(WithoutPhrases(head)) > tu.title_max_hiragana) return false;
    const std::vector<Term> words = TitleTerms(head);
    size_t parts = 0;
    for (const Term& t : words) parts += t.parts.size();
    if (parts < tu.title_min_words) return false;
    const std::string_view nfkc = t_.nfkc();
    const uint64_t line_begin = t_.nfkc_line_starts()[i];
    const uint64_t next_begin = t_.nfkc_line_starts()[i + 1 + after];
    const double forward = Overlap(words, WindowAfter(nfkc, next_begin, tu.window_chars));
    const double backward = Overlap(words, WindowBefore(nfkc, line_begin, tu.window_chars));
    return forward >= tu.overlap_min && forward - backward >= tu.overlap_margin;
  }

  std::string WithoutPhrases(std::string_view head) const {
    std::string out(head);
    for (const std::string& phrase : impl_.title_phrases) {
      for (size_t p = out.find(phrase); p != std::string::npos; p = out.find(phrase, p)) {
        out.erase(p, phrase.size());
      }
    }
    return out;
  }

  // A headline (●) opens a paragraph: the line before it is blank or ends a sentence, and no
  // line next to it starts the same way (consecutive ● lines are a list inside a notice).
  bool StandsAlone(size_t i, const std::string& rule) const {
    auto same = [&](size_t k) {
      if (blank_[k]) return false;
      auto s = MatchStart(k);
      return s && s->rule == rule;
    };
    if (i > 0 && !blank_[i - 1]) {
      if (same(i - 1)) return false;
      const std::string_view prev = utf8::Trim(t_.NfkcLine(i - 1));
      if (!EndsSentence(prev)) return false;
    }
    return i + 1 >= blank_.size() || !same(i + 1);
  }

  static bool EndsSentence(std::string_view line) {
    for (std::string_view end : {"\u3002", ".", "!", "?", "\uFF09", ")", "\u300D"}) {
      if (line.size() >= end.size() && line.substr(line.size() - end.size()) == end) return true;
    }
    return false;
  }

  static bool HasSentence(std::string_view text) {
    return text.find("\u3002") != std::string_view::npos ||  // 。
           text.find(". ") != std::string_view::npos || text.find(".\n") != std::string_view::npos;
  }

  size_t FirstNonBlank(size_t from, size_t to) const {
    while (from < to && blank_[from]) ++from;
    return from;
  }

  // Text offsets [begin, end) of lines [first, last_exclusive) without trailing blank lines.
  std::pair<uint64_t, uint64_t> Range(size_t first, size_t end_line) const {
    size_t last = end_line;
    while (last > first && blank_[last - 1]) --last;
    const uint64_t begin = t_.line_starts()[first];
    if (last == first) return {begin, begin};
    return {begin, t_.line_starts()[last - 1] + t_.Line(last - 1).size()};
  }

  std::string_view Slice(size_t first, size_t end_line) const {
    auto [b, e] = Range(first, end_line);
    return std::string_view(t_.text()).substr(b, e - b);
  }

  static constexpr size_t kMaxTitleBytes = 600;  // 200 Japanese characters

  std::string Title(const Start& s) const {
    std::string title(StripMarkup(t_.NfkcLine(s.line)));
    for (const Rule& rule : impl_.strip) {
      if (rule.name == s.rule) RE2::Replace(&title, *rule.re, "");
    }
    title = std::string(utf8::Trim(title));
    if (title.empty()) title = std::string(StripMarkup(t_.NfkcLine(s.line)));
    // A first line of a megabyte is no headline: lists, pages and digests show its start.
    if (title.size() > kMaxTitleBytes)
      title = std::string(utf8::Prefix(title, kMaxTitleBytes)) + "…";
    return title;
  }

  model::Article MakeArticle(const Start& s, size_t end_line, uint32_t ordinal) const {
    model::Article a;
    auto [b, e] = Range(s.line, end_line);
    a.ordinal = ordinal;
    a.start_rule = s.rule;
    a.title = Title(s);
    a.text = t_.text().substr(b, e - b);
    a.line = static_cast<uint32_t>(s.line + 1);
    a.end_line = t_.LineOf(e == b ? b : e - 1);
    a.source_begin = t_.text_to_source().ToOrigin(b);
    a.source_end = t_.text_to_source().ToOriginEnd(e, UINT64_MAX);
    a.source_map = t_.text_to_source().Slice(b, e);
    // A page without a title line (a news article, a blog page) is titled by its headline: the
    // first line near the top that looks like one, not an opening sentence or a date stamp.
    size_t title_line = s.line;
    if (s.rule == "document" && !IsHeadline(s.line)) {
      // Above the body only: the search stops at the first sentence. Without a headline, the
      // first line that is no stamp or page chrome gives its first sentence.
      std::optional<size_t> first_text;
      for (size_t k = s.line; k < std::min(end_line, s.line + 10); ++k) {
        if (blank_[k] || MatchesNotTitle(k, {"chrome", "stamp"})) continue;
        if (IsHeadline(k)) {
          title_line = k;
          a.title = Title(Start{k, s.rule, std::nullopt});
          first_text.reset();
          break;
        }
        if (!first_text && Letters(utf8::Trim(StripMarkup(t_.NfkcLine(k)))) >= 12 &&
            !MatchesNotTitle(k, {"stamp", "chrome", "dateline", "link", "breadcrumb"})) {
          first_text = k;
        }
        if (t_.NfkcLine(k).find("\u3002") != std::string_view::npos) break;
      }
      if (first_text) {
        title_line = *first_text;
        std::string head(utf8::Trim(StripMarkup(t_.NfkcLine(*first_text))));
        if (const size_t stop = head.find("\u3002"); stop != std::string::npos) head.resize(stop);
        if (head.size() > kMaxTitleBytes)
          head = std::string(utf8::Prefix(head, kMaxTitleBytes)) + "…";
        a.title = head;
      }
    }
    const std::string_view first_line = t_.Line(title_line);
    const std::string_view trimmed = utf8::Trim(first_line);
    const size_t line_offset = t_.line_starts()[title_line] - b;
    a.title_span.begin = static_cast<uint32_t>(line_offset + (trimmed.data() - first_line.data()));
    a.title_span.end = static_cast<uint32_t>(a.title_span.begin + trimmed.size());
    a.incident.source_ref = s.source_ref;
    return a;
  }

  const Segmenter::Impl& impl_;
  const normalize::NormalizedText& t_;
  std::vector<bool> blank_;
};

}  // namespace

Result<Segmenter> Segmenter::Create(const RuleSource& rules, Options options) {
  auto impl = std::make_shared<Impl>();
  impl->options = options;
  JK_RETURN_IF_ERROR(ParseRules(rules, impl.get()));
  return Segmenter(std::move(impl));
}

Result<Segmentation> Segmenter::Split(const normalize::NormalizedText& text) const {
  return Splitter(*impl_, text).Run();
}

}  // namespace jikenbo::segment
