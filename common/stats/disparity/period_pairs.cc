#include "common/stats/disparity/period_pairs.h"

#include <algorithm>

namespace govmetrics::stats {

std::vector<PeriodPair> ConsecutivePeriodPairs(const std::vector<int>& entity,
                                               const std::vector<int>& period_index) {
  if (entity.empty()) return {};
  const int n_entities = *std::max_element(entity.begin(), entity.end()) + 1;
  const int n_periods = *std::max_element(period_index.begin(), period_index.end()) + 1;
  // Dense (period, entity) -> row grid; -1 where the entity is not observed.
  std::vector<int> row_of(static_cast<size_t>(n_entities) * n_periods, -1);
  for (size_t r = 0; r < entity.size(); ++r) {
    row_of[static_cast<size_t>(period_index[r]) * n_entities + entity[r]] = static_cast<int>(r);
  }
  std::vector<PeriodPair> pairs;
  for (int t = 0; t + 1 < n_periods; ++t) {
    for (int e = 0; e < n_entities; ++e) {
      const int from = row_of[static_cast<size_t>(t) * n_entities + e];
      const int to = row_of[static_cast<size_t>(t + 1) * n_entities + e];
      if (from >= 0 && to >= 0) pairs.push_back({from, to});
    }
  }
  return pairs;
}

}  // namespace govmetrics::stats
