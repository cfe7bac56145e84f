#ifndef GOVMETRICS_COMMON_CONTRACTS_THRESHOLD_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_THRESHOLD_REQUEST_H_

// FitThresholdModel: request -> balanced panel (balanced_panel.h; entities in name order,
// so the bootstrap does not depend on row order) -> stats::FitThresholdModel -> the regime
// slopes by the FitPanelModel path (within, entity effects, the request's variance) ->
// response. docs/methods/threshold.md.

#include "absl/status/statusor.h"
#include "common/stats/stop_check.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"

namespace govmetrics::contracts {

// Most thresholds a model may have (Hansen 1999's sequential search, three stages).
inline constexpr int kMaxThresholds = 3;

absl::StatusOr<modeling::v1::FitThresholdModelResponse> FitThresholdModel(
    const modeling::v1::FitThresholdModelRequest& request, const stats::StopPredicate* should_stop);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_THRESHOLD_REQUEST_H_
