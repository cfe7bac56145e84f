#ifndef GOVMETRICS_COMMON_CONTRACTS_DYNAMIC_PANEL_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_DYNAMIC_PANEL_REQUEST_H_

// FitDynamicPanel: request -> stats::gmm::DynamicPanelSpec (every field checked, each
// problem a BadRequest field violation) -> stats::gmm::FitDynamicPanel -> response.
// Too few periods for the lags, or no usable rows: FAILED_PRECONDITION naming the panel.

#include "absl/status/statusor.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"

namespace govmetrics::contracts {

absl::StatusOr<modeling::v1::FitDynamicPanelResponse> FitDynamicPanel(
    const modeling::v1::FitDynamicPanelRequest& request);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_DYNAMIC_PANEL_REQUEST_H_
