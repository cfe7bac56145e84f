// Direct, indirect and total effects of the spatial lag models (LeSage and Pace 2009,
// ch. 2.7): with S_k = (I - rho W)^-1 (beta_k I + theta_k W) (theta = 0 without the
// Durbin terms), direct_k = tr(S_k) / N, total_k = 1'S_k 1 / N, indirect = total - direct.
// tr((I - rho W)^-1) and tr(W (I - rho W)^-1) come from the eigenvalues; 1'(I - rho W)^-1
// is N / (1 - rho) for a row-standardised W without islands, a sparse solve otherwise.
// Standard errors by simulation as spatialreg's impacts(R = draws): (rho, beta, theta)
// drawn from the normal with the estimated covariance; draw r uses the stream
// (seed, r), so the result does not depend on threads or order; SE = the standard
// deviation of the draws' effects (n - 1 divisor).
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_IMPACTS_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_IMPACTS_H_

#include <cstdint>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/spatial/spatial_log_determinant.h"
#include "common/stats/spatial/spatial_weights.h"
#include "common/stats/stop_check.h"

namespace govmetrics::stats {

struct ImpactParameters {
  double rho = 0;
  Eigen::VectorXd beta;   // K
  Eigen::VectorXd theta;  // K (Durbin) or empty
};

struct ImpactValues {
  Eigen::VectorXd direct, indirect, total;  // K each
};

struct SimulatedImpacts {
  ImpactValues estimate;
  ImpactValues std_error;
  int draws = 0;
};

ImpactValues ComputeImpacts(const SpatialLogDeterminant& log_det, const SpatialWeights& weights,
                            const ImpactParameters& parameters);

// `covariance` is over (rho, beta, theta) in that order. draws < 2: no standard errors
// (NaN). Cancelled between draws by `should_stop`.
absl::StatusOr<SimulatedImpacts> SimulateImpacts(const SpatialLogDeterminant& log_det, const SpatialWeights& weights,
                                                 const ImpactParameters& parameters,
                                                 const Eigen::MatrixXd& covariance, int draws, uint64_t seed,
                                                 const StopPredicate* should_stop);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_IMPACTS_H_
