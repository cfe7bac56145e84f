// Marginal effects of a Tobit's regressors (McDonald and Moffitt 1980, two-limit form;
// Greene, Econometric Analysis, ch. 19). With alpha = (a - x'b) / s, beta = (b - x'b) / s,
// D = Phi(beta) - Phi(alpha) and N = phi(alpha) - phi(beta), the derivative by x_k is b_k
// times:
//   latent x'b:                      1
//   E[y | x] (unconditional):        D
//   E[y | x, a < y < b]:             1 + (alpha phi(alpha) - beta phi(beta)) / D - (N / D)^2
//   Pr(a < y < b | x):               N / s
// (an infinite limit contributes phi = 0, alpha phi(alpha) = 0). At the means x is the
// column means of the design; averaged, the factor is averaged over the sample. Rows far
// in a censored region (D a difference of two tiny tails) are computed from log Phi and
// the inverse Mills ratio. Delta-method standard errors with the Jacobian in
// (b, log sigma) by central differences. The random-effects Tobit passes (b, log sigma_e):
// its effects are at u_i = 0 (Stata xttobit's pr0 / e0 / ystar0).
#ifndef GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_MARGINAL_EFFECTS_H_
#define GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_MARGINAL_EFFECTS_H_

#include <vector>

#include "Eigen/Core"
#include "common/stats/censored/tobit_terms.h"

namespace govmetrics::stats {

enum class MarginalKind { kLatent, kUnconditional, kConditional, kProbability };
enum class MarginalAt { kMeans, kAverage };

struct MarginalEffect {
  int column = 0;  // column of x (1..k-1; the intercept has none)
  MarginalKind kind = MarginalKind::kLatent;
  MarginalAt at = MarginalAt::kMeans;
  double estimate = 0;
  double std_error = 0;
};

// x: the design (column 0 the intercept); theta = (b, log sigma); covariance of theta.
// Every kind at both evaluation points, ordered by (at, kind, column).
std::vector<MarginalEffect> TobitMarginalEffects(const Eigen::MatrixXd& x, const CensoringLimits& limits,
                                                 const Eigen::VectorXd& theta, const Eigen::MatrixXd& covariance);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_MARGINAL_EFFECTS_H_
