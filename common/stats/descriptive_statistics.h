#ifndef GOVMETRICS_COMMON_STATS_DESCRIPTIVE_STATISTICS_H_
#define GOVMETRICS_COMMON_STATS_DESCRIPTIVE_STATISTICS_H_

// Summary statistics of model variables as papers report them (N, mean, sd with the
// n-1 denominator, min, max), Pearson correlations on the common non-missing sample,
// and group x period means (for index trend charts).

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace govmetrics::stats {

struct VariableSummary {
  int n = 0;  // non-missing values
  double mean = 0, sd = 0, min = 0, max = 0;
};

// Per column of `x` (NaN = missing; each column uses its own non-missing values).
std::vector<VariableSummary> Summarize(const Eigen::MatrixXd& x);

// Correlation matrix on rows where every column is non-missing (listwise), with the
// two-sided p-value of each coefficient (t with n-2 df). NaN when a column is constant.
struct CorrelationResult {
  Eigen::MatrixXd r;
  Eigen::MatrixXd p_value;
  int n = 0;
};
CorrelationResult Correlate(const Eigen::MatrixXd& x);

// Mean of `values` per (group, period) cell, skipping NaN; NaN for empty cells.
// groups in [0, n_groups), periods given as indices in [0, n_periods).
Eigen::MatrixXd CellMeans(const Eigen::VectorXd& values, const std::vector<int>& group,
                          int n_groups, const std::vector<int>& period_index, int n_periods);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_DESCRIPTIVE_STATISTICS_H_
