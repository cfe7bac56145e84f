// Entry point of the panel econometrics engine.
//
//   PanelInput in = ...;                    // y, X, entity, period, ...
//   PanelModelOptions opt;                  // estimator, effects, variance
//   opt.fixed_effects = FixedEffectsKind::kTwoWay;
//   opt.variance.type = VarianceType::kCluster;   // by entity by default
//   absl::StatusOr<PanelFit> fit = FitPanelModel(std::move(in), opt);
//
// Errors: InvalidArgument for malformed input (names the field),
// FailedPrecondition for well-formed but unusable data (no residual degrees of
// freedom, every regressor collinear, too few clusters), Cancelled when
// *should_stop returned true (polled inside long loops; it must be safe to
// call from any thread).
#ifndef GOVMETRICS_COMMON_STATS_PANEL_FIT_H_
#define GOVMETRICS_COMMON_STATS_PANEL_FIT_H_

#include <functional>

#include "absl/status/statusor.h"
#include "common/stats/panel_input.h"
#include "common/stats/panel_options.h"
#include "common/stats/panel_result.h"

namespace govmetrics::stats {

absl::StatusOr<PanelFit> FitPanelModel(
    PanelInput input, const PanelModelOptions& options,
    const std::function<bool()>* should_stop = nullptr);

// The options with every default made explicit (what FitPanelModel reports in
// PanelFit::resolved).
PanelModelOptions ResolvePanelOptions(const PanelModelOptions& options,
                                      const PanelInput& input);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_FIT_H_
