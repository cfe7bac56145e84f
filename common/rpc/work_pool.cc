#include "common/rpc/work_pool.h"

#include <utility>

#include "absl/flags/flag.h"
#include "common/rpc/server_flags.h"

namespace govmetrics::rpc {

WorkPool::WorkPool(int max_threads, std::chrono::milliseconds idle_timeout)
    : max_threads_(max_threads), idle_timeout_(idle_timeout) {}

WorkPool::~WorkPool() {
  {
    std::unique_lock<std::mutex> lock(mutex_);
    stopping_ = true;
    work_available_.notify_all();
    all_exited_.wait(lock, [&] { return threads_ == 0; });
  }
  JoinFinished();
}

void WorkPool::Submit(std::function<void()> task) {
  JoinFinished();
  std::lock_guard<std::mutex> lock(mutex_);
  tasks_.push_back(std::move(task));
  // An idle thread not yet claimed by an earlier queued task takes it; otherwise a new
  // thread, unless the cap is reached (then the task waits for the first free thread).
  if (idle_ >= static_cast<int>(tasks_.size())) {
    work_available_.notify_one();
  } else if (max_threads_ <= 0 || threads_ < max_threads_) {
    ++threads_;
    // Started under the lock, so it is registered before it can look for itself.
    std::thread worker([this] { WorkerLoop(); });
    const std::thread::id id = worker.get_id();
    workers_.emplace(id, std::move(worker));
  }
}

int WorkPool::threads() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return threads_;
}

long long WorkPool::tasks_started() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return tasks_started_;
}

void WorkPool::JoinFinished() {
  std::vector<std::thread> finished;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    finished.swap(finished_);
  }
  for (auto& thread : finished) thread.join();
}

void WorkPool::WorkerLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (true) {
    if (!tasks_.empty()) {
      std::function<void()> task = std::move(tasks_.front());
      tasks_.pop_front();
      ++tasks_started_;
      lock.unlock();
      task();
      task = nullptr;  // destroy the captures outside the lock too
      lock.lock();
      continue;
    }
    if (stopping_) break;
    ++idle_;
    const bool woken =
        work_available_.wait_for(lock, idle_timeout_, [&] { return !tasks_.empty() || stopping_; });
    --idle_;
    if (!woken) break;  // idle for the whole timeout
  }
  auto self = workers_.find(std::this_thread::get_id());
  finished_.push_back(std::move(self->second));
  workers_.erase(self);
  if (--threads_ == 0) all_exited_.notify_all();
}

WorkPool& HeavyCallPool() {
  static auto* pool = new WorkPool(absl::GetFlag(FLAGS_threads));
  return *pool;
}

}  // namespace govmetrics::rpc
