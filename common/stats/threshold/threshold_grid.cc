#include "common/stats/threshold/threshold_grid.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace govmetrics::stats {
namespace {

std::vector<double> SortedDistinct(const Eigen::VectorXd& q) {
  std::vector<double> d(q.data(), q.data() + q.size());
  std::sort(d.begin(), d.end());
  d.erase(std::unique(d.begin(), d.end()), d.end());
  return d;
}

}  // namespace

int TrimSteps(double trim, int quantiles) {
  return static_cast<int>(std::lround(trim * static_cast<double>(quantiles)));
}

int DistinctValues(const Eigen::VectorXd& q) { return static_cast<int>(SortedDistinct(q).size()); }

std::vector<double> ThresholdGrid(const Eigen::VectorXd& q, int quantiles, double trim) {
  const std::vector<double> d = SortedDistinct(q);
  const int64_t n_distinct = static_cast<int64_t>(d.size());
  const int r = TrimSteps(trim, quantiles);
  std::vector<double> grid;
  if (n_distinct == 0) return grid;
  for (int k = 0; k <= quantiles - 2 * r; ++k) {
    // Integer arithmetic: floor((r + k) D / Q) exactly, as the reference computes it.
    const int64_t j = std::max<int64_t>(1, (static_cast<int64_t>(r + k) * n_distinct) / quantiles);
    grid.push_back(d[static_cast<size_t>(std::min(j, n_distinct) - 1)]);
  }
  return grid;
}

std::vector<double> ExcludeNearThresholds(const std::vector<double>& grid,
                                          const std::vector<double>& thresholds, int quantiles,
                                          double trim) {
  const int64_t r = TrimSteps(trim, quantiles);
  std::vector<bool> drop(grid.size(), false);
  for (double gamma : thresholds) {
    // nn = entries strictly below gamma; drop 0-based indices nn - r .. nn + r - 1.
    const int64_t below = std::lower_bound(grid.begin(), grid.end(), gamma) - grid.begin();
    for (int64_t i = std::max<int64_t>(0, below - r);
         i < std::min<int64_t>(static_cast<int64_t>(grid.size()), below + r); ++i) {
      drop[static_cast<size_t>(i)] = true;
    }
  }
  std::vector<double> kept;
  for (size_t i = 0; i < grid.size(); ++i) {
    if (!drop[i]) kept.push_back(grid[i]);
  }
  return kept;
}

}  // namespace govmetrics::stats
