#ifndef GOVMETRICS_SERVICES_GATEWAY_STREAM_PUMP_H_
#define GOVMETRICS_SERVICES_GATEWAY_STREAM_PUMP_H_

// Reads a backend's server stream on its own thread into a small bounded queue, so that the
// thread writing the HTTP response can wait with a timeout. When the backend is silent for
// a while (a watched study waiting for a worker) the writer sends a keep-alive comment,
// and a write to a closed connection is how it learns that the client went away: it then
// cancels the backend call instead of holding it (and a worker thread) until the deadline.

#include <deque>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "grpcpp/client_context.h"
#include "services/gateway/backend_calls.h"

namespace govmetrics::gateway {

class StreamPump {
 public:
  enum class Next { kMessage, kIdle, kEnd };

  // Starts reading `reader` (whose call uses `context`); both must outlive the pump.
  StreamPump(StreamReader* reader, grpc::ClientContext* context);
  // Cancels the call if it is still running and waits for the reading thread.
  ~StreamPump();
  StreamPump(const StreamPump&) = delete;
  StreamPump& operator=(const StreamPump&) = delete;

  // The next message (kMessage), kEnd once the stream has ended, or kIdle when `idle`
  // passed without either (absl::InfiniteDuration() waits for one of the two).
  Next Wait(absl::Duration idle, std::string* message);
  // Cancels the backend call: the reading thread ends, Finish() reports CANCELLED.
  void Cancel();
  // The call's status, after Wait() returned kEnd (or after Cancel()).
  grpc::Status Finish();

 private:
  // Backpressure: a slow client holds at most this many messages here, not the stream.
  static constexpr size_t kDepth = 8;

  void ReadAll();

  StreamReader* reader_;
  grpc::ClientContext* context_;
  absl::Mutex mu_;
  std::deque<std::string> queue_ ABSL_GUARDED_BY(mu_);
  bool ended_ ABSL_GUARDED_BY(mu_) = false;
  bool cancelled_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_STREAM_PUMP_H_
