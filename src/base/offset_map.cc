#include "base/offset_map.h"

#include <algorithm>

namespace jikenbo {

void OffsetMap::Add(uint64_t derived, uint64_t origin, bool linear) {
  if (!anchors_.empty()) {
    const Anchor& last = anchors_.back();
    // Merge a linear piece into a preceding linear piece that it continues exactly.
    if (linear && last.linear && derived - last.derived == origin - last.origin) return;
    if (last.derived == derived) {
      anchors_.back() = {derived, origin, linear};
      return;
    }
  }
  anchors_.push_back({derived, origin, linear});
}

uint64_t OffsetMap::ToOrigin(uint64_t derived) const {
  if (anchors_.empty()) return derived;
  auto it = std::upper_bound(anchors_.begin(), anchors_.end(), derived,
                             [](uint64_t d, const Anchor& a) { return d < a.derived; });
  if (it == anchors_.begin()) return derived;
  const Anchor& a = *(it - 1);
  return a.linear ? a.origin + (derived - a.derived) : a.origin;
}

uint64_t OffsetMap::ToOriginEnd(uint64_t derived, uint64_t origin_size) const {
  if (anchors_.empty()) return derived;
  auto it = std::upper_bound(anchors_.begin(), anchors_.end(), derived,
                             [](uint64_t d, const Anchor& a) { return d < a.derived; });
  if (it == anchors_.begin()) return derived;
  const Anchor& a = *(it - 1);
  if (a.linear || a.derived == derived) return ToOrigin(derived);
  return it == anchors_.end() ? origin_size : it->origin;
}

OffsetMap OffsetMap::Slice(uint64_t derived_begin, uint64_t derived_end) const {
  OffsetMap out;
  const uint64_t origin_begin = ToOrigin(derived_begin);
  bool any_nonlinear = false;
  out.Add(0, 0, true);
  for (const Anchor& a : anchors_) {
    if (a.derived < derived_begin || a.derived >= derived_end) continue;
    out.Add(a.derived - derived_begin, a.origin - origin_begin, a.linear);
    any_nonlinear |= !a.linear;
  }
  if (!any_nonlinear) out.anchors_.clear();
  return out;
}

}  // namespace jikenbo
