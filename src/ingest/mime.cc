// E-mail (RFC 5322 with MIME) -> text: the Subject (RFC 2047 encoded words in any charset) as
// the title line, then the body: base64 and quoted-printable decoded, multipart/alternative
// read as text/plain when there is one and as HTML otherwise, attachments left out.
#include <fmt/format.h>

#include <map>
#include <optional>

#include "base/deadline.h"
#include "base/utf8.h"
#include "ingest/decode.h"

namespace jikenbo::ingest {
namespace {

struct Part {
  std::map<std::string, std::string> headers;  // lower-case name -> unfolded value (first one)
  std::string_view body;
};

size_t HeaderEnd(std::string_view msg, size_t* body_start) {
  const size_t crlf = msg.find("\r\n\r\n");
  const size_t lf = msg.find("\n\n");
  if (crlf != std::string_view::npos && (lf == std::string_view::npos || crlf < lf)) {
    *body_start = crlf + 4;
    return crlf;
  }
  if (lf != std::string_view::npos) {
    *body_start = lf + 2;
    return lf;
  }
  *body_start = msg.size();
  return msg.size();
}

Part ParsePart(std::string_view msg) {
  Part part;
  size_t body_start = 0;
  const std::string_view head = msg.substr(0, HeaderEnd(msg, &body_start));
  part.body = msg.substr(body_start);
  std::string name, value;
  auto flush = [&] {
    if (!name.empty() && !part.headers.count(name)) {
      part.headers[name] = std::string(utf8::Trim(value));
    }
    name.clear();
    value.clear();
  };
  size_t i = 0;
  while (i < head.size()) {
    size_t j = head.find('\n', i);
    if (j == std::string_view::npos) j = head.size();
    std::string_view line = head.substr(i, j - i);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    i = j + 1;
    if (!line.empty() && (line[0] == ' ' || line[0] == '\t')) {
      value += ' ';
      value.append(utf8::Trim(line));  // a folded continuation
      continue;
    }
    flush();
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    name = utf8::AsciiLower(utf8::Trim(line.substr(0, colon)));
    value = std::string(line.substr(colon + 1));
  }
  flush();
  return part;
}

std::string Header(const Part& p, const char* name) {
  auto it = p.headers.find(name);
  return it == p.headers.end() ? "" : it->second;
}

// "text/plain; charset=ISO-2022-JP; boundary="x"" -> media type and lower-cased parameters.
std::string MediaType(const std::string& value, std::map<std::string, std::string>* params) {
  const size_t semi = value.find(';');
  std::string type = utf8::AsciiLower(utf8::Trim(std::string_view(value).substr(0, semi)));
  size_t i = semi;
  while (i != std::string::npos && i < value.size()) {
    ++i;
    const size_t eq = value.find('=', i);
    if (eq == std::string::npos) break;
    const std::string key = utf8::AsciiLower(utf8::Trim(std::string_view(value).substr(i, eq - i)));
    size_t k = eq + 1;
    while (k < value.size() && value[k] == ' ') ++k;
    std::string v;
    if (k < value.size() && value[k] == '"') {
      for (++k; k < value.size() && value[k] != '"'; ++k) {
        if (value[k] == '\\' && k + 1 < value.size()) ++k;
        v += value[k];
      }
      i = value.find(';', k);
    } else {
      i = value.find(';', k);
      v = std::string(utf8::Trim(
          std::string_view(value).substr(k, i == std::string::npos ? std::string::npos : i - k)));
    }
    (*params)[key] = v;
  }
  return type.empty() ? "text/plain" : type;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') return (c | 0x20) - 'a' + 10;
  return -1;
}

std::string Base64(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z')
      v = c - 'A';
    else if (c >= 'a' && c <= 'z')
      v = c - 'a' + 26;
    else if (c >= '0' && c <= '9')
      v = c - '0' + 52;
    else if (c == '+')
      v = 62;
    else if (c == '/')
      v = 63;
    else if (c == '=')
      break;
    else
      continue;  // line breaks and stray characters
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  return out;
}

std::string QuotedPrintable(std::string_view in, bool underscore_is_space) {
  std::string out;
  for (size_t i = 0; i < in.size(); ++i) {
    const char c = in[i];
    if (c == '=' && i + 1 < in.size() && (in[i + 1] == '\n' || in[i + 1] == '\r')) {
      i += in[i + 1] == '\r' && i + 2 < in.size() && in[i + 2] == '\n' ? 2 : 1;  // soft break
    } else if (c == '=' && i + 2 < in.size() && HexValue(in[i + 1]) >= 0 &&
               HexValue(in[i + 2]) >= 0) {
      out += static_cast<char>(HexValue(in[i + 1]) * 16 + HexValue(in[i + 2]));
      i += 2;
    } else if (c == '_' && underscore_is_space) {
      out += ' ';
    } else {
      out += c;
    }
  }
  return out;
}

// RFC 2047: =?charset?B|Q?text?= words decoded; white space between two such words dropped.
std::string DecodeWords(const std::string& value) {
  std::string out;
  std::string gap;  // white space after the last encoded word, kept only before plain text
  bool last_encoded = false;
  size_t i = 0;
  while (i < value.size()) {
    const size_t start = value.find("=?", i);
    if (start == std::string::npos) break;
    const size_t q1 = value.find('?', start + 2);
    const size_t q2 = q1 == std::string::npos ? q1 : value.find('?', q1 + 1);
    const size_t end = q2 == std::string::npos ? q2 : value.find("?=", q2 + 1);
    if (end == std::string::npos || q2 != q1 + 2) {
      out += value.substr(i, start + 2 - i);
      i = start + 2;
      last_encoded = false;
      continue;
    }
    const std::string between = value.substr(i, start - i);
    if (!(last_encoded && utf8::IsBlank(between))) out += between;
    const std::string charset = value.substr(start + 2, q1 - start - 2);
    const char enc = static_cast<char>(value[q1 + 1] | 0x20);
    const std::string_view text = std::string_view(value).substr(q2 + 1, end - q2 - 1);
    const std::string raw = enc == 'b' ? Base64(text) : QuotedPrintable(text, true);
    out += ToUtf8(raw, charset.substr(0, charset.find('*'))).utf8;
    i = end + 2;
    last_encoded = true;
  }
  if (i < value.size()) out += value.substr(i);
  return ToUtf8(out).utf8;  // raw 8-bit headers (against the RFC, but common) decoded too
}

struct Walk {
  const DecodeOptions& options;
  std::vector<std::string> texts;
  std::vector<Warning> warnings;
  size_t parts = 0;
  std::string encoding;
};

Status BodyText(const Part& p, Walk* w, size_t depth);

Result<std::vector<Part>> SplitMultipart(const Part& p, const std::string& boundary, Walk* w) {
  if (boundary.empty()) return Status::InvalidInput("broken MIME: multipart without a boundary");
  const std::string delim = "--" + boundary;
  std::vector<Part> parts;
  std::string_view body = p.body;
  size_t pos = 0;
  std::optional<size_t> open;  // start of the current part's content
  bool closed = false;
  while (pos < body.size()) {
    CheckDeadline();
    size_t eol = body.find('\n', pos);
    if (eol == std::string_view::npos) eol = body.size();
    std::string_view line = body.substr(pos, eol - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    // A delimiter line is the boundary alone, or with "--" (the close), then only white space:
    // "--b10" is no delimiter of boundary "b1" (nested parts often differ by a digit).
    const std::string_view rest = line.substr(0, delim.size()) == delim
                                      ? utf8::Trim(line.substr(delim.size()))
                                      : std::string_view("not a delimiter");
    if (rest.empty() || rest == "--") {
      if (open) {
        size_t end = pos;  // the line break before the delimiter belongs to it
        if (end > *open && body[end - 1] == '\n') --end;
        if (end > *open && body[end - 1] == '\r') --end;
        parts.push_back(ParsePart(body.substr(*open, end - *open)));
        if (++w->parts > w->options.max_mime_parts) {
          return Status::InvalidInput("more than " + std::to_string(w->options.max_mime_parts) +
                                      " MIME parts");
        }
      }
      if (rest == "--") {
        closed = true;
        break;
      }
      if (rest.empty()) open = eol + 1;
    }
    pos = eol + 1;
  }
  if (!open) {
    return Status::InvalidInput("broken MIME: boundary \"" + boundary + "\" never appears");
  }
  if (!closed) {
    w->warnings.push_back({0, "MIME boundary \"" + boundary + "\" is never closed"});
    if (*open <= body.size()) parts.push_back(ParsePart(body.substr(*open)));
  }
  return parts;
}

Status Leaf(const Part& p, const std::string& type,
            const std::map<std::string, std::string>& params, Walk* w) {
  const std::string cte = utf8::AsciiLower(Header(p, "content-transfer-encoding"));
  std::string raw = cte == "base64"             ? Base64(p.body)
                    : cte == "quoted-printable" ? QuotedPrintable(p.body, false)
                                                : std::string(p.body);
  auto cs = params.find("charset");
  TextBytes t = ToUtf8(raw, cs == params.end() || utf8::AsciiLower(cs->second) == "us-ascii"
                                ? std::string_view()
                                : std::string_view(cs->second));
  if (w->encoding.empty()) w->encoding = t.encoding;
  w->warnings.insert(w->warnings.end(), t.warnings.begin(), t.warnings.end());
  if (type == "text/html") {
    JK_ASSIGN_OR_RETURN(DecodedDoc html, DecodeHtml(t.utf8, "", w->options));
    w->texts.push_back(std::move(html.text));
  } else {
    w->texts.push_back(std::move(t.utf8));
  }
  return Status::Ok();
}

Status BodyText(const Part& p, Walk* w, size_t depth) {
  if (depth > w->options.max_mime_depth) return Status::InvalidInput("MIME nested too deeply");
  std::map<std::string, std::string> params;
  const std::string type = MediaType(Header(p, "content-type"), &params);
  if (type.rfind("multipart/", 0) != 0) {
    if (type != "text/plain" && type != "text/html") return Status::Ok();  // not text
    if (utf8::AsciiLower(Header(p, "content-disposition")).rfind("attachment", 0) == 0) {
      return Status::Ok();
    }
    return Leaf(p, type, params, w);
  }
  JK_ASSIGN_OR_RETURN(std::vector<Part> parts, SplitMultipart(p, params["boundary"], w));
  if (type == "multipart/alternative") {
    // The plain-text alternative when there is one, else the last (richest) one that is text.
    const Part* pick = nullptr;
    for (const Part& c : parts) {
      std::map<std::string, std::string> cp;
      const std::string ct = MediaType(Header(c, "content-type"), &cp);
      if (ct == "text/plain" && !utf8::IsBlank(c.body)) {
        pick = &c;
        break;
      }
      if (ct == "text/html" || ct.rfind("multipart/", 0) == 0) pick = &c;
    }
    return pick == nullptr ? Status::Ok() : BodyText(*pick, w, depth + 1);
  }
  for (const Part& c : parts) JK_RETURN_IF_ERROR(BodyText(c, w, depth + 1));
  return Status::Ok();
}

}  // namespace

Result<DecodedDoc> DecodeEmail(std::string_view bytes, const DecodeOptions& options) {
  const Part msg = ParsePart(bytes);
  if (msg.headers.empty()) return Status::InvalidInput("not an e-mail: no header fields");
  Walk w{options, {}, {}, 0, {}};
  JK_RETURN_IF_ERROR(BodyText(msg, &w, 0));
  DecodedDoc doc;
  doc.format = Format::kEmail;
  doc.title = std::string(utf8::Trim(DecodeWords(Header(msg, "subject"))));
  doc.published = Header(msg, "date");
  doc.encoding = w.encoding.empty() ? "UTF-8" : w.encoding;
  doc.encoding_how = "declared";
  doc.warnings = std::move(w.warnings);
  std::string body;
  for (const std::string& t : w.texts) {
    if (!body.empty()) body += "\n\n";
    body += t;
  }
  // CRLF line ends of the wire format become plain line breaks.
  std::string text;
  if (!doc.title.empty()) text = "# " + doc.title + "\n\n";
  for (char c : body) {
    if (c != '\r') text += c;
  }
  if (utf8::IsBlank(text)) return Status::InvalidInput("e-mail without a subject or text body");
  if (text.back() != '\n') text += '\n';
  doc.text = std::move(text);
  return doc;
}

}  // namespace jikenbo::ingest
