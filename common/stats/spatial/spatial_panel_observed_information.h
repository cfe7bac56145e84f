// The observed information of the spatial panel likelihood at the estimate: minus the
// analytical Hessian of ln L(rho, lambda, beta, sigma^2) = J(rho) + J(lambda)
// - (n_eff / 2) ln(2 pi sigma^2) - e'e / (2 sigma^2), e = B (y - rho W y - X beta),
// for the parameters in the order (rho if any, lambda if any, beta, sigma^2). With
// u = y - rho W y - X beta (so e = B u), s2 = sigma^2, c_a = -J''(a) (JacobianCurvature):
//   O_rr = c_rho + |B W y|^2 / s2            O_rl = [(W W y)'e + (B W y)'(W u)] / s2
//   O_rb = (BX)'(B W y) / s2                  O_rs = (B W y)'e / s2^2
//   O_ll = c_lambda + |W u|^2 / s2            O_lb = [(W X)'e + (BX)'(W u)] / s2
//   O_ls = (W u)'e / s2^2                     O_bb = (BX)'(BX) / s2
//   O_bs = (BX)'e / s2^2                      O_ss = e'e / s2^3 - n_eff / (2 s2^2)
// (W v: the design's lag, centred per period under the Lee-Yu period transformation).
// It differs from the expected information (spatial_panel_information.h) by terms of
// mean zero: |B W y|^2 against its expectation |B G_A X b|^2 + s2 tr(H'H), the
// residual cross-products against 0; at the estimate O_rs and O_ss equal the expected
// T_eff tr(H) / s2 and n_eff / (2 s2^2) (the scores of rho and sigma^2 vanish).
// spatialreg's numerical Hessian (fdHess / optimHess of the likelihood with sigma^2
// concentrated out, whose inverse is the (rho, beta) block of this one's) approximates
// it; docs/methods/spatial_panel.md, "Standard errors".
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_OBSERVED_INFORMATION_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_OBSERVED_INFORMATION_H_

#include "Eigen/Core"
#include "common/stats/spatial/spatial_panel_design.h"
#include "common/stats/spatial/spatial_panel_information.h"
#include "common/stats/spatial/spatial_panel_likelihood.h"

namespace govmetrics::stats {

// `curvature` from SpatialInformationMatrix (the same probes). The Monte Carlo error of
// the curvature traces relative to the entries they enter goes to trace_relative_error.
SpatialInformation SpatialObservedInformation(const SpatialPanelDesign& design, const SpatialEstimate& estimate,
                                              const JacobianCurvature& curvature);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_PANEL_OBSERVED_INFORMATION_H_
