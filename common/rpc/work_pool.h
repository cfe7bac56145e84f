#ifndef GOVMETRICS_COMMON_RPC_WORK_POOL_H_
#define GOVMETRICS_COMMON_RPC_WORK_POOL_H_

// Threads for the heavy calls of callback-API services (unary_reactor.h). gRPC runs a
// callback handler on one of its own few event threads; a bootstrap that computes for
// seconds there would stall every other call on the server, health checks included. Such
// calls are handed to this pool instead.
//
// The pool behaves like the sync server's thread manager it replaces for these calls:
// a task starts at once on an idle thread or on a new one (up to `max_threads`, 0 = no
// cap; the server's --max_concurrent_rpcs already bounds how many calls can be waiting),
// so a long mediation bootstrap never queues a short fit behind it: the kernel shares the
// cores between them. Idle threads are kept for `idle_timeout` so a steady load does
// not create one thread per call.

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <thread>
#include <vector>

namespace govmetrics::rpc {

class WorkPool {
 public:
  explicit WorkPool(int max_threads,
                    std::chrono::milliseconds idle_timeout = std::chrono::seconds(30));
  // Runs every submitted task, then joins the threads.
  ~WorkPool();
  WorkPool(const WorkPool&) = delete;
  WorkPool& operator=(const WorkPool&) = delete;

  void Submit(std::function<void()> task);

  int threads() const;              // currently alive (busy + idle)
  long long tasks_started() const;  // tasks handed to a thread so far

 private:
  void WorkerLoop();
  // Joins threads that left after their idle timeout (they hand themselves over to
  // `finished_` on the way out; joining releases their stacks).
  void JoinFinished();

  const int max_threads_;
  const std::chrono::milliseconds idle_timeout_;
  // std::mutex rather than absl::Mutex: ThreadSanitizer sees pthread locks, not those of
  // Debian's (uninstrumented) Abseil, and would report every guarded access as a race.
  mutable std::mutex mutex_;
  std::condition_variable work_available_;
  std::condition_variable all_exited_;
  // All guarded by mutex_.
  std::deque<std::function<void()>> tasks_;
  std::map<std::thread::id, std::thread> workers_;
  std::vector<std::thread> finished_;
  int threads_ = 0;
  int idle_ = 0;
  long long tasks_started_ = 0;
  bool stopping_ = false;
};

// The process-wide pool the services' heavy calls run on, capped by --threads (0 = no
// cap). Never destroyed: calls may still be finishing while static destructors run.
WorkPool& HeavyCallPool();

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_WORK_POOL_H_
