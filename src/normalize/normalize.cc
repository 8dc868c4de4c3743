#include "normalize/normalize.h"

#include <fmt/format.h>
#include <unicode/bytestream.h>
#include <unicode/edits.h>
#include <unicode/normalizer2.h>

#include <algorithm>

#include "base/utf8.h"

namespace jikenbo::normalize {
namespace {

std::string_view LineIn(const std::string& s, const std::vector<uint64_t>& starts, size_t i) {
  const uint64_t b = starts[i];
  uint64_t e = i + 1 < starts.size() ? starts[i + 1] - 1 : s.size();  // drop the '\n'
  if (e > b && s[e - 1] == '\r') --e;
  return std::string_view(s).substr(b, e - b);
}

void IndexLines(const std::string& s, std::vector<uint64_t>* starts) {
  starts->clear();
  starts->push_back(0);
  for (size_t i = s.find('\n'); i != std::string::npos; i = s.find('\n', i + 1)) {
    starts->push_back(i + 1);
  }
}

// NFKC of valid UTF-8 `in` into *out, recording derived->origin anchors in *map.
Status NfkcWithMap(std::string_view in, std::string* out, OffsetMap* map) {
  UErrorCode ec = U_ZERO_ERROR;
  const icu::Normalizer2* nfkc = icu::Normalizer2::getNFKCInstance(ec);
  if (U_FAILURE(ec))
    return Status::Internal(std::string("ICU NFKC unavailable: ") + u_errorName(ec));
  out->clear();
  out->reserve(in.size());
  icu::StringByteSink<std::string> sink(out);
  icu::Edits edits;
  nfkc->normalizeUTF8(0, icu::StringPiece(in.data(), static_cast<int32_t>(in.size())), sink, &edits,
                      ec);
  if (U_FAILURE(ec)) return Status::Internal(std::string("NFKC failed: ") + u_errorName(ec));
  icu::Edits::Iterator it = edits.getFineIterator();
  while (it.next(ec)) {
    map->Add(static_cast<uint64_t>(it.destinationIndex()), static_cast<uint64_t>(it.sourceIndex()),
             !it.hasChange());
  }
  return Status::Ok();
}

}  // namespace

std::string_view NormalizedText::Line(size_t i) const { return LineIn(text_, line_starts_, i); }

std::string_view NormalizedText::NfkcLine(size_t i) const {
  return LineIn(nfkc_, nfkc_line_starts_, i);
}

uint32_t NormalizedText::LineOf(uint64_t text_offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), text_offset);
  return static_cast<uint32_t>(it - line_starts_.begin());
}

Result<NormalizedText> Normalize(std::string_view bytes, const Options& options) {
  NormalizedText out;
  uint64_t skipped = 0;
  if (bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    skipped = 3;
  }
  std::vector<size_t> bad;
  out.invalid_bytes_ = utf8::Repair(bytes, &out.text_, &bad);
  // text -> source: linear pieces between replacements; each U+FFFD (3 bytes) stands for 1 byte.
  out.text_to_source_.Add(0, skipped, true);
  for (size_t k = 0; k < bad.size(); ++k) {
    const uint64_t text_at = bad[k] + 2 * k;
    out.text_to_source_.Add(text_at, bad[k] + skipped, false);
    out.text_to_source_.Add(text_at + 3, bad[k] + 1 + skipped, true);
    if (k < options.max_warnings) {
      out.warnings_.push_back(
          {bad[k] + skipped,
           fmt::format("invalid UTF-8 byte 0x{:02X} at byte offset {} replaced by U+FFFD",
                       static_cast<unsigned char>(bytes[bad[k]]), bad[k] + skipped)});
    }
  }
  if (bad.size() > options.max_warnings) {
    out.warnings_.push_back({bad[options.max_warnings] + skipped,
                             fmt::format("{} more invalid UTF-8 bytes replaced by U+FFFD",
                                         bad.size() - options.max_warnings)});
  }
  JK_RETURN_IF_ERROR(NfkcWithMap(out.text_, &out.nfkc_, &out.nfkc_to_text_));
  IndexLines(out.text_, &out.line_starts_);
  IndexLines(out.nfkc_, &out.nfkc_line_starts_);
  if (out.line_starts_.size() != out.nfkc_line_starts_.size()) {
    return Status::Internal("NFKC changed the number of lines");
  }
  return out;
}

void Preload() {
  UErrorCode ec = U_ZERO_ERROR;
  (void)icu::Normalizer2::getNFKCInstance(ec);
}

std::string Nfkc(std::string_view text) {
  std::string valid;
  utf8::Repair(text, &valid, nullptr);
  std::string out;
  OffsetMap unused;
  if (!NfkcWithMap(valid, &out, &unused).ok()) return valid;
  return out;
}

}  // namespace jikenbo::normalize
