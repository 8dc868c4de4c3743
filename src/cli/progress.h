// A one-line progress bar on stderr, drawn only when stderr is a terminal and the work has more
// than one step. Not thread-safe.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>

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

}  // namespace jikenbo::cli
