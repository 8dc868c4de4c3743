// Topic words for the post-title heuristic (segment-internal). A title's terms are its runs of
// kanji, its runs of katakana and its Latin words; hiragana, digits and punctuation are ignored.
// A kanji or katakana term is compared by its overlapping character pairs, so 誤認逮捕 partly
// matches 逮捕; a Latin word is compared whole and case-insensitively.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jikenbo::segment {

struct Term {
  std::vector<std::string> parts;  // character pairs, or the single lower-cased Latin word
};

// Distinct terms of a (NFKC) title with at least one part, in first-seen order.
std::vector<Term> TitleTerms(std::string_view title);

// Mean over terms of the share of each term's parts found in window (0 when terms is empty).
double Overlap(const std::vector<Term>& terms, std::string_view window);

// Share of hiragana among the non-space code points of text (0 for an empty text).
double HiraganaShare(std::string_view text);

// Up to max_chars code points of text starting at / ending before offset (views into text).
std::string_view WindowAfter(std::string_view text, size_t offset, size_t max_chars);
std::string_view WindowBefore(std::string_view text, size_t offset, size_t max_chars);

}  // namespace jikenbo::segment
