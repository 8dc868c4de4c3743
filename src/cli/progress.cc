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

void IngestProgress::OnPlan(size_t total) {
  bar_ = std::make_unique<ProgressBar>(total, IsTerminal(stderr));
}

void IngestProgress::OnError(const Status& status) {
  Clear();
  std::fprintf(stderr, "error: %s\n", status.ToString().c_str());
}

void IngestProgress::OnDocument(const ingest::DocumentReport& r) {
  if (r.outcome == ingest::Outcome::kFailed) {
    Clear();
    std::fprintf(stderr, "error: %s\n", r.status.ToString().c_str());
  } else if (r.outcome == ingest::Outcome::kDuplicate && !quiet_) {
    Clear();
    std::fprintf(stderr, "already archived (same bytes, nothing to do): %s\n", r.path.c_str());
  }
  for (const auto& w : r.warnings) {
    Clear();
    std::fprintf(stderr, "warning: %s: %s\n", r.path.c_str(), w.message.c_str());
  }
  if (bar_) bar_->Step(r.path);
}

}  // namespace jikenbo::cli
