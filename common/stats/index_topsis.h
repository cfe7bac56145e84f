#ifndef GOVMETRICS_COMMON_STATS_INDEX_TOPSIS_H_
#define GOVMETRICS_COMMON_STATS_INDEX_TOPSIS_H_

// TOPSIS on the weighted min-max normalised matrix v_ij = w_j z_ij (the entropy-TOPSIS
// recipe of SPSSAU and the applied literature, not Hwang & Yoon's vector normalisation):
//   ideal v+_j = max_i v_ij = w_j      anti-ideal v-_j = min_i v_ij = 0
//   D+_i = sqrt(sum_j (v+_j - v_ij)^2)  D-_i = sqrt(sum_j (v_ij - v-_j)^2)
//   C_i = D-_i / (D+_i + D-_i)  in [0,1]
// The extremes are those of the rows the bounds come from (z = 1 and z = 0), so under
// base-period pooling later rows can fall outside and C stays well defined.

#include "Eigen/Core"

namespace govmetrics::stats {

struct TopsisScores {
  Eigen::VectorXd distance_best;   // D+
  Eigen::VectorXd distance_worst;  // D-
  Eigen::VectorXd closeness;       // C
};

// z: rows x indicators, normalised (1 = best, 0 = worst); w: weights.
TopsisScores ComputeTopsis(const Eigen::Ref<const Eigen::MatrixXd>& z, const Eigen::VectorXd& w);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_INDEX_TOPSIS_H_
