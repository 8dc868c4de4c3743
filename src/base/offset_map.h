// Maps byte offsets in a derived text (repaired UTF-8, NFKC view, an article slice) back to byte
// offsets in the text it was derived from. Value type; cheap to copy when the map is linear.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace jikenbo {

class OffsetMap {
 public:
  struct Anchor {
    uint64_t derived = 0;  // offset in the derived text where this piece starts
    uint64_t origin = 0;   // offset in the original text where this piece starts
    bool linear = true;    // piece is a verbatim copy: offsets advance together
    bool operator==(const Anchor&) const = default;
  };

  // An identity map: derived offset == origin offset.
  OffsetMap() = default;

  // Appends a piece. REQUIRES: anchors are added in increasing derived and origin order.
  void Add(uint64_t derived, uint64_t origin, bool linear);

  // Origin offset for a derived offset. Inside a non-linear piece (a replaced or normalised
  // character) the piece's start is returned, so a span always widens to whole characters.
  uint64_t ToOrigin(uint64_t derived) const;

  // Origin offset for the end of a span that ends at `derived` (exclusive): inside a non-linear
  // piece this returns the start of the next piece, so [ToOrigin(b), ToOriginEnd(e)) covers it.
  uint64_t ToOriginEnd(uint64_t derived, uint64_t origin_size) const;

  // The map restricted to derived offsets [derived_begin, ...), rebased so that derived_begin
  // maps to 0 and its origin to 0. An identity or purely linear result is empty().
  OffsetMap Slice(uint64_t derived_begin, uint64_t derived_end) const;

  bool empty() const { return anchors_.empty(); }
  const std::vector<Anchor>& anchors() const { return anchors_; }

 private:
  std::vector<Anchor> anchors_;
};

}  // namespace jikenbo
