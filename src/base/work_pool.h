// A fixed set of worker threads running submitted tasks in submission order. Used to analyse
// documents in parallel while one thread writes the store. Destruction finishes queued work.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

namespace jikenbo {

class WorkPool {
 public:
  // threads == 0 runs every task inline in Submit() (no threads are started).
  explicit WorkPool(size_t threads);
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  size_t threads() const { return threads_.size(); }

  // Runs fn on a worker; the future holds its result.
  template <class F>
  std::future<std::invoke_result_t<F>> Submit(F fn) {
    using R = std::invoke_result_t<F>;
    auto task = std::make_shared<std::packaged_task<R()>>(std::move(fn));
    std::future<R> result = task->get_future();
    if (threads_.empty()) {
      (*task)();
    } else {
      Push([task] { (*task)(); });
    }
    return result;
  }

  // One worker per hardware thread (at least 1).
  static size_t DefaultThreads();

 private:
  void Push(std::function<void()> task);
  void Loop();

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> queue_;
  bool stop_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace jikenbo
