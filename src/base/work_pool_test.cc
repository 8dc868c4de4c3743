#include "base/work_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>

namespace jikenbo {
namespace {

TEST(WorkPool, EveryTaskRunsOnceAndFuturesKeepSubmissionOrder) {
  for (size_t threads : {0u, 1u, 3u}) {
    std::atomic<int> runs{0};
    std::vector<std::future<std::string>> results;
    {
      WorkPool pool(threads);
      EXPECT_EQ(pool.threads(), threads);
      for (int i = 0; i < 200; ++i) {
        results.push_back(pool.Submit([i, &runs] {
          ++runs;
          return std::to_string(i * i);
        }));
      }
    }  // the destructor finishes queued work
    EXPECT_EQ(runs.load(), 200) << threads << " threads";
    for (int i = 0; i < 200; ++i) EXPECT_EQ(results[i].get(), std::to_string(i * i));
  }
}

TEST(WorkPool, InlinePoolRunsTheTaskBeforeSubmitReturns) {
  WorkPool pool(0);
  int value = 0;
  auto f = pool.Submit([&value] { return ++value; });
  EXPECT_EQ(value, 1);
  EXPECT_EQ(f.get(), 1);
  EXPECT_GE(WorkPool::DefaultThreads(), 1u);
}

}  // namespace
}  // namespace jikenbo
