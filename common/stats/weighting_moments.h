#ifndef GOVMETRICS_COMMON_STATS_WEIGHTING_MOMENTS_H_
#define GOVMETRICS_COMMON_STATS_WEIGHTING_MOMENTS_H_

// Column means, sample standard deviations (n - 1) and Pearson correlations of a block,
// computed two-pass (deviations from the mean) for accuracy but without materialising a
// centred copy of the block: the block may be a large slice of the working matrix.

#include "Eigen/Core"

namespace govmetrics::stats {

struct ColumnMoments {
  Eigen::VectorXd mean;
  Eigen::VectorXd sd;  // sample standard deviation, divisor n - 1 (NaN if n < 2)
};

ColumnMoments ComputeColumnMoments(const Eigen::Ref<const Eigen::MatrixXd>& x);

// Pearson correlation matrix (cols x cols) given the column means. Columns must not be
// constant (callers reject constant indicators before this point).
Eigen::MatrixXd PearsonCorrelation(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                   const Eigen::VectorXd& mean);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_WEIGHTING_MOMENTS_H_
