// Full-text search over Japanese and English with SQLite FTS5's unicode61 tokenizer. Japanese has
// no spaces, so each run of kanji/kana is indexed as overlapping character pairs followed by its
// last character ("個人情報" -> "個人 人情 情報 報"): a query of two or more characters becomes
// a phrase of pairs, a one-character query a prefix query. Latin words pass through unchanged.
// Pure functions (store-internal).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace jikenbo::store {

// Index form of an NFKC text.
std::string IndexText(std::string_view nfkc);

// FTS5 MATCH expression for a user query (any text; NFKC applied here). Empty when the query
// holds nothing searchable. Every term must match (AND).
std::string MatchExpression(std::string_view query);

// The query's searchable terms in NFKC, lower-cased ASCII: used to build snippets.
std::vector<std::string> QueryTerms(std::string_view query);

// The tokens FTS5's unicode61 tokenizer (remove_diacritics 0) makes of a text: runs of letters,
// numbers and private-use characters, case-folded. Applied to IndexText() output and to the
// phrases of a query, it lets another backend match and rank exactly as FTS5 does.
std::vector<std::string> Tokens(std::string_view text);

// A term of MatchExpression() as FTS5 reads it: consecutive tokens, the last one a prefix when
// `prefix` (a one-character Japanese query).
struct Phrase {
  std::vector<std::string> tokens;
  bool prefix = false;
};
std::vector<Phrase> QueryPhrases(std::string_view query);

// How many times the phrase occurs in a token sequence (every start position that matches).
size_t CountPhrase(const std::vector<std::string>& tokens, const Phrase& phrase);

}  // namespace jikenbo::store
