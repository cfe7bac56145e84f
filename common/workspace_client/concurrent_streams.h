#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_CONCURRENT_STREAMS_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_CONCURRENT_STREAMS_H_

// Runs the streams of one read (a dataset read over several ReadDataset streams, each a
// slice of its rows: dataset_reader.h) at once, each on its own thread, as one call: the
// first stream to fail cancels the others, and its status is the call's. Without this,
// a failed slice would leave the other streams receiving rows nobody will use until
// they end, and the caller would see whichever error came last (often the CANCELLED of
// a stream cancelled because of the first failure) instead of the cause.

#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "grpcpp/client_context.h"

namespace govmetrics::workspace_client {

// Runs `stream(i)` for each i in [0, contexts.size()), stream 0 on the calling thread and
// the others on threads of their own, and waits for all. When one returns an error, every
// context is cancelled (TryCancel: their streams end soon with CANCELLED) and that first
// error is returned; OK when all succeed.
absl::Status RunConcurrently(const std::vector<grpc::ClientContext*>& contexts,
                             const std::function<absl::Status(int stream)>& stream);

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_CONCURRENT_STREAMS_H_
