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
//
// No N x N matrix is formed: G_A, G_B and H act on blocks of vectors through sparse LU
// solves (spatial_inverse.h), and the traces come from probe vectors (trace_probes.h):
// all N unit vectors (exact) or Hutchinson's Rademacher probes (an estimate, with its
// Monte Carlo standard error reported).
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_INFORMATION_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_INFORMATION_H_

#include <cstdint>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/spatial/spatial_log_determinant.h"
#include "common/stats/spatial/spatial_panel_design.h"
#include "common/stats/spatial/spatial_panel_likelihood.h"

namespace govmetrics::stats {

struct SpatialTraceOptions {
  bool exact = true;  // false: Hutchinson with `probes` Rademacher vectors from `seed`
  int probes = 0;
  uint64_t seed = 1;
};

// The curvature of the Jacobian term, -d^2/da^2 T_eff [ln|I - a W| - p ln(1 - a)] =
// T_eff tr(M M) for the multiplier M of a = rho (H) or lambda (G_B) (between P's under
// the period transformation): the trace the observed Hessian needs
// (spatial_panel_observed_information.h); its Monte Carlo standard error (0 if exact).
struct JacobianCurvature {
  double rho = 0, lambda = 0;
  double rho_std_error = 0, lambda_std_error = 0;
};

struct SpatialInformation {
  Eigen::MatrixXd matrix;
  // The largest Monte Carlo standard error of a trace term relative to the information
  // entry it enters (0 for exact traces).
  double trace_relative_error = 0;
  JacobianCurvature curvature;  // from the same probes
};

// FailedPrecondition when I - rho W or I - lambda W is singular.
// `log_det` (the likelihood's) supplies (I - a W)^-1 where it keeps a factorisation.
absl::StatusOr<SpatialInformation> SpatialInformationMatrix(const SpatialPanelDesign& design,
                                                            const SpatialEstimate& estimate,
                                                            const SpatialTraceOptions& traces,
                                                            const SpatialLogDeterminant& log_det);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_INFORMATION_H_
