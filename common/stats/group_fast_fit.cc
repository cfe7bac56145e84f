#include "common/stats/group_fast_fit.h"

#include "Eigen/Cholesky"
#include "common/stats/bootstrap_cross_products.h"
#include "common/stats/fixed_effects_factor.h"
#include "common/stats/linear_solve.h"

namespace govmetrics::stats {

GroupAbsorb GroupAbsorbOf(const PanelModelOptions& o) {
  GroupAbsorb a;
  const bool within = o.estimator == PanelEstimator::kWithin;
  a.entity = within && (o.fixed_effects == FixedEffectsKind::kEntity ||
                        o.fixed_effects == FixedEffectsKind::kTwoWay);
  a.period = within && (o.fixed_effects == FixedEffectsKind::kPeriod ||
                        o.fixed_effects == FixedEffectsKind::kTwoWay);
  a.extra = within;
  a.center = !within;
  return a;
}

bool FitGroupFast(const PanelInput& data, const std::vector<int>& rows, const GroupAbsorb& absorb,
                  bool keep_design, GroupFastFit* out) {
  const int m = static_cast<int>(rows.size());
  const int k = static_cast<int>(data.x.cols());
  Eigen::MatrixXd z(m, k + 1);
  for (int j = 0; j < k; ++j) {
    for (int i = 0; i < m; ++i) z(i, j) = data.x(rows[i], j);
  }
  for (int i = 0; i < m; ++i) z(i, k) = data.y[rows[i]];
  std::vector<FactorCodes> factors;
  auto add = [&](const std::vector<int>& codes) {
    std::vector<int> v(m);
    for (int i = 0; i < m; ++i) v[i] = codes[rows[i]];
    factors.push_back(RecodeFactor("fe", v));
  };
  if (absorb.entity) add(data.entity);
  if (absorb.period) add(data.period);
  if (absorb.extra) {
    for (const auto& a : data.absorb) add(a);
  }
  AbsorbSpec spec;
  for (const auto& f : factors) spec.factors.push_back(&f);
  spec.center = absorb.center;
  Eigen::MatrixXd cross;
  Eigen::VectorXd raw;
  if (!AbsorbedCrossProducts(z, spec, &cross, &raw).ok()) return false;
  std::vector<int> regs(k);
  for (int j = 0; j < k; ++j) regs[j] = j;
  if (!SolveFromCrossProducts(cross, k, regs, raw, kDefaultCollinearityTolerance, &out->slopes)) {
    return false;
  }
  if (keep_design) {
    out->x = z.leftCols(k);
    out->residuals = z.col(k) - out->x * out->slopes;
    out->bread = cross.topLeftCorner(k, k).ldlt().solve(Eigen::MatrixXd::Identity(k, k));
  }
  return true;
}

}  // namespace govmetrics::stats
