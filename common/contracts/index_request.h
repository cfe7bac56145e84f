#ifndef GOVMETRICS_COMMON_CONTRACTS_INDEX_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_INDEX_REQUEST_H_

// ComputeIndexRequest <-> stats::ComputeCompositeIndex. Validation names every bad field
// by its request path (INVALID_ARGUMENT + BadRequest); numerical preconditions (constant
// indicator) come back from stats as FAILED_PRECONDITION naming the indicator.

#include "absl/status/statusor.h"
#include "govmetrics/index/v1/index_service.pb.h"

namespace govmetrics::contracts {

absl::StatusOr<index::v1::ComputeIndexResponse> ComputeIndex(
    const index::v1::ComputeIndexRequest& request);

absl::StatusOr<index::v1::ComputeCouplingCoordinationResponse> ComputeCouplingCoordination(
    const index::v1::ComputeCouplingCoordinationRequest& request);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_INDEX_REQUEST_H_
