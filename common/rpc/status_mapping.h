#ifndef GOVMETRICS_COMMON_RPC_STATUS_MAPPING_H_
#define GOVMETRICS_COMMON_RPC_STATUS_MAPPING_H_

// The one place where an absl::Status becomes a grpc::Status. Payloads stored by
// common/contracts (BadRequest, PreconditionFailure) become google.protobuf.Any details
// of a google.rpc.Status sent in the `grpc-status-details-bin` trailer, which every
// gRPC language runtime knows how to read (e.g. grpc_status.rpc_status in Python).
// Message and details are bounded (error_details_bound.h) so that they always fit the
// metadata limit of a default-configured client.

#include "absl/status/status.h"
#include "grpcpp/support/status.h"

namespace govmetrics::rpc {

grpc::Status ToGrpcStatus(const absl::Status& status);

// Inverse mapping for downstream calls (reporting -> index / modeling), keeping details.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_STATUS_MAPPING_H_
