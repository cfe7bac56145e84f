// Internal to common/stats/gmm: the one- and two-step estimates of a GmmSystem and
// what the tests and covariances need from them (pgmm's A1, A2, B1, B2, residuals).
#ifndef GOVMETRICS_COMMON_STATS_GMM_GMM_STEPS_H_
#define GOVMETRICS_COMMON_STATS_GMM_GMM_STEPS_H_

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/gmm/gmm_system.h"

namespace govmetrics::stats::gmm {

struct GmmFit {
  Eigen::MatrixXd zx;  // sum_i Z_i' X_i (L x K)
  Eigen::VectorXd zy;  // sum_i Z_i' y_i
  Eigen::MatrixXd a1;  // N (sum_i Z_i' H Z_i)^-1 (pgmm scales by the group count)
  Eigen::MatrixXd b1;  // (ZX' A1 ZX)^-1
  Eigen::VectorXd coef1;
  Eigen::MatrixXd s1;  // sum_i Z_i' u1_i u1_i' Z_i, one-step residuals
  Eigen::MatrixXd a2;  // s1^-1
  Eigen::MatrixXd sa2; // a2^-1 as vcovHC.pgmm inverts it (s1 unless a2 is near-singular)
  Eigen::MatrixXd b2;  // (ZX' A2 ZX)^-1 (two-step)
  Eigen::VectorXd coef2;
  bool two_step = false;
  bool generalized_inverse = false;
  const Eigen::VectorXd& coef() const { return two_step ? coef2 : coef1; }
  const Eigen::MatrixXd& weight() const { return two_step ? a2 : a1; }
  const Eigen::MatrixXd& bread() const { return two_step ? b2 : b1; }
};

// pgmm's inverse: solve() unless the smallest eigenvalue is below 1e-9, then MASS::ginv
// (eigenvalues below sqrt(eps) * the largest in absolute value are dropped).
Eigen::MatrixXd PgmmInverse(const Eigen::MatrixXd& m, bool* generalized);

// Estimates step one, and step two when two_step.
absl::StatusOr<GmmFit> EstimateGmm(const GmmSystem& system, bool two_step);

// Residuals of group g at coefficients b.
Eigen::VectorXd Residuals(const GroupBlock& g, const Eigen::VectorXd& b);

// sum_i Z_i' u_i at coefficients b.
Eigen::VectorXd MomentSum(const GmmSystem& system, const Eigen::VectorXd& b);

// Hansen's J: (sum Z'e)' A2 (sum Z'e), e the residuals of the reported step (plm sargan()).
ChiSquaredTest HansenTest(const GmmSystem& system, const GmmFit& fit);

}  // namespace govmetrics::stats::gmm

#endif  // GOVMETRICS_COMMON_STATS_GMM_GMM_STEPS_H_
