#include "common/stats/panel/score_meat.h"

namespace govmetrics::stats {

Eigen::MatrixXd ScoreMeat(const Eigen::MatrixXd& scores, const FactorCodes* cluster) {
  if (cluster == nullptr) return scores.transpose() * scores;
  Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(cluster->levels, scores.cols());
  for (Eigen::Index i = 0; i < scores.rows(); ++i) sums.row(cluster->codes[i]) += scores.row(i);
  return sums.transpose() * sums;
}

Eigen::MatrixXd MomentScores(const Eigen::MatrixXd& z, const Eigen::VectorXd& e) {
  return z.array().colwise() * e.array();
}

}  // namespace govmetrics::stats
