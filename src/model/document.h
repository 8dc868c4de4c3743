// A source document (the archived original) and the articles segmented from it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "base/offset_map.h"
#include "model/incident.h"
#include "model/span.h"

namespace jikenbo::model {

struct Document {
  std::string path;          // as given to ingest ("-" for standard input); feed items path#N
  std::string sha256;        // hex digest of bytes: the archive key
  std::string bytes;         // original bytes, never modified
  std::string content_type;  // "text/plain", "text/markdown", "text/html", "application/pdf", ...
  std::string encoding;      // of the bytes: "UTF-8", "Shift_JIS", "EUC-JP", ... ("" for PDF)
  std::string front_matter;  // text before the first article that is no article
  // The decoded text the articles were cut from, when it is not the bytes themselves (HTML, PDF,
  // e-mail, feed items, text in other encodings); empty for UTF-8 text and Markdown.
  std::string text;
  std::string title;       // from the page, PDF, mail or feed item; "" if none
  std::string published;   // publication date as the source states it; "" if none
  std::string url;         // where it came from, when fetched or stated by a feed
  std::string fetched_at;  // ISO 8601 UTC, when fetched
};

// How an article's start was recognised (rules/segment.rules).
struct Article {
  uint32_t ordinal = 0;    // 0-based position in its document
  std::string start_rule;  // casebook | headline | post | document
  std::string title;       // display title (markers such as ● and # removed)
  std::string text;        // the article's text: valid UTF-8, original characters
  uint32_t line = 0;       // 1-based line of the first line in the source document
  uint32_t end_line = 0;   // 1-based last non-blank line
  // Offsets into Document::text when it is set, else into Document::bytes.
  uint64_t source_begin = 0;  // byte offset of text[0]
  uint64_t source_end = 0;    // byte offset just past the article
  OffsetMap source_map;       // article offset -> offset from source_begin (identity if empty)
  Span title_span;            // where the title sits in text
  Incident incident;
  bool operator==(const Article& o) const {
    return ordinal == o.ordinal && title == o.title && text == o.text && line == o.line;
  }
};

}  // namespace jikenbo::model
