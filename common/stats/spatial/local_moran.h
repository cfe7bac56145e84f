// Local Moran's I (Anselin 1995) of one cross-section, as R spdep's localmoran with its
// defaults (conditional = TRUE, mlvar = TRUE, adjust.x = FALSE; Sokal, Oden and Thomson
// 1998 conditional moments):
//   z = x - xbar, m2 = sum z^2 / n, I_i = z_i (W z)_i / m2,
//   E(I_i) = -z_i^2 W_i / ((n-1) m2),
//   Var(I_i) = (z_i/m2)^2 (n/(n-2)) (W_i2 - W_i^2/(n-1)) (m2 - z_i^2/(n-1)),
// W_i = sum_j w_ij, W_i2 = sum_j w_ij^2; z-score and two-sided normal p-value. Quadrants
// as spdep's "mean" classification: High when x_i > mean(x), and for the lag when
// (W x)_i > mean(W x). docs/methods/spatial.md.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_LOCAL_MORAN_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_LOCAL_MORAN_H_

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/spatial/spatial_weights.h"

namespace govmetrics::stats {

enum class MoranQuadrant { kHighHigh, kLowLow, kLowHigh, kHighLow };

struct LocalMoran {
  Eigen::VectorXd local_i;
  Eigen::VectorXd expectation;
  Eigen::VectorXd variance;
  Eigen::VectorXd z;
  Eigen::VectorXd p_value;      // two-sided normal (NaN for an island)
  Eigen::VectorXd spatial_lag;  // (W x)_i: the Moran scatter plot's vertical axis
  std::vector<MoranQuadrant> quadrant;
};

// `x` finite, one per unit, not constant; at least 3 units.
absl::StatusOr<LocalMoran> ComputeLocalMoran(const Eigen::VectorXd& x, const SpatialWeights& weights);

const char* ToString(MoranQuadrant q);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_LOCAL_MORAN_H_
