// A one-line progress bar on stderr, drawn only when stderr is a terminal and the work has more
// than one step. Not thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>

#include "ingest/ingest.h"

namespace jikenbo::cli {

class ProgressBar {
 public:
  ProgressBar(size_t total, bool enabled);
  ~ProgressBar() { Finish(); }
  void Step(const std::string& label);  // one unit done
  void Clear();                         // erase the bar before printing a message
  void Finish();

 private:
  void Draw();
  size_t total_;
  size_t done_ = 0;
  bool enabled_;
  bool drawn_ = false;
  std::string label_;
  std::chrono::steady_clock::time_point last_draw_{};
};

// What a human sees of an ingest: failed documents and warnings on stderr (and duplicates unless
// quiet), a progress bar meanwhile. Used by ingest and by eval's temporary casebook.
class IngestProgress : public ingest::Reporter {
 public:
  explicit IngestProgress(bool quiet) : quiet_(quiet) {}
  void OnPlan(size_t total) override;
  void OnError(const Status& status) override;
  void OnDocument(const ingest::DocumentReport& r) override;
  void Done() { bar_.reset(); }

 private:
  void Clear() {
    if (bar_) bar_->Clear();
  }
  bool quiet_;
  std::unique_ptr<ProgressBar> bar_;
};

}  // namespace jikenbo::cli
