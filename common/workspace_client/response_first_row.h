#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_RESPONSE_FIRST_ROW_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_RESPONSE_FIRST_ROW_H_

// ReadDatasetResponse.first_row of a message still in its wire bytes: where a slice's
// rows go in the whole read (ReadDatasetRequest.slice), known from its first message
// before any of its values are decoded, so they are decoded straight into place.

#include <cstdint>

#include "absl/status/statusor.h"
#include "grpcpp/support/byte_buffer.h"

namespace govmetrics::workspace_client {

// The message's first_row (0 when absent, as protobuf reads it); the other fields are
// skipped, not decoded. DATA_LOSS when the bytes are not a valid message.
absl::StatusOr<int64_t> ResponseFirstRow(grpc::ByteBuffer& message);

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_RESPONSE_FIRST_ROW_H_
