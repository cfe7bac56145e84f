// WorkPool: the threads heavy callback calls run on (common/rpc/work_pool.h).
#include "common/rpc/work_pool.h"

#include <atomic>
#include <chrono>
#include <thread>

#include "gtest/gtest.h"
#include "tests/hardening/call_gate.h"

namespace govmetrics::rpc {
namespace {

using std::chrono::milliseconds;

using Gate = testing_support::CallGate;

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
