// Beta-convergence of an index in panel form (Barro and Sala-i-Martin 1992; the annual
// panel version used in regional studies):
//   ln(y_{i,t+1} / y_{i,t}) = a + beta ln(y_{i,t}) [+ controls_{i,t} gamma] + e_{i,t+1}
// absolute: pooled OLS with an intercept; conditional: the same with entity and period
// fixed effects (two-way within) and optional controls. beta < 0 means convergence;
// speed = -ln(1 + beta) per period, half-life = ln 2 / speed. Inference: standard errors
// clustered by entity, Stata's small-sample convention (docs/methods/panel.md).
// Sigma-convergence is the per-period dispersion (sd, CV) reported beside it.
#ifndef GOVMETRICS_COMMON_STATS_DISPARITY_BETA_CONVERGENCE_H_
#define GOVMETRICS_COMMON_STATS_DISPARITY_BETA_CONVERGENCE_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/panel_result.h"
#include "common/stats/stop_check.h"

namespace govmetrics::stats {

struct ConvergenceData {
  Eigen::VectorXd value;          // y > 0 on every row
  std::vector<int> entity;        // dense codes
  std::vector<int> period_index;  // dense 0..T-1 in time order
  std::vector<std::string> control_names;
  Eigen::MatrixXd controls;       // rows x controls, values at t (conditional only)
};

struct BetaConvergence {
  bool conditional = false;
  CoefficientEstimate beta;  // the coefficient of ln y_t
  double speed = 0;          // -ln(1 + beta); NaN when beta <= -1
  double half_life = 0;      // ln 2 / speed; NaN unless speed > 0
  PanelFit fit;              // the whole regression (every coefficient, N, R2, ...)
};

// `conditional` selects the two-way fixed-effects regression with controls.
absl::StatusOr<BetaConvergence> EstimateBetaConvergence(const ConvergenceData& data,
                                                        bool conditional,
                                                        const StopPredicate* should_stop);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_DISPARITY_BETA_CONVERGENCE_H_
