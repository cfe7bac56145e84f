#ifndef GOVMETRICS_COMMON_CONTRACTS_SPATIAL_PANEL_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_SPATIAL_PANEL_REQUEST_H_

// FitSpatialPanel: validate (INVALID_ARGUMENT with field paths: dependent, regressors[i],
// effect_draws, model, weights.*), build W (spatial_weights_request.h), require a
// balanced panel (balanced_panel.h), fit with stats::FitSpatialPanel, map the result.

#include "absl/status/statusor.h"
#include "common/contracts/field_violations.h"
#include "common/stats/stop_check.h"
#include "govmetrics/modeling/v1/spatial_panel.pb.h"

namespace govmetrics::contracts {

absl::StatusOr<modeling::v1::FitSpatialPanelResponse> FitSpatialPanel(
    const modeling::v1::FitSpatialPanelRequest& request, const stats::StopPredicate* should_stop);

// The options' rules (model, fixed_effects, bias_correction, effect_draws), with paths
// relative to the request; also the study spec's spatial section's (section_validation.h).
void ValidateSpatialPanelOptions(const modeling::v1::FitSpatialPanelRequest& request, FieldViolations* v);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_SPATIAL_PANEL_REQUEST_H_
