// A time limit for the analysis of one document: the watchdog that skips a pathological document
// instead of hanging a batch. Cooperative: a ScopedDeadline arms it for the current thread, and
// the stages' loops (per line, per article, per HTML node, per PDF page, per feed item, per MIME
// part) call CheckDeadline(), which throws DeadlineExceeded once the time is up. The exception
// never leaves the stage boundary that armed it (ingest::Prepare turns it into a Status naming
// the document); it is never thrown through a C library's callback. With no deadline armed,
// CheckDeadline() is one thread-local load and a branch.
#pragma once

#include <chrono>
#include <cstdint>
#include <exception>

namespace jikenbo {

struct DeadlineExceeded : std::exception {
  const char* what() const noexcept override { return "time limit exceeded"; }
};

// Arms a deadline `seconds` from now for this thread until destruction (seconds <= 0: none).
// Nests: the inner one applies while it lives, then the outer one again.
class ScopedDeadline {
 public:
  explicit ScopedDeadline(double seconds);
  ~ScopedDeadline();
  ScopedDeadline(const ScopedDeadline&) = delete;
  ScopedDeadline& operator=(const ScopedDeadline&) = delete;

 private:
  const ScopedDeadline* outer_;
  std::chrono::steady_clock::time_point at_;
  bool armed_;
  friend void CheckDeadlineSlow();
};

void CheckDeadlineSlow();

namespace internal {
extern thread_local const ScopedDeadline* current_deadline;
extern thread_local uint32_t deadline_ticks;
}  // namespace internal

// Throws DeadlineExceeded when this thread's deadline has passed. The clock is read on every
// 64th call only, so a loop may call it once per small step.
inline void CheckDeadline() {
  if (internal::current_deadline == nullptr) return;
  if ((++internal::deadline_ticks & 63) != 0) return;
  CheckDeadlineSlow();
}

}  // namespace jikenbo
