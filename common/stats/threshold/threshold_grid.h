// Candidate thresholds of Hansen's (1999) panel threshold search, with the conventions of
// his GAUSS/Matlab code (docs/methods/threshold.md):
//   * the grid is quantiles of the DISTINCT values d_(1) < ... < d_(D) of the threshold
//     variable: with Q grid quantiles and a trim of tau (rounded to r = round(tau Q) grid
//     steps), candidate k = 0..Q-2r is d_(j) with j = max(1, floor((r + k) D / Q)) (1-based);
//     duplicates are kept, so the grid always has Q - 2r + 1 entries;
//   * a later stage removes, around each threshold already estimated, the r' = round(tau' Q)
//     grid entries just below it and the r' entries from it upward (Hansen's r_est), so a new
//     regime holds at least ~tau' of the distinct values.
#ifndef GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_GRID_H_
#define GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_GRID_H_

#include <vector>

#include "Eigen/Core"

namespace govmetrics::stats {

// Grid steps of a trim: round(trim * quantiles).
int TrimSteps(double trim, int quantiles);

// The first-stage grid (ascending, duplicates kept).
std::vector<double> ThresholdGrid(const Eigen::VectorXd& q, int quantiles, double trim);

// `grid` without the entries within TrimSteps(trim) grid steps of each of `thresholds`.
std::vector<double> ExcludeNearThresholds(const std::vector<double>& grid,
                                          const std::vector<double>& thresholds, int quantiles,
                                          double trim);

// Number of distinct values of q.
int DistinctValues(const Eigen::VectorXd& q);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_THRESHOLD_THRESHOLD_GRID_H_
