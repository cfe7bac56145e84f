#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_RESPONSE_HEADER_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_RESPONSE_HEADER_H_

// The fields of a ReadDatasetResponse still in its wire bytes that say where its rows go
// and how its entities are numbered, read before its chunk is decoded: a slice's first
// message says where the slice's rows go in the whole read (ReadDatasetRequest.slice), so
// they are decoded straight into place, and every message of a stream that numbers the
// dataset's entities (ReadDatasetRequest.dataset_entity_codes) says so, with the entities
// before its chunk, so the slice's codes are checked as they come.

#include <cstdint>

#include "absl/status/statusor.h"
#include "grpcpp/support/byte_buffer.h"

namespace govmetrics::workspace_client {

// ReadDatasetResponse's first_row, dataset_entity_codes and entities_before (0 / false
// when absent, as protobuf reads them).
struct ResponseHeader {
  int64_t first_row = 0;
  bool dataset_entity_codes = false;
  int64_t entities_before = 0;
};

// The message's header fields; the others (the chunk) are skipped, not decoded. DATA_LOSS
// when the bytes are not a valid message.
absl::StatusOr<ResponseHeader> ReadResponseHeader(grpc::ByteBuffer& message);

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_RESPONSE_HEADER_H_
