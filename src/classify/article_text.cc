#include "classify/article_text.h"

#include <algorithm>

#include "base/deadline.h"
#include "base/utf8.h"
#include "normalize/normalize.h"

namespace jikenbo::classify {

// Does the sentence that began at `from` go on past the line break at `nl`? Hard-wrapped text
// (mail, news digests) breaks lines inside sentences: a line that ends with 、 or a particle
// (を が は に で の) and is followed by text cannot end a sentence. A blank line, or a next line
// that opens a list item or a heading, still does.
static bool WrappedAt(std::string_view v, size_t from, size_t nl) {
  if (nl <= from || nl + 1 >= v.size() || nl - from >= ArticleText::kMaxSentenceBytes) {
    return false;
  }
  const size_t last = utf8::Prev(v, nl);
  const std::string_view tail = v.substr(last, nl - last);
  static constexpr std::string_view kGoesOn[] = {"、", "を", "が", "は", "に", "で", "の"};
  if (std::find(std::begin(kGoesOn), std::end(kGoesOn), tail) == std::end(kGoesOn)) return false;
  const char32_t next = utf8::Next(v, nl + 1).cp;
  // Text goes on: a CJK character or a digit, not a blank, a bullet, a bracket or a mark.
  return utf8::IsCjk(next) || (next >= '0' && next <= '9');
}

ArticleText::ArticleText(const model::Article& article) : article_(article) {
  auto norm = normalize::Normalize(article.text);
  if (norm.ok()) {
    view_ = norm->nfkc();
    to_text_ = norm->nfkc_to_text();
    // Normalize drops a leading U+FEFF (a byte-order mark); an article may still start with one
    // (a file concatenated into another, &#xFEFF; in HTML): spans count it.
    if (article.text.rfind("\xEF\xBB\xBF", 0) == 0) skipped_ = 3;
  } else {
    view_ = article.text;  // unreachable in practice: text is valid UTF-8
  }
  size_t line_start = 0;
  size_t sentence_start = 0;
  for (size_t i = 0; i <= view_.size(); ++i) {
    const bool end = i == view_.size();
    const bool nl = !end && view_[i] == '\n';
    if (end || nl) {
      CheckDeadline();
      lines_.push_back({line_start, i});
      if (nl && WrappedAt(view_, sentence_start, i)) {
        line_start = i + 1;  // a hard-wrapped sentence goes on on the next line
        continue;
      }
      if (i > sentence_start) sentences_.push_back({sentence_start, i});
      line_start = sentence_start = i + 1;
      continue;
    }
    // A "sentence" of 4 KiB with no full stop is no sentence (a dump, a table flattened into
    // one line): cut it at a character boundary, so that work per match done on a sentence
    // (cue context, dates near an authority) stays bounded and an article stays linear.
    if (i - sentence_start >= kMaxSentenceBytes &&
        (static_cast<unsigned char>(view_[i]) & 0xC0) != 0x80) {
      sentences_.push_back({sentence_start, i});
      sentence_start = i;
    }
    // 。 ！ ？ (NFKC keeps 。; full-width !? become ASCII)
    const std::string_view rest = std::string_view(view_).substr(i);
    size_t stop = 0;
    if (rest.substr(0, 3) == "。")
      stop = 3;
    else if (view_[i] == '!' || view_[i] == '?')
      stop = 1;
    else if (view_[i] == '.' && i + 2 < view_.size() && view_[i + 1] == ' ' &&
             view_[i + 2] >= 'A' && view_[i + 2] <= 'Z' && i > 0 && view_[i - 1] >= 'a' &&
             view_[i - 1] <= 'z') {
      stop = 1;  // an English sentence: "… servers. The …" (not "Ltd. (" or "e.g. x")
    }
    if (stop > 0) {
      sentences_.push_back({sentence_start, i + stop});
      sentence_start = i + stop;
      i += stop - 1;
    }
  }
}

model::Span ArticleText::ToSpan(size_t begin, size_t end) const {
  const uint64_t b = skipped_ + to_text_.ToOrigin(begin);
  const uint64_t e = skipped_ + to_text_.ToOriginEnd(end, article_.text.size() - skipped_);
  return {static_cast<uint32_t>(b), static_cast<uint32_t>(std::max(b, e))};
}

static size_t IndexOf(const std::vector<Piece>& pieces, size_t offset) {
  auto it = std::upper_bound(pieces.begin(), pieces.end(), offset,
                             [](size_t o, const Piece& p) { return o < p.begin; });
  return it == pieces.begin() ? 0 : static_cast<size_t>(it - pieces.begin() - 1);
}

size_t ArticleText::SentenceIndex(size_t offset) const { return IndexOf(sentences_, offset); }
size_t ArticleText::LineIndex(size_t offset) const { return IndexOf(lines_, offset); }

bool ArticleText::TitleIsHeading() const {
  if (article_.start_rule == "casebook") return true;
  const std::string_view title = utf8::Trim(Text(title_line()));
  // An English opening sentence ends with a full stop; a headline does not.
  const bool sentence = title.ends_with(".") && utf8::CountCodePoints(title) > 60;
  return title.find("\u3002") == std::string_view::npos && utf8::CountCodePoints(title) <= 120 &&
         !sentence;
}

Result<std::unique_ptr<const RE2>> CompilePattern(const std::string& pattern,
                                                  const std::string& where) {
  RE2::Options opts;
  opts.set_log_errors(false);
  opts.set_max_mem(8 << 20);
  auto re = std::make_unique<const RE2>("(" + pattern + ")", opts);
  if (!re->ok()) return Status::InvalidInput("bad pattern: " + re->error(), where);
  return re;
}

Status PatternSet::Add(std::string label, double weight, const std::string& pattern,
                       const std::string& where) {
  JK_ASSIGN_OR_RETURN(auto re, CompilePattern(pattern, where));
  if (!set_) {
    RE2::Options opts;
    opts.set_log_errors(false);
    opts.set_max_mem(64 << 20);
    set_ = std::make_unique<RE2::Set>(opts, RE2::UNANCHORED);
  }
  std::string error;
  if (set_->Add(pattern, &error) < 0) return Status::InvalidInput("bad pattern: " + error, where);
  patterns_.push_back({std::move(label), weight, std::move(re), where});
  return Status::Ok();
}

Status PatternSet::Compile() {
  if (set_ && !set_->Compile()) return Status::InvalidInput("pattern set too large for memory");
  return Status::Ok();
}

std::vector<int> PatternSet::Matching(std::string_view text) const {
  std::vector<int> hits;
  if (!set_) return hits;
  RE2::Set::ErrorInfo info;
  if (!set_->Match(text, &hits, &info) && info.kind == RE2::Set::kOutOfMemory) {
    // The set's DFA ran out of its memory budget on this text: answer pattern by pattern (each
    // RE2 falls back to its NFA), never silently with no match.
    hits.clear();
    const re2::StringPiece piece(text.data(), text.size());
    for (size_t i = 0; i < patterns_.size(); ++i) {
      if (RE2::PartialMatch(piece, *patterns_[i].re)) hits.push_back(static_cast<int>(i));
    }
  }
  std::sort(hits.begin(), hits.end());
  return hits;
}

bool PatternSet::Any(std::string_view text) const { return set_ && set_->Match(text, nullptr); }

std::vector<Piece> FindAll(const RE2& re, std::string_view text, size_t from, size_t to) {
  std::vector<Piece> out;
  to = std::min(to, text.size());
  if (from >= to) return out;
  // Asking only for the whole match ($0) lets RE2 find it with its DFAs, without the slower
  // submatch engines. Each search starts where the last match ended, as the start of the text.
  re2::StringPiece input(text.data() + from, to - from);
  re2::StringPiece m;
  while (!input.empty() && re.Match(input, 0, input.size(), RE2::UNANCHORED, &m, 1)) {
    const size_t end = static_cast<size_t>(m.data() - input.data()) + m.size();
    if (m.empty()) {  // an empty match: step one byte so the loop ends
      input.remove_prefix(end < input.size() ? end + 1 : input.size());
      continue;
    }
    out.push_back({static_cast<size_t>(m.data() - text.data()),
                   static_cast<size_t>(m.data() - text.data() + m.size())});
    input.remove_prefix(end);
    if (out.size() >= 10'000) break;  // hostile input: bounded work
  }
  return out;
}

}  // namespace jikenbo::classify
