// Evidence spans: byte offsets into an article's text.
#pragma once

#include <cstdint>
#include <string>

namespace jikenbo::model {

struct Span {
  uint32_t begin = 0;  // byte offset into Article::text, inclusive
  uint32_t end = 0;    // exclusive
  bool operator==(const Span&) const = default;
  bool empty() const { return end <= begin; }
};

// A value with the text that justifies it.
struct Evidence {
  std::string field;  // "title", "announce_date", ...
  Span span;
  bool operator==(const Evidence&) const = default;
};

}  // namespace jikenbo::model
