#include "common/stats/index_ranking.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <map>

namespace govmetrics::stats {

std::vector<int> RankWithinPeriods(const std::vector<double>& scores, const std::vector<int32_t>& periods) {
  std::vector<int> ranks(scores.size(), 0);
  std::map<int32_t, std::vector<size_t>> rows_by_period;
  for (size_t i = 0; i < scores.size() && i < periods.size(); ++i) {
    if (!std::isnan(scores[i])) rows_by_period[periods[i]].push_back(i);
  }
  for (auto& [period, rows] : rows_by_period) {
    // Highest first; stable so equal scores keep row order (their rank is shared anyway).
    std::stable_sort(rows.begin(), rows.end(), [&](size_t a, size_t b) { return scores[a] > scores[b]; });
    for (size_t k = 0; k < rows.size(); ++k) {
      const bool tied_with_previous = k > 0 && scores[rows[k]] == scores[rows[k - 1]];
      ranks[rows[k]] = tied_with_previous ? ranks[rows[k - 1]] : static_cast<int>(k) + 1;
    }
  }
  return ranks;
}

}  // namespace govmetrics::stats
