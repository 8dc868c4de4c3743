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

}  // namespace jikenbo::store
