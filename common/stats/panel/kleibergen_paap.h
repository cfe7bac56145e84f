// The Kleibergen-Paap (2006) rk statistic for the rank of the first-stage
// coefficient matrix, with a heteroskedasticity- or cluster-robust covariance:
// Kleibergen, F. and Paap, R. (2006), "Generalized reduced rank tests using
// the singular value decomposition", Journal of Econometrics 133(1), 97-126,
// as ivreg2's ranktest computes it (Baum, Schaffer and Stillman 2007).
#ifndef GOVMETRICS_COMMON_STATS_PANEL_KLEIBERGEN_PAAP_H_
#define GOVMETRICS_COMMON_STATS_PANEL_KLEIBERGEN_PAAP_H_

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/fixed_effects_factor.h"

namespace govmetrics::stats {

// The canonical-correlation decomposition of the first stage, after the
// included exogenous regressors were partialled out: x1p (n x K1) endogenous,
// z1p (n x L1) excluded instruments, L1 >= K1, both of full column rank.
struct FirstStageCanonical {
  Eigen::MatrixXd x1p, z1p;
  Eigen::MatrixXd pi;     // L1 x K1 first-stage coefficients Qzz^-1 Qzy
  Eigen::MatrixXd fzz_inv, fyy_inv;  // inverses of the lower Cholesky factors of Qzz, Qyy
  Eigen::MatrixXd theta;  // standardised Fzz' pi Fyy'^-1 (L1 x K1)
  Eigen::MatrixXd u, v;   // its full SVD: theta = u diag(s) v'
  double min_squared_correlation = 0;  // smallest squared canonical correlation
};

absl::StatusOr<FirstStageCanonical> CanonicalDecomposition(Eigen::MatrixXd x1p, Eigen::MatrixXd z1p);

// rk chi-square of H0: rank(pi) = K1 - 1 with the scores kron(w_i, z1p_i):
// w = x1p gives the LM form, w = x1p - z1p pi (first-stage residuals) the
// Wald form. Degrees of freedom L1 - K1 + 1. Unscaled (chi2 = N lab' V^-1 lab).
absl::StatusOr<double> KleibergenPaapRk(const FirstStageCanonical& c, const Eigen::MatrixXd& w,
                                        const FactorCodes* cluster);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_KLEIBERGEN_PAAP_H_
