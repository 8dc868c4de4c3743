// Search snippets (store-internal): the text around the first match of any query term, on one
// line, with the byte ranges of every match inside it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace jikenbo::store {

// terms: NFKC, lower-case ASCII (QueryTerms()). text: valid UTF-8 article text.
void MakeSnippet(std::string_view text, const std::vector<std::string>& terms, std::string* snippet,
                 std::vector<std::pair<uint32_t, uint32_t>>* highlights, size_t context_chars = 40);

}  // namespace jikenbo::store
