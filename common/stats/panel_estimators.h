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

// Every builder has the registry's ProblemBuilder signature
// (common/stats/panel/estimator_registry.h): it turns the first n complete rows
// of `in` into the estimator's linear problem, consuming `in`'s matrices.

// Pooled OLS (and IV without fixed effects): [1, X], in a new matrix.
absl::StatusOr<LinearProblem> BuildPooledProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& options,
    const std::function<bool()>* should_stop, PanelFit* fit);

// Within: absorbs in place; may drop singletons (reported in fit).
absl::StatusOr<LinearProblem> BuildWithinProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& options,
    const std::function<bool()>* should_stop, PanelFit* fit);

// 2SLS: the within problem when effects are absorbed, else the pooled one,
// with the excluded instruments attached.
absl::StatusOr<LinearProblem> BuildIvProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& options,
    const std::function<bool()>* should_stop, PanelFit* fit);

// Swamy-Arora random effects (effect: entity or period).
absl::StatusOr<LinearProblem> BuildRandomEffectsProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& options,
    const std::function<bool()>* should_stop, PanelFit* fit);

// First differences as plm: consecutive rows of an entity in period order.
absl::StatusOr<LinearProblem> BuildFirstDifferenceProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& options,
    const std::function<bool()>* should_stop, PanelFit* fit);

// Between: OLS of group means on group means with an intercept (group: the
// period with FixedEffectsKind::kPeriod, else the entity).
absl::StatusOr<LinearProblem> BuildBetweenProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& options,
    const std::function<bool()>* should_stop, PanelFit* fit);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_ESTIMATORS_H_
