// Normalisation: bytes that claim to be UTF-8 -> valid UTF-8 text (invalid bytes become U+FFFD,
// each warned with its byte offset) plus an NFKC view for matching (full-width digits and Latin
// become ASCII). Offsets map back: NFKC view -> text -> source bytes. Line structure is kept:
// NFKC never adds or removes a line feed, so line N of the view is line N of the text.
// Pure and deterministic; thread-safe (ICU's normaliser instance is immutable).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "base/offset_map.h"
#include "base/status.h"

namespace jikenbo::normalize {

struct Options {
  size_t max_warnings = 20;  // further invalid bytes are counted in one summary warning
};

struct Warning {
  uint64_t offset = 0;  // byte offset in the source
  std::string message;
};

// Immutable after Normalize(); copyable. Only Normalize() constructs one, so text() is always
// valid UTF-8.
class NormalizedText {
 public:
  const std::string& text() const { return text_; }  // repaired original (BOM removed)
  const std::string& nfkc() const { return nfkc_; }  // NFKC view of text()
  const OffsetMap& nfkc_to_text() const { return nfkc_to_text_; }
  const OffsetMap& text_to_source() const { return text_to_source_; }
  // Byte offsets where each line starts, in text() and nfkc(); same number of entries.
  const std::vector<uint64_t>& line_starts() const { return line_starts_; }
  const std::vector<uint64_t>& nfkc_line_starts() const { return nfkc_line_starts_; }
  size_t line_count() const { return line_starts_.size(); }
  // Line i (0-based) without its line terminator ("\n" or "\r\n").
  std::string_view Line(size_t i) const;
  std::string_view NfkcLine(size_t i) const;
  // 1-based line number of a byte offset in text().
  uint32_t LineOf(uint64_t text_offset) const;
  const std::vector<Warning>& warnings() const { return warnings_; }
  size_t invalid_bytes() const { return invalid_bytes_; }

 private:
  friend Result<NormalizedText> Normalize(std::string_view, const Options&);
  std::string text_;
  std::string nfkc_;
  OffsetMap nfkc_to_text_;
  OffsetMap text_to_source_;
  std::vector<uint64_t> line_starts_;
  std::vector<uint64_t> nfkc_line_starts_;
  std::vector<Warning> warnings_;
  size_t invalid_bytes_ = 0;
};

// Never fails on bad bytes (they are repaired and warned); fails only if ICU is unusable.
Result<NormalizedText> Normalize(std::string_view bytes, const Options& options = {});

// Loads ICU's NFKC data now. ICU does it lazily on first use, behind its own once-flag that
// ThreadSanitizer cannot see; calling this before starting threads that normalise makes it
// happen on one thread (LoadPipeline does).
void Preload();

// NFKC of a short valid or invalid UTF-8 string (rules, queries). Invalid bytes become U+FFFD.
std::string Nfkc(std::string_view text);

}  // namespace jikenbo::normalize
