// The information matrix of the spatial panel likelihood at the estimate, for the
// parameters in the order (rho if any, lambda if any, beta, sigma^2) (Anselin 1988,
// ch. 6, for the general model y = rho W y + X beta + u, u = lambda W u + e; spatialreg's
// lagsarlm / errorsarlm / sacsarlm "eigen" asymptotic variance):
//   I_bb = (BX)'(BX) / s2            I_rb = (BX)' (B G_A X b) / s2
//   I_rr = T_eff [tr(H H) + tr(H'H)] + |B G_A X b|^2 / s2
//   I_ll = T_eff [tr(G_B G_B) + tr(G_B' G_B)]
//   I_rl = T_eff [tr(G_B' H) + tr(G_B H)]
//   I_sr = T_eff tr(H) / s2,  I_sl = T_eff tr(G_B) / s2,  I_ss = n_eff / (2 s2^2)
// with A = I - rho W, B = I - lambda W, G_A = W A^-1, G_B = W B^-1, H = B G_A B^-1,
// traces over one period's N x N matrices. Under the Lee-Yu period transformation every
// N x N matrix M is replaced by P M P and every N-vector by P v, P = I - 11'/N (the
// transformed model's W* = F' W F has the eigenvalues of W but the unit root).
// The covariance is its inverse (spatial_panel_model.cc).
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_INFORMATION_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_INFORMATION_H_

#include "Eigen/Core"
#include "common/stats/spatial/spatial_panel_design.h"
#include "common/stats/spatial/spatial_panel_likelihood.h"

namespace govmetrics::stats {

Eigen::MatrixXd SpatialInformationMatrix(const SpatialPanelDesign& design, const SpatialEstimate& estimate);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_INFORMATION_H_
