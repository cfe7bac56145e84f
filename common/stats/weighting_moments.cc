#include "common/stats/weighting_moments.h"

#include <cmath>
#include <limits>

namespace govmetrics::stats {

ColumnMoments ComputeColumnMoments(const Eigen::Ref<const Eigen::MatrixXd>& x) {
  const Eigen::Index n = x.rows();
  ColumnMoments m;
  m.mean.resize(x.cols());
  m.sd.resize(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    const double mean = x.col(j).mean();
    m.mean[j] = mean;
    m.sd[j] =
        n < 2 ? std::numeric_limits<double>::quiet_NaN()
              : std::sqrt((x.col(j).array() - mean).square().sum() / static_cast<double>(n - 1));
  }
  return m;
}

Eigen::MatrixXd PearsonCorrelation(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                   const Eigen::VectorXd& mean) {
  const Eigen::Index k = x.cols();
  Eigen::MatrixXd cross(k, k);
  for (Eigen::Index a = 0; a < k; ++a) {
    for (Eigen::Index b = 0; b <= a; ++b) {
      const double s = ((x.col(a).array() - mean[a]) * (x.col(b).array() - mean[b])).sum();
      cross(a, b) = s;
      cross(b, a) = s;
    }
  }
  Eigen::MatrixXd r(k, k);
  for (Eigen::Index a = 0; a < k; ++a) {
    for (Eigen::Index b = 0; b < k; ++b) {
      r(a, b) = a == b ? 1.0 : cross(a, b) / std::sqrt(cross(a, a) * cross(b, b));
    }
  }
  return r;
}

}  // namespace govmetrics::stats
