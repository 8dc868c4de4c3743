// Format sniffing and the dispatch from bytes to decoded documents.
#include "ingest/decode.h"

#include <algorithm>
#include <map>
#include <optional>

#include "base/utf8.h"
#include "ingest/fetch.h"

namespace jikenbo::ingest {
namespace {

std::optional<Format> FromContentType(const std::string& content_type) {
  const std::string t =
      utf8::AsciiLower(utf8::Trim(content_type.substr(0, content_type.find(';'))));
  if (t == "text/html" || t == "application/xhtml+xml") return Format::kHtml;
  if (t == "application/pdf") return Format::kPdf;
  if (t == "application/rss+xml" || t == "application/atom+xml" || t == "application/rdf+xml") {
    return Format::kFeed;
  }
  if (t == "message/rfc822") return Format::kEmail;
  if (t == "text/markdown") return Format::kMarkdown;
  return std::nullopt;  // text/plain, text/xml and the like: the content decides
}

// Header fields typical of a mail; two of them at the top of the bytes make an e-mail.
bool LooksLikeMail(std::string_view head) {
  static const char* kFields[] = {
      "from:",        "to:",         "subject:",      "date:",         "received:",
      "return-path:", "message-id:", "mime-version:", "delivered-to:", "content-type:"};
  size_t seen = 0, line_start = 0;
  for (int lines = 0; lines < 40 && line_start < head.size(); ++lines) {
    size_t eol = head.find('\n', line_start);
    if (eol == std::string_view::npos) eol = head.size();
    const std::string_view line = head.substr(line_start, eol - line_start);
    line_start = eol + 1;
    if (utf8::IsBlank(line)) break;
    if (line[0] == ' ' || line[0] == '\t') continue;
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;  // not a header block
    const std::string name = utf8::AsciiLower(line.substr(0, colon + 1));
    for (const char* f : kFields) seen += name == f;
  }
  return seen >= 2;
}

}  // namespace

std::string FileExtension(std::string_view path) {
  const size_t slash = path.find_last_of('/');
  const size_t dot = path.find_last_of('.');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return "";
  return utf8::AsciiLower(path.substr(dot));
}

const char* FormatName(Format f) {
  switch (f) {
    case Format::kText:
      return "text";
    case Format::kMarkdown:
      return "markdown";
    case Format::kHtml:
      return "html";
    case Format::kPdf:
      return "pdf";
    case Format::kFeed:
      return "feed";
    case Format::kEmail:
      return "email";
  }
  return "text";
}

const char* ContentType(Format f) {
  switch (f) {
    case Format::kText:
      return "text/plain";
    case Format::kMarkdown:
      return "text/markdown";
    case Format::kHtml:
      return "text/html";
    case Format::kPdf:
      return "application/pdf";
    case Format::kFeed:
      return "application/rss+xml";
    case Format::kEmail:
      return "message/rfc822";
  }
  return "text/plain";
}

Format Sniff(std::string_view bytes, const SourceInfo& source) {
  if (auto f = FromContentType(source.content_type)) return *f;
  if (bytes.substr(0, 5) == "%PDF-") return Format::kPdf;
  std::string_view head = bytes.substr(0, 2048);
  if (head.substr(0, 3) == "\xEF\xBB\xBF") head.remove_prefix(3);
  const std::string lower = utf8::AsciiLower(head);
  const size_t first = lower.find_first_not_of(" \t\r\n");
  if (first != std::string::npos && lower[first] == '<') {
    if (lower.find("<rss") != std::string::npos || lower.find("<feed") != std::string::npos ||
        lower.find("<rdf:rdf") != std::string::npos) {
      return Format::kFeed;
    }
    if (lower.find("<html") != std::string::npos ||
        lower.find("<!doctype html") != std::string::npos ||
        lower.find("<body") != std::string::npos || lower.find("<head") != std::string::npos) {
      return Format::kHtml;
    }
  }
  // The extension of a URL's path, not of its query ("…/notice.pdf?v=2").
  std::string_view path = source.path;
  if (IsUrl(source.path)) path = path.substr(0, path.find_first_of("?#", path.find("://") + 3));
  const std::string ext = FileExtension(path);
  if (ext == ".eml" || LooksLikeMail(head)) return Format::kEmail;
  if (ext == ".html" || ext == ".htm" || ext == ".xhtml" || ext == ".shtml") return Format::kHtml;
  if (ext == ".pdf") return Format::kPdf;
  if (ext == ".rss" || ext == ".atom" || ext == ".rdf") return Format::kFeed;
  if (ext == ".md" || ext == ".markdown" || ext == ".mdown") return Format::kMarkdown;
  return Format::kText;
}

Result<std::vector<DecodedDoc>> Decode(std::string_view bytes, const SourceInfo& source,
                                       const DecodeOptions& options) {
  const Format format = Sniff(bytes, source);
  const std::string http_charset = HttpCharset(source.content_type);
  std::vector<DecodedDoc> docs;
  switch (format) {
    case Format::kPdf: {
      JK_ASSIGN_OR_RETURN(DecodedDoc d, DecodePdf(bytes));
      docs.push_back(std::move(d));
      break;
    }
    case Format::kFeed: {
      JK_ASSIGN_OR_RETURN(docs, DecodeFeed(bytes, options));
      break;
    }
    case Format::kEmail: {
      JK_ASSIGN_OR_RETURN(DecodedDoc d, DecodeEmail(bytes, options));
      docs.push_back(std::move(d));
      break;
    }
    case Format::kHtml: {
      const std::string declared =
          !http_charset.empty() ? http_charset : DeclaredCharset(bytes).value_or("");
      TextBytes t = ToUtf8(bytes, declared);
      JK_ASSIGN_OR_RETURN(DecodedDoc d, DecodeHtml(t.utf8, source.url, options));
      d.encoding = t.encoding;
      d.encoding_how = t.how;
      d.warnings.insert(d.warnings.begin(), t.warnings.begin(), t.warnings.end());
      docs.push_back(std::move(d));
      break;
    }
    case Format::kText:
    case Format::kMarkdown: {
      TextBytes t = ToUtf8(bytes, http_charset);
      DecodedDoc d;
      d.format = format;
      d.text = std::move(t.utf8);
      d.encoding = t.encoding;
      d.encoding_how = t.how;
      d.warnings = std::move(t.warnings);
      docs.push_back(std::move(d));
      break;
    }
  }
  for (DecodedDoc& d : docs) {
    if (d.url.empty()) d.url = source.url;
  }
  return docs;
}

}  // namespace jikenbo::ingest
