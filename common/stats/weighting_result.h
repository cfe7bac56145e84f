#ifndef GOVMETRICS_COMMON_STATS_WEIGHTING_RESULT_H_
#define GOVMETRICS_COMMON_STATS_WEIGHTING_RESULT_H_

#include "Eigen/Core"

namespace govmetrics::stats {

// Weights of a group of indicators and the information measure behind them.
struct WeightingResult {
  // e_j in [0,1] for entropy-based methods; NaN otherwise.
  Eigen::VectorXd entropy;
  // The method's information measure: 1 - e_j (entropy), sd_j * sum_k (1 - r_jk)
  // (CRITIC), sd_j / mean_j (coefficient of variation); NaN for equal weights.
  Eigen::VectorXd divergence;
  // divergence_j / sum divergence (1/m for equal weights); sums to 1.
  Eigen::VectorXd weight;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_WEIGHTING_RESULT_H_
