// The small-system fast path used inside resampling loops (mediation bootstrap,
// permutation tests): many regressions that share one sample and one set of
// fixed effects are all sub-problems of one cross-product matrix.
//
// By Frisch-Waugh-Lovell, the slopes of y ~ X + FE equal those of the
// regression of the demeaned y on the demeaned X. Demeaning is linear and
// column-wise, so every column of the data matrix Z = [variables...] is
// demeaned once, G = Z~'Z~ is formed once (p x p), and the slopes of ANY
// equation "column r on columns S" follow from the |S| x |S| system
// G[S,S] b = G[S,r]. A replicate then costs O(n p^2) instead of a full model
// fit per equation, with no variance estimate (resampling needs only the point
// estimates). The full-sample fits still go through FitPanelModel.
#ifndef GOVMETRICS_COMMON_STATS_BOOTSTRAP_CROSS_PRODUCTS_H_
#define GOVMETRICS_COMMON_STATS_BOOTSTRAP_CROSS_PRODUCTS_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "common/stats/fixed_effects_factor.h"

namespace govmetrics::stats {

// How the equations' constant part is removed.
struct AbsorbSpec {
  // Fixed-effect factors (row-aligned with Z). Empty and `center` true means an
  // intercept only (pooled OLS); empty and `center` false means no constant.
  std::vector<const FactorCodes*> factors;
  bool center = true;
};

// Demeans every column of z (n rows) in place as `spec` says (exact one-way or
// balanced two-way demeaning, alternating projections otherwise; single thread,
// since callers parallelise over replicates) and returns z'z. `raw_sq_norms`
// receives the centred squared norms before fixed effects were absorbed (for the
// collinearity test of SolveFromCrossProducts); pass nullptr to skip.
absl::Status AbsorbedCrossProducts(Eigen::MatrixXd& z, const AbsorbSpec& spec,
                                   Eigen::MatrixXd* cross, Eigen::VectorXd* raw_sq_norms);

// Least-squares slopes of column `response` on columns `regressors` from the
// cross-product matrix. Returns false when the regressors are collinear (a
// pivot of the unit-diagonal scaled system below `tolerance`) or a regressor
// was swallowed by the fixed effects (demeaned squared norm below `tolerance`
// times its raw one, when `raw_sq_norms` is non-empty).
bool SolveFromCrossProducts(const Eigen::MatrixXd& cross, int response,
                            const std::vector<int>& regressors,
                            const Eigen::VectorXd& raw_sq_norms, double tolerance,
                            Eigen::VectorXd* slopes);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_BOOTSTRAP_CROSS_PRODUCTS_H_
