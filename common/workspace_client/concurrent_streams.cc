#include "common/workspace_client/concurrent_streams.h"

#include <mutex>
#include <thread>

namespace govmetrics::workspace_client {

absl::Status RunConcurrently(const std::vector<grpc::ClientContext*>& contexts,
                             const std::function<absl::Status(int stream)>& stream) {
  std::mutex mutex;
  absl::Status first_error = absl::OkStatus();
  auto run = [&](int i) {
    absl::Status status = stream(i);
    if (status.ok()) return;
    std::lock_guard<std::mutex> lock(mutex);
    if (!first_error.ok()) return;  // most likely the CANCELLED this error's cancel caused
    first_error = std::move(status);
    for (grpc::ClientContext* context : contexts) context->TryCancel();
  };
  std::vector<std::thread> threads;
  threads.reserve(contexts.size());
  for (int i = 1; i < static_cast<int>(contexts.size()); ++i) threads.emplace_back(run, i);
  if (!contexts.empty()) run(0);
  for (std::thread& thread : threads) thread.join();
  return first_error;
}

}  // namespace govmetrics::workspace_client
