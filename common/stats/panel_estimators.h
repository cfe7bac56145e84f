// Builders that turn a (row-compacted) PanelInput into the LinearProblem of
// one estimator. Internal to the panel engine; FitPanelModel is the API.
#ifndef GOVMETRICS_COMMON_STATS_PANEL_ESTIMATORS_H_
#define GOVMETRICS_COMMON_STATS_PANEL_ESTIMATORS_H_

#include <cstdint>
#include <functional>

#include "absl/status/statusor.h"
#include "common/stats/panel_input.h"
#include "common/stats/panel_linear_problem.h"
#include "common/stats/panel_options.h"
#include "common/stats/panel_result.h"

namespace govmetrics::stats {

// Row-aligned entity / period / extra cluster factors of the first n rows.
void AttachIdentifiers(const PanelInput& in, int64_t n, LinearProblem* p);

// Pooled OLS (and IV without fixed effects): [1, X], in a new matrix.
LinearProblem BuildPooledProblem(PanelInput& in, int64_t n, bool instruments);

// Within (and IV with fixed effects): absorbs in place; may drop singletons
// (reported in fit).
absl::StatusOr<LinearProblem> BuildWithinProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& options,
    const std::function<bool()>* should_stop, PanelFit* fit);

// Swamy-Arora random effects (effect: entity or period).
absl::StatusOr<LinearProblem> BuildRandomEffectsProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& options, PanelFit* fit);

// First differences as plm: consecutive rows of an entity in period order.
absl::StatusOr<LinearProblem> BuildFirstDifferenceProblem(PanelInput& in, int64_t n);

// Between: OLS of group means on group means with an intercept.
absl::StatusOr<LinearProblem> BuildBetweenProblem(PanelInput& in, int64_t n,
                                                  bool by_period);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_ESTIMATORS_H_
