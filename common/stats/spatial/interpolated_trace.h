// tr(W (I - a W)^-1) on an interval of a by Chebyshev interpolation of an exact but
// costly source (the sparse factorisation's selected inverse, a few milliseconds per a):
// the simulated effects need it at every draw of rho (1000 draws), and the draws
// concentrate within a few standard errors of the estimate. tr(G(a)) = sum w_i / (1 -
// a w_i) is analytic away from the poles 1 / w_i outside the admissible interval, so
// the interpolant converges geometrically (Trefethen 2013, ch. 8): the node count
// doubles from 16 until the interpolant matches the exact value at three check points
// to kInterpolationTolerance (relative), up to 256 nodes. Outside the interval (draws
// beyond 8 standard errors) the exact source is used.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_INTERPOLATED_TRACE_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_INTERPOLATED_TRACE_H_

#include "Eigen/Core"
#include "common/stats/spatial/spatial_log_determinant.h"

namespace govmetrics::stats {

inline constexpr double kInterpolationTolerance = 1e-11;

class InterpolatedTraceG : public SpatialLogDeterminant {
 public:
  // `exact` must outlive this object; [from, to] inside exact's admissible interval.
  InterpolatedTraceG(const SpatialLogDeterminant& exact, double from, double to);

  double LogDet(double a) const override { return exact_.LogDet(a); }
  double TraceG(double a) const override;
  // The largest relative error seen at the check points.
  double check_error() const { return check_error_; }

 private:
  Eigen::VectorXd Fit(int nodes) const;
  double Evaluate(const Eigen::VectorXd& coefficients, double a) const;

  const SpatialLogDeterminant& exact_;
  double from_, to_;
  Eigen::VectorXd coefficients_;
  double check_error_ = 0;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_INTERPOLATED_TRACE_H_
