#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_PARSE_BEHIND_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_PARSE_BEHIND_H_

// Parses the messages of a stream on a thread of its own, a few messages behind the
// thread that receives them. A large read by reference is bound by its one receiving
// thread (socket reads, HTTP/2 framing, then the parse: copying the values out of the
// message and checking them) while the other core has time to spare; handing each
// message over leaves the receiving thread only the receiving, so the next message is
// read while this one is parsed.
//
// Bounded: at most `depth` messages wait (the receiver blocks on the next Push), so the
// memory held is a few messages more than gRPC's own receive window. Order is kept: one
// parser thread takes the messages in the order they were pushed.

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/support/byte_buffer.h"

namespace govmetrics::workspace_client {

class ParseBehind {
 public:
  // `parse`: appends one message's rows and returns their count (ColumnarChunkParser::
  // Append); called on the parsing thread only, never after it returned an error.
  using Parse = std::function<absl::StatusOr<int64_t>(grpc::ByteBuffer& message)>;
  ParseBehind(Parse parse, size_t depth);
  // Stops the parsing thread (messages not yet parsed are dropped) and joins it.
  ~ParseBehind();
  ParseBehind(const ParseBehind&) = delete;
  ParseBehind& operator=(const ParseBehind&) = delete;

  // Hands `message` over to be parsed (it is left empty), waiting while `depth` messages
  // wait. The first error a parse returned so far, if any (the message is then dropped:
  // the caller stops receiving), else OK.
  absl::Status Push(grpc::ByteBuffer& message);
  // Waits until every message pushed is parsed: the rows of all of them, or the first
  // error a parse returned.
  absl::StatusOr<int64_t> Finish();

 private:
  void Run();
  bool HasWork() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stop_ || !waiting_.empty(); }
  bool HasRoom() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !status_.ok() || waiting_.size() < depth_;
  }
  bool Idle() const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return !status_.ok() || (waiting_.empty() && !parsing_);
  }

  const Parse parse_;
  const size_t depth_;
  absl::Mutex mu_;
  std::deque<grpc::ByteBuffer> waiting_ ABSL_GUARDED_BY(mu_);
  bool parsing_ ABSL_GUARDED_BY(mu_) = false;  // a message taken and not parsed yet
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  absl::Status status_ ABSL_GUARDED_BY(mu_);  // the first parse error
  int64_t rows_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread thread_;  // last: started once the members above exist
};

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_PARSE_BEHIND_H_
