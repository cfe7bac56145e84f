#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_WORKSPACE_FLAGS_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_WORKSPACE_FLAGS_H_

// The flags of a server that reads datasets from the workspace (index, modeling,
// reporting): --workspace_address, --workspace_tls_cert / _key / --workspace_ca (the
// same shape as reporting's --downstream_* flags), --dataset_cache_mb,
// --dataset_read_streams.

#include <memory>

#include "absl/status/statusor.h"
#include "common/workspace_client/dataset_reader.h"

namespace govmetrics::workspace_client {

// The reader the flags describe; null (not an error) when --workspace_address is empty.
// Errors name the TLS flag whose file could not be read, or the flag out of range.
absl::StatusOr<std::unique_ptr<DatasetReader>> DatasetReaderFromFlags();

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_WORKSPACE_FLAGS_H_
