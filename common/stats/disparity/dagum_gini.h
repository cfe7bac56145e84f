// Dagum's (1997) Gini coefficient and its decomposition by subgroup:
//   G = G_w + G_nb + G_t
// (within-group, net between-group, transvariation). Reference: C. Dagum, "A new approach
// to the decomposition of the Gini income inequality ratio", Empirical Economics 22
// (1997) 515-531, equations (2)-(12). Formulas and conventions: docs/methods/disparity.md.
#ifndef GOVMETRICS_COMMON_STATS_DISPARITY_DAGUM_GINI_H_
#define GOVMETRICS_COMMON_STATS_DISPARITY_DAGUM_GINI_H_

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace govmetrics::stats {

struct DagumGini {
  double total = 0;           // G over all observations
  double within = 0;          // G_w = sum_j G_jj p_j s_j
  double between_net = 0;     // G_nb = sum_{j>h} G_jh (p_j s_h + p_h s_j) D_jh
  double transvariation = 0;  // G_t = sum_{j>h} G_jh (p_j s_h + p_h s_j) (1 - D_jh)
  // Per group g (NaN for a group without observations): size, mean, G_gg.
  std::vector<int> group_n;
  Eigen::VectorXd group_mean;
  // k x k, symmetric: off-diagonal G_jh (between-group Gini), diagonal G_jj.
  Eigen::MatrixXd pair_gini;
  // k x k, symmetric: D_jh, the relative economic affluence of the richer group of the
  // pair over the poorer one, in [0, 1]; diagonal 0.
  Eigen::MatrixXd relative_affluence;
};

// `values` must be finite and >= 0 with a positive mean; `group[i]` in [0, n_groups).
// InvalidArgument otherwise (the caller has validated; this guards the formula).
absl::StatusOr<DagumGini> ComputeDagumGini(const Eigen::VectorXd& values,
                                           const std::vector<int>& group, int n_groups);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_DISPARITY_DAGUM_GINI_H_
