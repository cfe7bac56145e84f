// Between estimator, as plm(model = "between"): OLS with an intercept on the
// group means (one row per entity, or per period with by_period), unweighted.
#include "absl/status/status.h"
#include "common/stats/panel_estimators.h"

namespace govmetrics::stats {

absl::StatusOr<LinearProblem> BuildBetweenProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& o,
    const std::function<bool()>* /*should_stop*/, PanelFit* /*fit*/) {
  const bool by_period = o.fixed_effects == FixedEffectsKind::kPeriod;
  const std::vector<int>& codes = by_period ? in.period : in.entity;
  const FactorCodes group =
      RecodeFactor(by_period ? "period" : "entity", absl::MakeConstSpan(codes.data(), n));
  const int64_t g_count = group.levels;
  const int64_t k = in.x.cols();
  LinearProblem p;
  p.n = g_count;
  p.x = Eigen::MatrixXd::Zero(g_count, k + 1);
  p.y = Eigen::VectorXd::Zero(g_count);
  for (int64_t i = 0; i < n; ++i) {
    const int g = group.codes[i];
    p.y[g] += in.y[i];
    for (int64_t j = 0; j < k; ++j) p.x(g, j + 1) += in.x(i, j);
  }
  for (int64_t g = 0; g < g_count; ++g) {
    const double t = static_cast<double>(group.counts[g]);
    p.y[g] /= t;
    p.x.row(g) /= t;
    p.x(g, 0) = 1.0;
  }
  p.names.push_back("(Intercept)");
  for (const auto& name : in.x_names) p.names.push_back(name);
  p.intercept = 0;
  // One row per group: the group itself is the row-aligned identifier.
  std::vector<int> ids(g_count);
  for (int64_t g = 0; g < g_count; ++g) ids[g] = group.level_values[g];
  if (by_period) {
    p.period = RecodeFactor("period", ids);
  } else {
    p.entity = RecodeFactor("entity", ids);
  }
  p.tss = CenteredSumOfSquares(p.y.data(), g_count);
  return p;
}

}  // namespace govmetrics::stats
