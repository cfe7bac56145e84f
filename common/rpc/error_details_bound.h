#ifndef GOVMETRICS_COMMON_RPC_ERROR_DETAILS_BOUND_H_
#define GOVMETRICS_COMMON_RPC_ERROR_DETAILS_BOUND_H_

// Every error a govmetrics server sends fits in what a default-configured client accepts.
// The status message travels in the `grpc-message` header (percent-encoded: up to 3x
// its bytes) and the google.rpc.Status in `grpc-status-details-bin` (base64: 4/3 x);
// a client rejects response metadata over 8 KiB by default and then reports
// RESOURCE_EXHAUSTED ("received initial metadata size exceeds limit") instead of the
// real error. A request with 100,000 bad rows used to produce exactly that.
//
// The bound, applied by ToGrpcStatus (status_mapping.h) to every status of every RPC:
// - the message is cut to kMaxStatusMessageBytes (at a UTF-8 boundary, marked "...");
// - each detail list (BadRequest.field_violations, QuotaFailure.violations,
//   PreconditionFailure.violations, any repeated field of any detail type) keeps its
//   first kMaxDetailItems entries, each string cut to kMaxDetailStringBytes;
// - entries are then dropped from the end until the serialized google.rpc.Status is at
//   most kMaxStatusDetailsBytes;
// - when anything was dropped, a google.rpc.ErrorInfo (reason ERROR_DETAILS_TRUNCATED,
//   domain govmetrics.io) says how many entries each list had ("field_violations_total":
//   "100000") and how many were sent ("field_violations_sent": "20").
// Worst case on the wire: 3 x 512 + 4/3 x 3,072 bytes, about 5.6 KiB.

#include <cstddef>
#include <string>

#include "absl/strings/string_view.h"
#include "google/rpc/status.pb.h"

namespace govmetrics::rpc {

inline constexpr size_t kMaxStatusMessageBytes = 512;
inline constexpr int kMaxDetailItems = 20;
inline constexpr size_t kMaxDetailStringBytes = 256;
inline constexpr size_t kMaxStatusDetailsBytes = 3072;

// `text` cut to at most `max_bytes` bytes without splitting a UTF-8 character; a cut
// text ends in "...".
std::string TruncateUtf8(absl::string_view text, size_t max_bytes);

// Applies the bound above to `status` in place (message and details).
void BoundStatusDetails(google::rpc::Status* status);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_ERROR_DETAILS_BOUND_H_
