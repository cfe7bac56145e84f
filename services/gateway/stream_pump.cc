#include "services/gateway/stream_pump.h"

#include <utility>

namespace govmetrics::gateway {

StreamPump::StreamPump(StreamReader* reader, grpc::ClientContext* context)
    : reader_(reader), context_(context), thread_([this] { ReadAll(); }) {}

StreamPump::~StreamPump() {
  Cancel();
  thread_.join();
}

void StreamPump::ReadAll() {
  std::string message;
  while (reader_->Read(&message)) {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(
        +[](StreamPump* pump) ABSL_EXCLUSIVE_LOCKS_REQUIRED(pump->mu_) {
          return pump->queue_.size() < kDepth || pump->cancelled_;
        },
        this));
    if (cancelled_) break;
    queue_.push_back(std::move(message));
  }
  absl::MutexLock lock(&mu_);
  ended_ = true;
}

StreamPump::Next StreamPump::Wait(absl::Duration idle, std::string* message) {
  absl::MutexLock lock(&mu_);
  mu_.AwaitWithTimeout(absl::Condition(
                           +[](StreamPump* pump) ABSL_EXCLUSIVE_LOCKS_REQUIRED(pump->mu_) {
                             return !pump->queue_.empty() || pump->ended_;
                           },
                           this),
                       idle);
  if (!queue_.empty()) {
    *message = std::move(queue_.front());
    queue_.pop_front();
    return Next::kMessage;
  }
  return ended_ ? Next::kEnd : Next::kIdle;
}

void StreamPump::Cancel() {
  absl::MutexLock lock(&mu_);
  if (ended_ || cancelled_) return;
  cancelled_ = true;
  context_->TryCancel();
}

grpc::Status StreamPump::Finish() {
  {
    absl::MutexLock lock(&mu_);
    mu_.Await(absl::Condition(&ended_));
  }
  return reader_->Finish();
}

}  // namespace govmetrics::gateway
