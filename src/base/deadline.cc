#include "base/deadline.h"

#include <algorithm>

namespace jikenbo {
namespace internal {
thread_local const ScopedDeadline* current_deadline = nullptr;
thread_local uint32_t deadline_ticks = 0;
}  // namespace internal

ScopedDeadline::ScopedDeadline(double seconds)
    : outer_(internal::current_deadline),
      at_(std::chrono::steady_clock::now() +
          std::chrono::duration_cast<std::chrono::steady_clock::duration>(
              std::chrono::duration<double>(seconds > 0 ? std::min(seconds, 1e9) : 0))),
      armed_(seconds > 0) {
  if (armed_) {
    internal::current_deadline = this;
    internal::deadline_ticks = 0;
  }
}

ScopedDeadline::~ScopedDeadline() {
  if (armed_) internal::current_deadline = outer_;
}

void CheckDeadlineSlow() {
  const ScopedDeadline* d = internal::current_deadline;
  if (d != nullptr && std::chrono::steady_clock::now() >= d->at_) throw DeadlineExceeded();
}

}  // namespace jikenbo
