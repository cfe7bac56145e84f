// WorkPool: the threads heavy callback calls run on (common/rpc/work_pool.h).
#include "common/rpc/work_pool.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "gtest/gtest.h"

namespace govmetrics::rpc {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// A gate tasks wait on until the test opens it.
class Gate {
 public:
  void Enter() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++inside_;
    changed_.notify_all();
    changed_.wait_for(lock, seconds(60), [&] { return open_; });
  }
  bool WaitInside(int n) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, seconds(60), [&] { return inside_ >= n; });
  }
  void Open() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = true;
    changed_.notify_all();
  }
  int inside() {
    std::lock_guard<std::mutex> lock(mutex_);
    return inside_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int inside_ = 0;
  bool open_ = false;
};

TEST(WorkPoolTest, BusyThreadsDoNotQueueNewTasks) {
  // Three tasks that each wait for the others: they only all get inside when each one
  // runs on its own thread (a long bootstrap must not hold up a short fit).
  WorkPool pool(/*max_threads=*/0);
  Gate gate;
  for (int i = 0; i < 3; ++i) pool.Submit([&] { gate.Enter(); });
  EXPECT_TRUE(gate.WaitInside(3));
  EXPECT_EQ(pool.threads(), 3);
  EXPECT_EQ(pool.tasks_started(), 3);
  gate.Open();
}

TEST(WorkPoolTest, CapQueuesTasksUntilAThreadIsFree) {
  WorkPool pool(/*max_threads=*/1);
  Gate gate;
  std::atomic<int> done{0};
  pool.Submit([&] {
    gate.Enter();
    ++done;
  });
  pool.Submit([&] { ++done; });
  EXPECT_TRUE(gate.WaitInside(1));
  EXPECT_EQ(pool.threads(), 1);
  EXPECT_EQ(done.load(), 0);  // the second task waits for the only thread
  gate.Open();
  for (int i = 0; i < 6000 && done.load() < 2; ++i) std::this_thread::sleep_for(milliseconds(10));
  EXPECT_EQ(done.load(), 2);
}

TEST(WorkPoolTest, IdleThreadIsReusedThenLeavesAfterItsTimeout) {
  WorkPool pool(/*max_threads=*/0, milliseconds(50));
  std::atomic<int> done{0};
  pool.Submit([&] { ++done; });
  for (int i = 0; i < 6000 && done.load() < 1; ++i) std::this_thread::sleep_for(milliseconds(1));
  pool.Submit([&] { ++done; });  // the idle thread takes it, or a new one if it just left
  for (int i = 0; i < 6000 && (done.load() < 2 || pool.threads() > 0); ++i) {
    std::this_thread::sleep_for(milliseconds(10));
  }
  EXPECT_EQ(done.load(), 2);
  EXPECT_EQ(pool.threads(), 0);
}

TEST(WorkPoolTest, DestructorRunsEveryQueuedTask) {
  std::atomic<int> done{0};
  {
    WorkPool pool(/*max_threads=*/1);
    for (int i = 0; i < 50; ++i) pool.Submit([&] { ++done; });
  }
  EXPECT_EQ(done.load(), 50);
}

}  // namespace
}  // namespace govmetrics::rpc
