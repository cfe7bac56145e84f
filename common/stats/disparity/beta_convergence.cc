#include "common/stats/disparity/beta_convergence.h"

#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "common/stats/disparity/period_pairs.h"
#include "common/stats/panel_fit.h"

namespace govmetrics::stats {
namespace {

constexpr char kLogLevel[] = "ln_y_lag";

// One row per consecutive (t, t+1) pair: growth, ln y_t and the controls at t.
PanelInput GrowthRegressionInput(const ConvergenceData& data, bool conditional) {
  const std::vector<PeriodPair> pairs = ConsecutivePeriodPairs(data.entity, data.period_index);
  const Eigen::Index n = static_cast<Eigen::Index>(pairs.size());
  const Eigen::Index k_controls = conditional ? data.controls.cols() : 0;
  PanelInput in;
  in.y_name = "growth";
  in.y.resize(n);
  in.x_names = {kLogLevel};
  if (conditional) in.x_names.insert(in.x_names.end(), data.control_names.begin(), data.control_names.end());
  in.x.resize(n, 1 + k_controls);
  for (Eigen::Index r = 0; r < n; ++r) {
    const PeriodPair& p = pairs[r];
    in.y[r] = std::log(data.value[p.to_row]) - std::log(data.value[p.from_row]);
    in.x(r, 0) = std::log(data.value[p.from_row]);
    for (Eigen::Index c = 0; c < k_controls; ++c) in.x(r, 1 + c) = data.controls(p.from_row, c);
    in.entity.push_back(data.entity[p.from_row]);
    in.period.push_back(data.period_index[p.from_row]);
  }
  return in;
}

}  // namespace

absl::StatusOr<BetaConvergence> EstimateBetaConvergence(const ConvergenceData& data,
                                                        bool conditional,
                                                        const StopPredicate* should_stop) {
  if (!(data.value.array() > 0).all()) {
    return absl::InvalidArgumentError("beta-convergence: the index must be positive (logs are taken)");
  }
  PanelInput in = GrowthRegressionInput(data, conditional);
  if (in.y.size() == 0) {
    return absl::FailedPreconditionError(
        "beta-convergence: no entity is observed in two consecutive periods");
  }
  PanelModelOptions options;
  options.estimator = conditional ? PanelEstimator::kWithin : PanelEstimator::kPooledOls;
  options.fixed_effects = conditional ? FixedEffectsKind::kTwoWay : FixedEffectsKind::kNone;
  options.variance.type = VarianceType::kCluster;
  options.variance.small_sample = SmallSampleConvention::kStata;
  auto fit = FitPanelModel(std::move(in), options, should_stop);
  if (!fit.ok()) return fit.status();
  BetaConvergence out;
  out.conditional = conditional;
  for (const CoefficientEstimate& c : fit->coefficients) {
    if (c.name == kLogLevel) out.beta = c;
  }
  if (out.beta.name.empty()) {
    return absl::FailedPreconditionError("beta-convergence: ln y_t is collinear with the fixed effects");
  }
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  out.speed = out.beta.estimate > -1 ? -std::log1p(out.beta.estimate) : kNaN;
  out.half_life = out.speed > 0 ? std::log(2.0) / out.speed : kNaN;
  out.fit = *std::move(fit);
  return out;
}

}  // namespace govmetrics::stats
