// Theil's T index (GE(1)) and its additive decomposition by subgroup (Shorrocks 1980):
//   T = (1/n) sum_i (y_i/mu) ln(y_i/mu) = T_w + T_b,
//   T_w = sum_g s_g T_g,  T_b = sum_g s_g ln(mu_g/mu),  s_g = n_g mu_g / (n mu),
// with 0 ln 0 = 0 (its limit). docs/methods/disparity.md.
#ifndef GOVMETRICS_COMMON_STATS_DISPARITY_THEIL_INDEX_H_
#define GOVMETRICS_COMMON_STATS_DISPARITY_THEIL_INDEX_H_

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace govmetrics::stats {

struct TheilIndex {
  double total = 0;
  double within = 0;
  double between = 0;
  Eigen::VectorXd group_theil;  // T_g (NaN for an empty group or one with mean 0)
  Eigen::VectorXd group_share;  // s_g, the group's share of the total
};

// `values` finite and >= 0 with a positive mean; `group[i]` in [0, n_groups).
absl::StatusOr<TheilIndex> ComputeTheilIndex(const Eigen::VectorXd& values,
                                             const std::vector<int>& group, int n_groups);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_DISPARITY_THEIL_INDEX_H_
