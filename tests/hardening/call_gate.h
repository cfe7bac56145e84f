#ifndef GOVMETRICS_TESTS_HARDENING_CALL_GATE_H_
#define GOVMETRICS_TESTS_HARDENING_CALL_GATE_H_

// A gate that handlers (or pool tasks) wait at until the test opens it, so that a test can
// hold calls in flight deterministically and count how many got there. Waits give up after
// a minute so that a broken server fails the test instead of hanging it.

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace govmetrics::testing_support {

class CallGate {
 public:
  // Counts the caller in, then blocks until Open().
  void Enter() {
    std::unique_lock<std::mutex> lock(mutex_);
    ++inside_;
    changed_.notify_all();
    changed_.wait_for(lock, kPatience, [&] { return open_; });
  }
  // True once `n` callers are inside (false after a minute).
  bool WaitInside(int n) {
    std::unique_lock<std::mutex> lock(mutex_);
    return changed_.wait_for(lock, kPatience, [&] { return inside_ >= n; });
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
  static constexpr std::chrono::seconds kPatience{60};
  std::mutex mutex_;
  std::condition_variable changed_;
  int inside_ = 0;
  bool open_ = false;
};

}  // namespace govmetrics::testing_support

#endif  // GOVMETRICS_TESTS_HARDENING_CALL_GATE_H_
