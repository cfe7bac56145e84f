#include "common/workspace_client/parse_behind.h"

#include <utility>

namespace govmetrics::workspace_client {

ParseBehind::ParseBehind(Parse parse, size_t depth)
    : parse_(std::move(parse)), depth_(depth < 1 ? 1 : depth), thread_([this] { Run(); }) {}

ParseBehind::~ParseBehind() {
  {
    absl::MutexLock lock(&mu_);
    stop_ = true;
  }
  thread_.join();
}

absl::Status ParseBehind::Push(grpc::ByteBuffer& message) {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(this, &ParseBehind::HasRoom));
  if (!status_.ok()) return status_;
  waiting_.emplace_back();
  waiting_.back().Swap(&message);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ParseBehind::Finish() {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(this, &ParseBehind::Idle));
  if (!status_.ok()) return status_;
  return rows_;
}

// The message is parsed outside the lock, so the receiver pushes the next one meanwhile;
// it is released (its gRPC slices freed) on this thread too.
void ParseBehind::Run() {
  while (true) {
    grpc::ByteBuffer message;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(this, &ParseBehind::HasWork));
      if (stop_) return;
      message.Swap(&waiting_.front());
      waiting_.pop_front();
      parsing_ = true;
    }
    absl::StatusOr<int64_t> rows = parse_(message);
    absl::MutexLock lock(&mu_);
    parsing_ = false;
    if (!rows.ok()) {
      status_ = rows.status();
      waiting_.clear();
      return;  // Push and Finish now return the error
    }
    rows_ += *rows;
  }
}

}  // namespace govmetrics::workspace_client
