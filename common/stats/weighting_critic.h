#ifndef GOVMETRICS_COMMON_STATS_WEIGHTING_CRITIC_H_
#define GOVMETRICS_COMMON_STATS_WEIGHTING_CRITIC_H_

// CRITIC weights (Diakoulaki, Mavrotas & Papayannakis 1995), on min-max normalised data:
//   C_j = sd_j * sum_k (1 - r_jk)        w_j = C_j / sum_k C_k
// with sd the sample standard deviation (n - 1; the divisor cancels in w) and r the
// Pearson correlation among the indicators of the group being weighted. A group of one
// indicator gets weight 1 (its C is 0 by construction: it conflicts with nothing).

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/stats/weighting_result.h"

namespace govmetrics::stats {

// C_j for a group given its sds and its correlation sub-matrix.
Eigen::VectorXd CriticInformation(const Eigen::VectorXd& sd, const Eigen::MatrixXd& corr);

// Weights from C (handles the single-indicator group). FailedPrecondition naming `group`
// when sum C = 0 (e.g. two perfectly correlated indicators).
absl::StatusOr<Eigen::VectorXd> CriticWeightsFromInformation(const Eigen::VectorXd& info,
                                                             absl::string_view group);

// Convenience over a normalised matrix (rows x indicators), at least 2 rows.
absl::StatusOr<WeightingResult> CriticWeights(const Eigen::Ref<const Eigen::MatrixXd>& z);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_WEIGHTING_CRITIC_H_
