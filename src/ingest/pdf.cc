// PDF -> text with poppler: every page in reading order, lines the PDF broke inside a Japanese
// sentence joined again; no text layer (a scan) is an error, not an empty success.
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <memory>
#include <mutex>
#include <vector>

#include "base/deadline.h"
#include "base/utf8.h"
#include "ingest/decode.h"

namespace jikenbo::ingest {
namespace {

void Quiet(const std::string&, void*) {}  // poppler's complaints become our errors, not stderr

std::string Utf8(const poppler::ustring& s) {
  const poppler::byte_array b = s.to_utf8();
  return std::string(b.begin(), b.end());
}

// Characters after which a line break ends a sentence or an item in Japanese layout.
bool EndsSentence(std::string_view line) {
  for (std::string_view end : {"。", "」", "）", "！", "？", ":", "：", ")", "!", "?", "."}) {
    if (line.size() >= end.size() && line.substr(line.size() - end.size()) == end) return true;
  }
  return false;
}

// A line that starts a new item rather than continuing the one before.
bool StartsItem(std::string_view line) {
  for (std::string_view start : {"・", "■",  "□",  "●",  "○",  "◆",  "※",  "（", "(",  "【", "第",
                                 "#",  "１", "２", "３", "４", "５", "６", "７", "８", "９", "1",
                                 "2",  "3",  "4",  "5",  "6",  "7",  "8",  "9",  "-",  "*"}) {
    if (line.substr(0, start.size()) == start) return true;
  }
  return false;
}

bool CjkAt(std::string_view s, size_t pos) {
  return pos < s.size() && utf8::IsCjk(utf8::Next(s, pos).cp);
}

// Joins a line to the next when the PDF wrapped a Japanese sentence: the line is full (about as
// long as the longest line of the page, so the layout, not the author, ended it), ends in a kanji
// or kana without closing punctuation, and the next line starts with one.
std::string RejoinLines(std::string_view page) {
  std::vector<std::string> lines;
  size_t widest = 0;
  for (size_t i = 0; i <= page.size();) {
    size_t j = page.find('\n', i);
    if (j == std::string_view::npos) j = page.size();
    lines.emplace_back(utf8::Trim(page.substr(i, j - i)));
    widest = std::max(widest, utf8::CountCodePoints(lines.back()));
    i = j + 1;
  }
  const size_t full = std::max<size_t>(10, widest * 85 / 100);
  std::string out;
  std::string prev;
  size_t prev_width = 0;  // of prev's last physical line
  for (size_t k = 0; k < lines.size(); ++k) {
    std::string& line = lines[k];
    const size_t width = utf8::CountCodePoints(line);
    const bool join = k > 0 && !prev.empty() && !line.empty() && prev_width >= full &&
                      !EndsSentence(prev) && !StartsItem(line) &&
                      CjkAt(prev, utf8::Prev(prev, prev.size())) && CjkAt(line, 0);
    prev_width = width;
    if (join) {
      prev += line;
      continue;
    }
    if (k > 0) out += prev + "\n";
    prev = std::move(line);
  }
  if (!prev.empty()) out += prev + "\n";
  return out;
}

}  // namespace

Result<DecodedDoc> DecodePdf(std::string_view bytes) {
  static std::once_flag quiet;
  std::call_once(quiet, [] { poppler::set_debug_error_function(Quiet, nullptr); });
  if (bytes.substr(0, 5) != "%PDF-") return Status::InvalidInput("not a PDF (no %PDF- header)");
  if (bytes.size() > static_cast<size_t>(INT32_MAX)) return Status::InvalidInput("PDF too large");
  std::unique_ptr<poppler::document> pdf(
      poppler::document::load_from_raw_data(bytes.data(), static_cast<int>(bytes.size())));
  if (!pdf) return Status::InvalidInput("damaged or truncated PDF (it cannot be opened)");
  if (pdf->is_locked()) return Status::Unsupported("encrypted PDF (a password is needed)");
  DecodedDoc doc;
  doc.format = Format::kPdf;
  doc.title = std::string(utf8::Trim(Utf8(pdf->get_title())));
  if (const time_t t = pdf->get_creation_date_t(); t > 0) {
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[16];
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
    doc.published = buf;
  }
  const int pages = pdf->pages();
  for (int p = 0; p < pages; ++p) {
    CheckDeadlineSlow();
    std::unique_ptr<poppler::page> page(pdf->create_page(p));
    if (!page) {
      doc.warnings.push_back({0, "page " + std::to_string(p + 1) + " could not be read"});
      continue;
    }
    std::string text =
        Utf8(page->text(poppler::rectf(), poppler::page::non_raw_non_physical_layout));
    std::string joined = RejoinLines(text);
    if (utf8::IsBlank(joined)) continue;
    if (!doc.text.empty()) doc.text += '\n';
    doc.text += joined;
  }
  if (utf8::IsBlank(doc.text)) {
    return Status::Unsupported(
        "PDF without a text layer (a scanned image?); run OCR first, no text to ingest");
  }
  return doc;
}

}  // namespace jikenbo::ingest
