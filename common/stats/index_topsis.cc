#include "common/stats/index_topsis.h"

namespace govmetrics::stats {

TopsisScores ComputeTopsis(const Eigen::Ref<const Eigen::MatrixXd>& z, const Eigen::VectorXd& w) {
  Eigen::ArrayXd best2 = Eigen::ArrayXd::Zero(z.rows());
  Eigen::ArrayXd worst2 = Eigen::ArrayXd::Zero(z.rows());
  for (Eigen::Index j = 0; j < z.cols(); ++j) {
    best2 += (w[j] * (1.0 - z.col(j).array())).square();
    worst2 += (w[j] * z.col(j).array()).square();
  }
  TopsisScores t;
  t.distance_best = best2.sqrt().matrix();
  t.distance_worst = worst2.sqrt().matrix();
  t.closeness =
      (t.distance_worst.array() / (t.distance_best.array() + t.distance_worst.array())).matrix();
  return t;
}

}  // namespace govmetrics::stats
