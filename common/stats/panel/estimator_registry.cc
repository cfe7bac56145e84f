#include "common/stats/panel/estimator_registry.h"

#include <algorithm>

#include "absl/strings/str_join.h"
#include "common/stats/panel_estimators.h"

namespace govmetrics::stats {
namespace {

using FE = FixedEffectsKind;
using V = VarianceType;

// wire_value: the number of the matching govmetrics.modeling.v1.Estimator
// value (proto/govmetrics/modeling/v1/model_spec.proto). A test checks that
// both enumerations agree.
EstimatorDefinition PooledOlsDefinition() {
  EstimatorDefinition d;
  d.id = PanelEstimator::kPooledOls;
  d.name = "pooled_ols";
  d.cli_name = "pooled";
  d.wire_value = 1;
  d.summary = "OLS with an intercept, no fixed effects";
  d.fixed_effects = {FE::kNone};
  d.build = BuildPooledProblem;
  return d;
}

EstimatorDefinition WithinDefinition() {
  EstimatorDefinition d;
  d.id = PanelEstimator::kWithin;
  d.name = "within";
  d.cli_name = "within";
  d.wire_value = 2;
  d.summary = "fixed effects absorbed (entity, period, two-way, label columns)";
  d.fixed_effects = {FE::kEntity, FE::kNone, FE::kPeriod, FE::kTwoWay};
  d.absorbs_labels = true;
  d.build = BuildWithinProblem;
  return d;
}

EstimatorDefinition RandomEffectsDefinition() {
  EstimatorDefinition d;
  d.id = PanelEstimator::kRandomEffects;
  d.name = "random_effects";
  d.cli_name = "re";
  d.wire_value = 3;
  d.summary = "Swamy-Arora random effects GLS, as plm random.method = \"swar\"";
  d.fixed_effects = {FE::kEntity, FE::kPeriod};
  d.needs_entity = true;
  d.build = BuildRandomEffectsProblem;
  return d;
}

EstimatorDefinition FirstDifferenceDefinition() {
  EstimatorDefinition d;
  d.id = PanelEstimator::kFirstDifference;
  d.name = "first_difference";
  d.cli_name = "fd";
  d.wire_value = 4;
  d.summary = "first differences within entity with an intercept, as plm model = \"fd\"";
  d.fixed_effects = {FE::kNone};
  d.needs_entity = true;
  d.needs_period = true;
  d.counts_input_sample = true;
  d.build = BuildFirstDifferenceProblem;
  return d;
}

EstimatorDefinition BetweenDefinition() {
  EstimatorDefinition d;
  d.id = PanelEstimator::kBetween;
  d.name = "between";
  d.cli_name = "between";
  d.wire_value = 5;
  d.summary = "OLS on entity (or period) means, as plm model = \"between\"";
  d.fixed_effects = {FE::kEntity, FE::kPeriod};
  d.needs_entity = true;
  d.counts_input_sample = true;
  d.variances = {V::kIid, V::kHc0, V::kHc1, V::kHc2, V::kHc3};
  d.build = BuildBetweenProblem;
  return d;
}

EstimatorDefinition IvDefinition() {
  EstimatorDefinition d;
  d.id = PanelEstimator::kIv;
  d.name = "iv";
  d.cli_name = "iv";
  d.wire_value = 6;
  d.summary = "two-stage least squares, fixed effects absorbed if requested";
  d.fixed_effects = {FE::kEntity, FE::kNone, FE::kPeriod, FE::kTwoWay};
  d.absorbs_labels = true;
  d.uses_instruments = true;
  d.build = BuildIvProblem;
  return d;
}

// In wire-enum order.
const std::vector<EstimatorDefinition>& Table() {
  static const auto* table = new std::vector<EstimatorDefinition>{
      PooledOlsDefinition(),
      WithinDefinition(),
      RandomEffectsDefinition(),
      FirstDifferenceDefinition(),
      BetweenDefinition(),
      IvDefinition()};
  return *table;
}

template <typename Pred>
const EstimatorDefinition* FindIf(Pred pred) {
  const auto& t = Table();
  auto it = std::find_if(t.begin(), t.end(), pred);
  return it == t.end() ? nullptr : &*it;
}

}  // namespace

bool EstimatorDefinition::Accepts(FixedEffectsKind f) const {
  return std::find(fixed_effects.begin(), fixed_effects.end(), f) != fixed_effects.end();
}

bool EstimatorDefinition::Refuses(FixedEffectsKind f) const {
  return !Accepts(FixedEffectsKind::kNone) && f != FixedEffectsKind::kNone && !Accepts(f);
}

bool EstimatorDefinition::Accepts(VarianceType v) const {
  return variances.empty() || std::find(variances.begin(), variances.end(), v) != variances.end();
}

absl::Span<const EstimatorDefinition> AllEstimators() { return Table(); }

const EstimatorDefinition& GetEstimator(PanelEstimator e) {
  return *FindIf([e](const EstimatorDefinition& d) { return d.id == e; });
}

const EstimatorDefinition* FindEstimatorByName(absl::string_view name) {
  return FindIf([name](const EstimatorDefinition& d) { return d.name == name; });
}

const EstimatorDefinition* FindEstimatorByCliName(absl::string_view cli_name) {
  return FindIf([cli_name](const EstimatorDefinition& d) { return d.cli_name == cli_name; });
}

const EstimatorDefinition* FindEstimatorByWireValue(int wire_value) {
  return FindIf([wire_value](const EstimatorDefinition& d) { return d.wire_value == wire_value; });
}

std::string AcceptedFixedEffects(const EstimatorDefinition& e) {
  return absl::StrJoin(e.fixed_effects, ", ", [](std::string* out, FixedEffectsKind f) {
    out->append(ToString(f));
  });
}

std::string AcceptedVariances(const EstimatorDefinition& e) {
  std::vector<std::string> names;
  if (e.variances.empty()) return "every variance estimator";
  for (VarianceType v : e.variances) names.push_back(ToString(v));
  return absl::StrJoin(names, ", ");
}

}  // namespace govmetrics::stats
