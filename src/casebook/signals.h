// The text signals the casebook compares reports by: day numbers, trigram signatures, shingle
// sketches, the counts a text states and the character pairs of a title. Internal to the
// casebook stage.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace jikenbo::casebook::signals {

// Days since 0000-03-01 for YYYY-MM-DD (a month-precision date counts as its first day).
int DayNumber(const std::string& iso);
// The inverse of DayNumber.
std::string IsoOfDay(int day);

// A 1024-bit set of the byte trigrams of a text: if s occurs in t, every trigram of s is in t's
// signature, so a missing bit proves s is absent without scanning t.
struct Signature {
  std::array<uint64_t, 16> bits{};
  static Signature Of(std::string_view s) {
    Signature sig;
    for (size_t i = 0; i + 3 <= s.size(); ++i) {
      const uint32_t h =
          (static_cast<uint32_t>(static_cast<unsigned char>(s[i])) * 0x9E3779B1u) ^
          (static_cast<uint32_t>(static_cast<unsigned char>(s[i + 1])) * 0x85EBCA77u) ^
          (static_cast<uint32_t>(static_cast<unsigned char>(s[i + 2])) * 0xC2B2AE3Du);
      const uint32_t bit = (h >> 7) & 1023u;
      sig.bits[bit >> 6] |= uint64_t{1} << (bit & 63);
    }
    return sig;
  }
  bool Covers(const Signature& part) const {
    for (size_t i = 0; i < bits.size(); ++i) {
      if ((part.bits[i] & ~bits[i]) != 0) return false;
    }
    return true;
  }
};

// A bottom-k sketch of a text's 12-byte shingles (about four Japanese characters): the k
// smallest hashes. Two sketches estimate how much two texts share (a blog's copy of a notice
// with a few lines changed shares most).
inline constexpr size_t kSketch = 32;
inline constexpr size_t kSketchMinBytes = 240;  // shorter texts are too short to call copies
std::vector<uint64_t> Sketch(std::string_view s);
// Estimated resemblance (Jaccard of the shingle sets) from two sorted sketches.
double Resemblance(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

// The counts a text states: a number of two or more digits and the unit after it (35世帯,
// 612人), sorted and unique.
std::vector<std::string> CountTokens(std::string_view text);

// The character pairs of a title, punctuation, spaces and digits left out (title words for a
// language without spaces), sorted and unique; and the Jaccard overlap of two such sets.
std::vector<uint64_t> TitlePairs(std::string_view title);
double TitleOverlap(const std::vector<uint64_t>& a, const std::vector<uint64_t>& b);

}  // namespace jikenbo::casebook::signals
