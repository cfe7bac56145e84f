// Splits a row range over a small fixed number of std::threads. The panel
// engine is memory-bound on tall matrices, so two contiguous halves are the
// natural unit of parallel work on the 2-core target; small inputs stay on the
// calling thread because thread start-up would dominate.
#ifndef GOVMETRICS_COMMON_STATS_PANEL_PARALLEL_H_
#define GOVMETRICS_COMMON_STATS_PANEL_PARALLEL_H_

#include <algorithm>
#include <cstdint>
#include <functional>
#include <thread>
#include <vector>

namespace govmetrics::stats {

// Below this many rows (times columns of work) a single thread is used.
inline constexpr int64_t kParallelMinimumWork = 1 << 16;

// Calls fn(chunk, begin, end) for `chunks` contiguous pieces of [0, n), each on
// its own thread (the last on the caller's). Deterministic: the chunk layout
// depends only on (n, chunks), never on timing.
template <typename Fn>
void ParallelChunks(int64_t n, int chunks, Fn&& fn) {
  chunks = std::max(1, chunks);
  if (chunks == 1 || n < 2) {
    fn(0, int64_t{0}, n);
    return;
  }
  std::vector<std::thread> workers;
  workers.reserve(chunks - 1);
  for (int c = 0; c < chunks - 1; ++c) {
    const int64_t begin = n * c / chunks;
    const int64_t end = n * (c + 1) / chunks;
    workers.emplace_back([&fn, c, begin, end] { fn(c, begin, end); });
  }
  fn(chunks - 1, n * (chunks - 1) / chunks, n);
  for (auto& w : workers) w.join();
}

// Number of chunks worth using for `work` units on at most `threads` threads.
inline int EffectiveThreads(int64_t work, int threads) {
  if (threads <= 1 || work < kParallelMinimumWork) return 1;
  return threads;
}

// A value made on a thread of its own (when `work` is worth one and `threads` allows
// two) while the caller does other work, or by the caller when it asks (Get): for a
// step that one core must do alone (a chain of dependent additions) to overlap others.
// The value is the same either way. The destructor waits for the thread.
template <typename T>
class ConcurrentValue {
 public:
  template <typename Fn>
  ConcurrentValue(int64_t work, int threads, Fn fn) : make_(std::move(fn)) {
    if (EffectiveThreads(work, threads) > 1) thread_ = std::thread([this] { value_ = make_(); });
  }
  ~ConcurrentValue() {
    if (thread_.joinable()) thread_.join();
  }
  ConcurrentValue(const ConcurrentValue&) = delete;
  ConcurrentValue& operator=(const ConcurrentValue&) = delete;

  T Get() {
    if (!thread_.joinable()) return make_();
    thread_.join();
    return value_;
  }

 private:
  std::function<T()> make_;
  T value_{};
  std::thread thread_;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_PARALLEL_H_
