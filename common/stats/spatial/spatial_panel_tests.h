// Model-choice tests for the spatial panel models.
//  - LM tests on the residuals e of the non-spatial model fitted to the transformed data
//    (Anselin 1988; Anselin, Bera, Florax and Yoon 1996 for the robust forms; panel form
//    Elhorst 2014, sec. 3.5 / Debarsy and Ertur 2010), with n = N T, s2 = e'e / n,
//    T_W = T tr(W'W + W W), D = (W X b)' M (W X b) / s2 + T_W:
//      LM lag = (e'Wy / s2)^2 / D,  LM error = (e'We / s2)^2 / T_W,
//      robust LM lag = (e'Wy / s2 - e'We / s2)^2 / (D - T_W),
//      robust LM error = (e'We / s2 - (T_W / D) e'Wy / s2)^2 / (T_W (1 - T_W / D)),
//    each chi-squared(1): spdep's lm.LMtests on the stacked data with I_T kron W.
//  - SDM against SAR (theta = 0) and SEM (theta + rho beta = 0): Wald with the SDM
//    covariance (delta method for the common-factor restriction) and LR = 2 (lnL_SDM - lnL).
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_TESTS_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_TESTS_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "common/stats/spatial/spatial_panel_design.h"
#include "common/stats/spatial/spatial_panel_likelihood.h"

namespace govmetrics::stats {

struct SpatialTestResult {
  std::string name;  // "LM_LAG", "ROBUST_LM_LAG", "LM_ERROR", "ROBUST_LM_ERROR", "WALD_SDM_SAR", ...
  double statistic = 0;
  double df = 0;
  double p_value = 0;
};

// `design` without WX columns, `ols` its EstimateNonSpatial.
std::vector<SpatialTestResult> SpatialLmTests(const SpatialPanelDesign& design, const SpatialEstimate& ols);

// Wald of theta = 0 and of theta + rho beta = 0 from the SDM estimate and its covariance
// over (rho, beta, theta); LR from the three log-likelihoods.
std::vector<SpatialTestResult> DurbinRestrictionTests(const SpatialEstimate& sdm, const Eigen::MatrixXd& covariance,
                                                      double log_lik_sar, double log_lik_sem);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_TESTS_H_
