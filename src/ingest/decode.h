// Decoding what users hand over into UTF-8 text with structure: character encodings (ICU), HTML
// (gumbo), PDF (poppler), RSS/Atom feeds (libxml2) and e-mail (RFC 5322 + MIME). Pure: bytes in,
// text out, no I/O; thread-safe. Every function bounds its work on hostile input and reports
// problems as warnings (decodable) or a Status naming the problem (not decodable).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/status.h"
#include "normalize/normalize.h"

namespace jikenbo::ingest {

using normalize::Warning;

// ---- character encodings ----------------------------------------------------------------------

struct TextBytes {
  std::string utf8;
  std::string
      encoding;     // "UTF-8", "UTF-16LE", "UTF-16BE", "Shift_JIS", "EUC-JP", "ISO-2022-JP", ...
  std::string how;  // "bom", "declared" or "detected"
  std::vector<Warning> warnings;  // undecodable bytes (each became U+FFFD), a contradicted label
};

// Converts bytes to UTF-8. A byte-order mark wins; then `declared` (a charset label from an HTTP
// header, <meta>, an XML declaration or MIME) when the bytes decode under it without error; else
// the best of UTF-8, Shift_JIS (CP932, with the NEC and IBM extensions such as ① and ㈱), EUC-JP,
// ISO-2022-JP and BOM-less UTF-16 for these bytes. Never fails: what cannot be decoded becomes
// U+FFFD with a warning naming its byte offset (warnings after the 20th are summarised).
TextBytes ToUtf8(std::string_view bytes, std::string_view declared = {});

// Opens and closes a converter for every encoding ToUtf8 knows, so that ICU loads its converter
// data now, on the calling thread, rather than lazily in the first analysis threads (behind a
// once-flag ThreadSanitizer cannot see). LoadPipeline calls it.
void PreloadConverters();

// UTF-16 by its byte-order mark, or BOM-less with NUL bytes on one parity (such bytes are text,
// not binary).
bool LooksLikeUtf16(std::string_view bytes);

// The charset parameter of a content type ("text/html; charset=EUC-JP" -> "EUC-JP"), or "".
std::string HttpCharset(std::string_view content_type);

// The charset an HTML <meta> or XML declaration in the first 4 KiB declares, if any.
std::optional<std::string> DeclaredCharset(std::string_view bytes);

// The canonical name of a charset label ("sjis" -> "Shift_JIS"), or nullopt if ICU knows none.
std::optional<std::string> CanonicalCharset(std::string_view label);

// ---- formats -----------------------------------------------------------------------------------

// The lower-case extension of the last path component, with its dot (".pdf"), or "".
std::string FileExtension(std::string_view path);

enum class Format { kText, kMarkdown, kHtml, kPdf, kFeed, kEmail };
const char* FormatName(Format f);   // "text", "markdown", "html", "pdf", "feed", "email"
const char* ContentType(Format f);  // "text/plain", "text/html", "application/pdf", ...

// What is known about the bytes besides themselves.
struct SourceInfo {
  std::string path;          // file path or URL, for messages and the file extension
  std::string url;           // the page's address when fetched (base for relative links)
  std::string content_type;  // from HTTP, if any ("text/html; charset=Shift_JIS")
};

// The format of the bytes: a declared content type first, then the content (%PDF-, <rss, <feed,
// <html, mail headers), then the file extension.
Format Sniff(std::string_view bytes, const SourceInfo& source);

// One document's text, ready for normalize and segment.
struct DecodedDoc {
  std::string text;  // UTF-8; lines and blank lines carry the structure (headings, paragraphs)
  Format format = Format::kText;
  std::string encoding;  // of the bytes ("" for PDF)
  std::string encoding_how;
  std::string title;               // from <title>, PDF info, the Subject, the feed item
  std::string published;           // as found (<time datetime>, meta tags, Date:, pubDate), else ""
  std::string url;                 // canonical address of the document, if known
  std::vector<std::string> links;  // absolute URLs of links in the main text, in order
  std::vector<Warning> warnings;
  std::string item_bytes;  // feed items: the item's own bytes, archived in place of the feed
  std::string item_id;     // feed items: guid (RSS) or id (Atom), if any
};

struct DecodeOptions {
  size_t max_html_depth = 2'000;  // deeper nesting is refused (hostile HTML)
  size_t max_feed_items = 10'000;
  size_t max_mime_parts = 1'000;
  size_t max_mime_depth = 16;
};

// Decodes bytes of any supported format. A feed gives one document per item; everything else
// one. Errors: Unsupported (encrypted PDF, scanned PDF without text), InvalidInput (truncated
// PDF, a feed that is not XML, broken MIME, nesting too deep), each naming source.path.
Result<std::vector<DecodedDoc>> Decode(std::string_view bytes, const SourceInfo& source,
                                       const DecodeOptions& options = {});

// The format-specific steps, for tests and for feeds that carry HTML.
Result<DecodedDoc> DecodeHtml(std::string_view utf8, const std::string& base_url,
                              const DecodeOptions& options = {});
Result<DecodedDoc> DecodePdf(std::string_view bytes);
Result<DecodedDoc> DecodeEmail(std::string_view bytes, const DecodeOptions& options = {});
Result<std::vector<DecodedDoc>> DecodeFeed(std::string_view bytes,
                                           const DecodeOptions& options = {});

// `ref` resolved against `base` (RFC 3986, enough for links in pages: absolute, scheme-relative,
// root-relative, relative with ./ and ../). Returns "" for javascript:, data: and the like.
std::string ResolveUrl(const std::string& base, const std::string& ref);

}  // namespace jikenbo::ingest
