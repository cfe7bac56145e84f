#include "common/stats/weighting_critic.h"

#include <limits>

#include "common/stats/weighting_entropy.h"
#include "common/stats/weighting_moments.h"

namespace govmetrics::stats {

Eigen::VectorXd CriticInformation(const Eigen::VectorXd& sd, const Eigen::MatrixXd& corr) {
  // sum_k (1 - r_jk) includes k = j, whose term is 0.
  const double m = static_cast<double>(corr.cols());
  return (sd.array() * (m - corr.rowwise().sum().array())).matrix();
}

absl::StatusOr<Eigen::VectorXd> CriticWeightsFromInformation(const Eigen::VectorXd& info,
                                                             absl::string_view group) {
  if (info.size() == 1) return Eigen::VectorXd::Ones(1);
  return NormalizeInformation(info, group);
}

absl::StatusOr<WeightingResult> CriticWeights(const Eigen::Ref<const Eigen::MatrixXd>& z) {
  if (z.rows() < 2) {
    return absl::FailedPreconditionError("CRITIC weights need at least 2 rows");
  }
  const ColumnMoments mom = ComputeColumnMoments(z);
  WeightingResult r;
  r.entropy = Eigen::VectorXd::Constant(z.cols(), std::numeric_limits<double>::quiet_NaN());
  r.divergence = CriticInformation(mom.sd, PearsonCorrelation(z, mom.mean));
  absl::StatusOr<Eigen::VectorXd> w = CriticWeightsFromInformation(r.divergence, "CRITIC");
  if (!w.ok()) return w.status();
  r.weight = *std::move(w);
  return r;
}

}  // namespace govmetrics::stats
