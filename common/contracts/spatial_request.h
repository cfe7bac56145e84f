#ifndef GOVMETRICS_COMMON_CONTRACTS_SPATIAL_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_SPATIAL_REQUEST_H_

// AnalyzeSpatialAutocorrelation: request -> W (spatial_weights_request.h) -> per period
// stats::MoranI / GearyC / ComputeLocalMoran -> response. The panel must be balanced with
// a value in every cell (FAILED_PRECONDITION naming the missing entity-period, or
// INVALID_ARGUMENT naming the missing cell).

#include "absl/status/statusor.h"
#include "common/stats/stop_check.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"

namespace govmetrics::contracts {

absl::StatusOr<modeling::v1::AnalyzeSpatialAutocorrelationResponse> AnalyzeSpatialAutocorrelation(
    const modeling::v1::AnalyzeSpatialAutocorrelationRequest& request, const stats::StopPredicate* should_stop);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_SPATIAL_REQUEST_H_
