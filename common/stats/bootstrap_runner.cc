#include "common/stats/bootstrap_runner.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <vector>

namespace govmetrics::stats {

absl::Status RunReplicates(int64_t replications, int threads,
                           const std::function<bool()>* should_stop,
                           const std::function<void(int64_t r, int worker)>& body) {
  if (replications <= 0) return absl::OkStatus();
  threads = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, replications)));
  std::atomic<int64_t> next{0};
  std::atomic<bool> stopped{false};
  auto worker = [&](int w) {
    for (int64_t r = next.fetch_add(1); r < replications; r = next.fetch_add(1)) {
      if (stopped.load(std::memory_order_relaxed)) return;
      if (should_stop != nullptr && *should_stop && (*should_stop)()) {
        stopped = true;
        return;
      }
      body(r, w);
    }
  };
  std::vector<std::thread> pool;
  for (int w = 1; w < threads; ++w) pool.emplace_back(worker, w);
  worker(0);
  for (auto& t : pool) t.join();
  if (stopped) return absl::CancelledError("resampling cancelled (deadline or client cancel)");
  return absl::OkStatus();
}

}  // namespace govmetrics::stats
