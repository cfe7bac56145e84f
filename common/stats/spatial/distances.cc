#include "common/stats/spatial/distances.h"

#include <algorithm>
#include <cmath>

namespace govmetrics::stats {

double GreatCircleKm(double lon1, double lat1, double lon2, double lat2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad;
  const double dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthMeanRadiusKm * std::asin(std::min(1.0, std::sqrt(a)));
}

Eigen::MatrixXd PairwiseDistances(const Eigen::MatrixXd& xy, DistanceMetric metric) {
  const Eigen::Index n = xy.rows();
  Eigen::MatrixXd d = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index i = 0; i < n; ++i) {
    for (Eigen::Index j = i + 1; j < n; ++j) {
      d(i, j) = d(j, i) = metric == DistanceMetric::kEuclidean
                              ? std::hypot(xy(i, 0) - xy(j, 0), xy(i, 1) - xy(j, 1))
                              : GreatCircleKm(xy(i, 0), xy(i, 1), xy(j, 0), xy(j, 1));
    }
  }
  return d;
}

}  // namespace govmetrics::stats
