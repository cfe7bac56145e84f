// The one definition of each panel estimator: its names (provenance, CLI,
// wire enum number), which fixed effects and variance estimators it accepts,
// what it requires of the data, and the function that turns the data into its
// linear problem. Validation (common/stats/panel_sample.cc and
// common/contracts/model_request.cc), defaults (ResolvePanelOptions),
// provenance strings and the CLI's --estimator values all read this table, so
// adding an estimator is: a value in proto Estimator, one entry in
// estimator_registry.cc, and its builder (docs/architecture.md).
#ifndef GOVMETRICS_COMMON_STATS_PANEL_ESTIMATOR_REGISTRY_H_
#define GOVMETRICS_COMMON_STATS_PANEL_ESTIMATOR_REGISTRY_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/stats/panel_input.h"
#include "common/stats/panel_linear_problem.h"
#include "common/stats/panel_options.h"
#include "common/stats/panel_result.h"

namespace govmetrics::stats {

// Turns the first n (complete) rows of `in` into the estimator's linear
// problem. May consume `in`'s matrices and add dropped rows / notes to `fit`.
using ProblemBuilder = absl::StatusOr<LinearProblem> (*)(
    PanelInput& in, int64_t n, const PanelModelOptions& options,
    const std::function<bool()>* should_stop, PanelFit* fit);

struct EstimatorDefinition {
  PanelEstimator id;
  const char* name;      // provenance and golden-file name, e.g. "random_effects"
  const char* cli_name;  // the CLI's --estimator value, e.g. "re"
  int wire_value;        // number of the govmetrics.modeling.v1.Estimator value
  const char* summary;   // one line for help text and docs
  // Fixed effects the estimator accepts; the first is the default when the
  // request leaves them unspecified. See Refuses() for the others.
  std::vector<FixedEffectsKind> fixed_effects;
  bool absorbs_labels = false;    // extra label columns may be absorbed
  bool uses_instruments = false;  // endogenous regressors + excluded instruments
  bool needs_entity = false;      // entity codes needed whatever the effects
  bool needs_period = false;      // period codes needed whatever the effects
  // Entities / periods are counted on the undifferenced (unaveraged) sample,
  // as plm's pdim does, because the transformed rows are not entity-periods.
  bool counts_input_sample = false;
  // Variance estimators accepted (empty = every registered one).
  std::vector<VarianceType> variances;
  ProblemBuilder build = nullptr;

  bool Accepts(FixedEffectsKind f) const;
  // An estimator without effects (pooled, first differences) ignores the
  // field, and one with effects reads kNone as its default; an estimator with
  // effects refuses others it cannot estimate (two-way random effects).
  // Unrefused values it does not accept resolve to DefaultFixedEffects().
  bool Refuses(FixedEffectsKind f) const;
  bool Accepts(VarianceType v) const;
  FixedEffectsKind DefaultFixedEffects() const { return fixed_effects.front(); }
};

// Every estimator, in wire-enum order.
absl::Span<const EstimatorDefinition> AllEstimators();
// The definition of `e` (every PanelEstimator value has one).
const EstimatorDefinition& GetEstimator(PanelEstimator e);
// nullptr when no estimator has that name / CLI name / wire number.
const EstimatorDefinition* FindEstimatorByName(absl::string_view name);
const EstimatorDefinition* FindEstimatorByCliName(absl::string_view cli_name);
const EstimatorDefinition* FindEstimatorByWireValue(int wire_value);

// "a, b, c" of the accepted values, for error messages and help.
std::string AcceptedFixedEffects(const EstimatorDefinition& e);
std::string AcceptedVariances(const EstimatorDefinition& e);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_ESTIMATOR_REGISTRY_H_
