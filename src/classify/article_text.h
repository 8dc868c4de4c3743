// The NFKC view of one article that classify/ and extract/ match on, with sentence and line
// boundaries, and the conversion of view offsets back to evidence spans in Article::text.
// Immutable after construction; cheap to share by const reference.
#pragma once

#include <re2/re2.h>
#include <re2/set.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "base/offset_map.h"
#include "base/status.h"
#include "model/document.h"

namespace jikenbo::classify {

struct Piece {
  size_t begin = 0;  // offsets into ArticleText::view()
  size_t end = 0;
};

class ArticleText {
 public:
  explicit ArticleText(const model::Article& article);

  const model::Article& article() const { return article_; }
  std::string_view view() const { return view_; }
  std::string_view Text(Piece p) const { return view().substr(p.begin, p.end - p.begin); }
  // Evidence span in Article::text for view offsets [begin, end).
  model::Span ToSpan(size_t begin, size_t end) const;
  // Sentences end at 。！？ or a line end, or are cut after kMaxSentenceBytes; lines at '\n'.
  // Both cover the view in order.
  static constexpr size_t kMaxSentenceBytes = 4096;
  const std::vector<Piece>& sentences() const { return sentences_; }
  const std::vector<Piece>& lines() const { return lines_; }
  size_t SentenceIndex(size_t offset) const;
  size_t LineIndex(size_t offset) const;
  Piece title_line() const { return lines_.empty() ? Piece{} : lines_.front(); }
  // Whether the first line is a title: a casebook header, or a line without a sentence end (。)
  // of title length — not the opening sentence of a page that has no title.
  bool TitleIsHeading() const;
  // Where the body starts: after the title line, or at the start when the first line is no title
  // (a news article on one line has its facts there).
  size_t body_begin() const { return TitleIsHeading() ? title_line().end : title_line().begin; }

 private:
  const model::Article& article_;
  std::string view_;
  OffsetMap to_text_;
  size_t skipped_ = 0;  // bytes of the article's text before what to_text_ maps to (a BOM)
  std::vector<Piece> sentences_;
  std::vector<Piece> lines_;
};

// A compiled RE2 pattern from a rules file. Patterns match the NFKC view.
struct Pattern {
  std::string label;  // the rule's first field (kind, type, item, ...)
  double weight = 1;
  std::unique_ptr<const RE2> re;
  std::string where;  // file:line
};

// Patterns of one rules file or role, also compiled into one RE2::Set so that a single scan of
// the text tells which of them match (most patterns match few articles). Move-only.
class PatternSet {
 public:
  // Compiles and adds one pattern; errors name `where`.
  Status Add(std::string label, double weight, const std::string& pattern,
             const std::string& where);
  // REQUIRES: called once, after the last Add().
  Status Compile();
  const std::vector<Pattern>& patterns() const { return patterns_; }
  bool empty() const { return patterns_.empty(); }
  // Indices of the patterns that match somewhere in text, ascending.
  std::vector<int> Matching(std::string_view text) const;
  bool Any(std::string_view text) const;

 private:
  std::vector<Pattern> patterns_;
  std::unique_ptr<RE2::Set> set_;
};

// Compiles pattern text (bounded memory, no logging); errors name `where`.
Result<std::unique_ptr<const RE2>> CompilePattern(const std::string& pattern,
                                                  const std::string& where);

// Every non-overlapping match of re in text[from, to), as view offsets. Empty matches are skipped.
std::vector<Piece> FindAll(const RE2& re, std::string_view text, size_t from = 0,
                           size_t to = std::string_view::npos);

}  // namespace jikenbo::classify
