// Quasi-maximum likelihood of the spatial panel models on a transformed design
// (spatial_panel_design.h), with beta and sigma^2 concentrated out:
//   SAR / SDM  y = rho W y + X beta + e           (SDM: X holds X and WX)
//   SEM        y = X beta + u,  u = lambda W u + e
//   SAC        y = rho W y + X beta + u,  u = lambda W u + e
// ln L = -(n_eff / 2)(ln(2 pi sigma^2) + 1) + J(rho) + J(lambda), sigma^2 = e'e / n_eff,
// J(a) = T_eff [ln|I - a W| - p ln(1 - a)] (p = 1 for the Lee-Yu period transformation).
// SAR, SDM and SEM maximise one profile; SAC maximises the profile in lambda of the
// maximum over rho (the SSE is quadratic in rho for a fixed lambda), so both searches
// are one-dimensional and bracketed (profile_maximiser.h).
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_LIKELIHOOD_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_LIKELIHOOD_H_

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/spatial/spatial_panel_design.h"
#include "common/stats/spatial/spatial_log_determinant.h"

namespace govmetrics::stats {

struct SpatialEstimate {
  bool has_rho = false;
  bool has_lambda = false;
  double rho = 0;
  double lambda = 0;
  Eigen::VectorXd beta;
  Eigen::VectorXd residuals;  // e (the innovations), stacked
  double sse = 0;
  double sigma2 = 0;
  double log_likelihood = 0;
};

// FailedPrecondition for a design whose columns are collinear after the transformation
// (naming the column), a perfect fit, or a likelihood without an interior maximum.
absl::StatusOr<SpatialEstimate> EstimateSpatialPanel(const SpatialPanelDesign& design, const SpatialLogDeterminant& log_det,
                                                     SpatialPanelModel model);

// The OLS fit of the transformed y on the transformed X (the non-spatial model), with
// its Gaussian log-likelihood on the same n_eff: the base of the LM tests.
absl::StatusOr<SpatialEstimate> EstimateNonSpatial(const SpatialPanelDesign& design);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_LIKELIHOOD_H_
