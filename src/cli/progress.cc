#include "cli/progress.h"

#include <cstdio>

#include "cli/common.h"

namespace jikenbo::cli {

ProgressBar::ProgressBar(size_t total, bool enabled)
    : total_(total), enabled_(enabled && total > 1) {}

void ProgressBar::Step(const std::string& label) {
  ++done_;
  label_ = label;
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (done_ == total_ || now - last_draw_ > std::chrono::milliseconds(80)) {
    last_draw_ = now;
    Draw();
  }
}

void ProgressBar::Draw() {
  constexpr size_t kWidth = 30;
  const size_t filled = total_ == 0 ? kWidth : kWidth * done_ / total_;
  std::string bar(filled, '#');
  bar.resize(kWidth, '.');
  const std::string name = FitColumns(label_, 40);
  std::fprintf(stderr, "\r\x1b[2K[%s] %zu/%zu %s", bar.c_str(), done_, total_, name.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Clear() {
  if (!drawn_) return;
  std::fprintf(stderr, "\r\x1b[2K");
  drawn_ = false;
}

void ProgressBar::Finish() {
  Clear();
  enabled_ = false;
}

}  // namespace jikenbo::cli
