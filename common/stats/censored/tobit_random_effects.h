// Random-effects Tobit (Butler and Moffitt 1982; Stata xttobit): y*_it = x_it'b + u_i + e_it
// with u_i ~ N(0, sigma_u^2), e_it ~ N(0, sigma_e^2), censored at the limits. Each entity's
// likelihood L_i = integral of exp(h_i(u)) du, with
//   h_i(u) = sum_t log f(y_it | x_it'b + u, sigma_e) + log phi(u / sigma_u) - log sigma_u,
// is integrated by adaptive Gauss-Hermite quadrature (Liu and Pierce 1994; Rabe-Hesketh,
// Skrondal and Pickles 2002): the M nodes are centred at the mode u_i of h_i and scaled by
// s_i = (-h_i''(u_i))^-1/2,
//   L_i ~= sum_m w_m exp(v_m^2) sqrt(2) s_i exp(h_i(u_i + sqrt(2) s_i v_m)).
// h_i is strictly concave in u (every censored-normal term is log-concave in its index), so
// the mode is found by a one-dimensional Newton search. As in xttobit's adaptive methods,
// the nodes are recomputed at each Newton iterate of theta = (b, log sigma_u, log sigma_e)
// and held fixed within the iteration; the estimate is the point where the gradient with
// the nodes placed at it vanishes, and the covariance is the inverse of the Hessian there
// (nodes fixed). Non-adaptive quadrature is not offered: with the intra-entity correlations
// of provincial panels (rho 0.5-0.9) and T = 7-17 the integrand is too peaked for a fixed
// 12-point rule (on the test panels, estimates move by up to 300% between 12 and 40 fixed
// points).
#ifndef GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_RANDOM_EFFECTS_H_
#define GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_RANDOM_EFFECTS_H_

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/censored/gauss_hermite.h"
#include "common/stats/censored/tobit_pooled.h"

namespace govmetrics::stats {

// Rows of each entity (data.entity codes 0..entities-1).
using EntityRows = std::vector<std::vector<Eigen::Index>>;
EntityRows GroupRowsByEntity(const TobitData& data);

// Per-entity quadrature nodes u_i + sqrt(2) s_i v_m and their log weights
// log(w_m) + v_m^2 + log(sqrt(2) s_i).
struct AdaptiveNodes {
  Eigen::MatrixXd u;           // entities x M
  Eigen::MatrixXd log_weight;  // entities x M
};

AdaptiveNodes PlaceNodes(const TobitData& data, const std::vector<Censoring>& censoring, const EntityRows& groups,
                         const QuadratureRule& rule, const Eigen::VectorXd& theta);

// Log-likelihood, gradient and Hessian at theta = (b, log sigma_u, log sigma_e) with the
// nodes held fixed.
Objective RandomEffectsTobitObjective(const TobitData& data, const std::vector<Censoring>& censoring,
                                      const EntityRows& groups, const AdaptiveNodes& nodes,
                                      const Eigen::VectorXd& theta, bool with_derivatives);

struct RandomEffectsTobitFit {
  Eigen::VectorXd theta;       // (b, log sigma_u, log sigma_e)
  Eigen::MatrixXd covariance;  // inverse observed information of theta
  double log_likelihood = 0;
  double pooled_log_likelihood = 0;  // sigma_u = 0
  int iterations = 0;
  CensoringCounts counts;
};

// FAILED_PRECONDITION as FitPooledTobit, and when sigma_u collapses to 0 (no entity
// effect: the pooled Tobit is the model) or the information is singular.
absl::StatusOr<RandomEffectsTobitFit> FitRandomEffectsTobit(const TobitData& data, int quadrature_points,
                                                            const StopPredicate* should_stop);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_RANDOM_EFFECTS_H_
