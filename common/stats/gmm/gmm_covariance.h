// Internal to common/stats/gmm: robust covariances of the GMM estimates (plm vcovHC.pgmm).
#ifndef GOVMETRICS_COMMON_STATS_GMM_GMM_COVARIANCE_H_
#define GOVMETRICS_COMMON_STATS_GMM_GMM_COVARIANCE_H_

#include "Eigen/Core"
#include "common/stats/gmm/gmm_steps.h"

namespace govmetrics::stats::gmm {

// One step: B1 (ZX' A1 S1 A1 ZX) B1, the sandwich with the one-step residuals.
Eigen::MatrixXd OneStepRobustCovariance(const GmmFit& fit);

// Two step: Windmeijer (2005), eq. (3.11) as plm writes it:
// B2 + D B2 + (D B2)' + D V1 D', V1 the one-step robust covariance and column k of D
// the derivative of the two-step estimate through the weighting matrix with respect to
// coefficient k (-B2 ZX' A2 [sum_i Z_i' dE_i/db_k Z_i] A2 Z'e2).
Eigen::MatrixXd WindmeijerCovariance(const GmmSystem& system, const GmmFit& fit);

// AR(order) test of Arellano and Bond (1991) on the differenced residuals (plm mtest),
// with `covariance` the covariance reported for the coefficients.
NormalTest ArellanoBondTest(const GmmSystem& system, const GmmFit& fit, const Eigen::MatrixXd& covariance,
                            int order);

}  // namespace govmetrics::stats::gmm

#endif  // GOVMETRICS_COMMON_STATS_GMM_GMM_COVARIANCE_H_
