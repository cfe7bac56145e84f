// Swamy-Arora variance components and the random-effects (quasi-demeaning)
// transformation, matching plm(model = "random", random.method = "swar") for
// balanced and unbalanced panels (plm's dfcor = 3 formulas, which reduce to the
// textbook balanced ones).
//
//   sigma2_nu  = SSR_within / (N_obs - G - K_within)
//   sigma2_eta = (q_B - (G - K - 1) sigma2_nu) / (N_obs - tr[(Zb'Zb)^{-1} Zs'Z])
//   theta_g    = 1 - sqrt(sigma2_nu / (T_g sigma2_eta + sigma2_nu))
// where q_B = sum_g T_g (ybar_g - zbar_g' b_B)^2 from the between regression on
// means repeated T_g times (plm's "Between" model), Zb the repeated means and
// Zs the group sums of Z = [1, X]. A negative sigma2_eta is set to 0 (as plm).
#ifndef GOVMETRICS_COMMON_STATS_PANEL_RANDOM_EFFECTS_H_
#define GOVMETRICS_COMMON_STATS_PANEL_RANDOM_EFFECTS_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/fixed_effects_factor.h"

namespace govmetrics::stats {

struct SwamyAroraComponents {
  double sigma2_idiosyncratic = 0;
  double sigma2_effect = 0;
  std::vector<double> theta;  // per level of the group factor
  int64_t k_within = 0;       // regressors estimable in the within model
};

// x: n x k regressors without intercept; y: n. Does not modify its inputs.
absl::StatusOr<SwamyAroraComponents> EstimateSwamyArora(
    const Eigen::Ref<const Eigen::MatrixXd>& x,
    const Eigen::Ref<const Eigen::VectorXd>& y, const FactorCodes& group,
    double collinearity_tolerance, int threads);

// v_i <- v_i - theta_g(i) * mean_g(v), in place, for n entries.
void QuasiDemean(const FactorCodes& group, const std::vector<double>& theta,
                 double* v, int64_t n);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_RANDOM_EFFECTS_H_
