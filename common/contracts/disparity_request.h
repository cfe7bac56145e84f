#ifndef GOVMETRICS_COMMON_CONTRACTS_DISPARITY_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_DISPARITY_REQUEST_H_

// AnalyzeDisparity: request -> common/stats/disparity (Dagum Gini, Theil, kernel density,
// beta-convergence, Markov chains) -> response. Validation names every bad field
// (INVALID_ARGUMENT + BadRequest); a value that a requested analysis cannot use (a zero
// where logs are taken, a period with a zero mean) is FAILED_PRECONDITION naming the cell
// or period. Rows whose value is missing are dropped and listed in the provenance.

#include "absl/status/statusor.h"
#include "common/stats/stop_check.h"
#include "govmetrics/index/v1/index_service.pb.h"

namespace govmetrics::contracts {

absl::StatusOr<index::v1::AnalyzeDisparityResponse> AnalyzeDisparity(
    const index::v1::AnalyzeDisparityRequest& request, const stats::StopPredicate* should_stop);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_DISPARITY_REQUEST_H_
