#include "common/stats/spatial/local_moran.h"

#include <cmath>

#include "absl/status/status.h"
#include "common/stats/distributions.h"

namespace govmetrics::stats {

absl::StatusOr<LocalMoran> ComputeLocalMoran(const Eigen::VectorXd& x, const SpatialWeights& weights) {
  const Eigen::Index size = x.size();
  if (size != weights.n()) return absl::InvalidArgumentError("local Moran: one value per unit of W is required");
  if (!x.allFinite()) return absl::InvalidArgumentError("local Moran: values must be finite");
  if (size < 3) return absl::FailedPreconditionError("local Moran: needs at least 3 units");
  if ((x.array() == x[0]).all()) return absl::FailedPreconditionError("local Moran: the variable is constant");
  const double n = static_cast<double>(size);
  const Eigen::VectorXd z = x.array() - x.mean();
  const double m2 = z.squaredNorm() / n;
  const Eigen::VectorXd lag_z = weights.w * z;
  const Eigen::VectorXd w_sum = weights.w * Eigen::VectorXd::Ones(size);
  const Eigen::VectorXd w_sq = weights.w.cwiseAbs2() * Eigen::VectorXd::Ones(size);
  LocalMoran out;
  out.local_i = z.cwiseProduct(lag_z) / m2;
  out.expectation = -(z.array().square() * w_sum.array()) / ((n - 1) * m2);
  out.variance = (z.array() / m2).square() * (n / (n - 2)) *
                 (w_sq.array() - w_sum.array().square() / (n - 1)) * (m2 - z.array().square() / (n - 1));
  out.z = (out.local_i - out.expectation).array() / out.variance.array().sqrt();
  out.p_value.resize(size);
  for (Eigen::Index i = 0; i < size; ++i) {
    out.p_value[i] = std::isfinite(out.z[i]) ? NormalTwoSidedPValue(out.z[i]) : std::nan("");
  }
  out.spatial_lag = weights.w * x;
  const double x_mean = x.mean(), lag_mean = out.spatial_lag.mean();
  for (Eigen::Index i = 0; i < size; ++i) {
    const bool high = x[i] > x_mean, lag_high = out.spatial_lag[i] > lag_mean;
    out.quadrant.push_back(high ? (lag_high ? MoranQuadrant::kHighHigh : MoranQuadrant::kHighLow)
                                : (lag_high ? MoranQuadrant::kLowHigh : MoranQuadrant::kLowLow));
  }
  return out;
}

const char* ToString(MoranQuadrant q) {
  switch (q) {
    case MoranQuadrant::kHighHigh: return "High-High";
    case MoranQuadrant::kLowLow: return "Low-Low";
    case MoranQuadrant::kLowHigh: return "Low-High";
    case MoranQuadrant::kHighLow: return "High-Low";
  }
  return "";
}

}  // namespace govmetrics::stats
