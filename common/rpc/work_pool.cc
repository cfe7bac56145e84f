#include "common/rpc/work_pool.h"

#include <utility>

#include "absl/flags/flag.h"
#include "absl/time/time.h"
#include "common/rpc/server_flags.h"

namespace govmetrics::rpc {

WorkPool::WorkPool(int max_threads, std::chrono::milliseconds idle_timeout)
    : max_threads_(max_threads), idle_timeout_(absl::FromChrono(idle_timeout)) {}

WorkPool::~WorkPool() {
  {
    absl::MutexLock lock(&mutex_);
    stopping_ = true;
    work_available_.SignalAll();
    while (threads_ > 0) all_exited_.Wait(&mutex_);
  }
  JoinFinished();
}

void WorkPool::Submit(std::function<void()> task) {
  JoinFinished();
  absl::MutexLock lock(&mutex_);
  tasks_.push_back(std::move(task));
  // An idle thread not yet claimed by an earlier queued task takes it; otherwise a new
  // thread, unless the cap is reached (then the task waits for the first free thread).
  if (idle_ >= static_cast<int>(tasks_.size())) {
    work_available_.Signal();
  } else if (max_threads_ <= 0 || threads_ < max_threads_) {
    ++threads_;
    // Started under the lock, so it is registered before it can look for itself.
    std::thread worker([this] { WorkerLoop(); });
    const std::thread::id id = worker.get_id();
    workers_.emplace(id, std::move(worker));
  }
}

int WorkPool::threads() const {
  absl::MutexLock lock(&mutex_);
  return threads_;
}

long long WorkPool::tasks_started() const {
  absl::MutexLock lock(&mutex_);
  return tasks_started_;
}

void WorkPool::JoinFinished() {
  std::vector<std::thread> finished;
  {
    absl::MutexLock lock(&mutex_);
    finished.swap(finished_);
  }
  for (auto& thread : finished) thread.join();
}

void WorkPool::WorkerLoop() {
  absl::MutexLock lock(&mutex_);
  while (true) {
    if (!tasks_.empty()) {
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      ++tasks_started_;
      mutex_.Unlock();
      task();
      task = nullptr;  // destroy the captures outside the lock too
      mutex_.Lock();
      continue;
    }
    if (stopping_) break;
    ++idle_;
    const bool timed_out = work_available_.WaitWithTimeout(&mutex_, idle_timeout_);
    --idle_;
    if (timed_out && tasks_.empty()) break;
  }
  auto self = workers_.find(std::this_thread::get_id());
  finished_.push_back(std::move(self->second));
  workers_.erase(self);
  if (--threads_ == 0) all_exited_.SignalAll();
}

WorkPool& HeavyCallPool() {
  static auto* pool = new WorkPool(absl::GetFlag(FLAGS_threads));
  return *pool;
}

}  // namespace govmetrics::rpc
