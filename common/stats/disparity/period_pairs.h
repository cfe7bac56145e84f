// Rows of an entity observed in two consecutive periods (t, t+1 in the panel's sorted
// list of periods): the growth observations of beta-convergence and the transitions of
// Markov chains both run over them. An entity missing period t+1 has no pair for t.
#ifndef GOVMETRICS_COMMON_STATS_DISPARITY_PERIOD_PAIRS_H_
#define GOVMETRICS_COMMON_STATS_DISPARITY_PERIOD_PAIRS_H_

#include <vector>

namespace govmetrics::stats {

struct PeriodPair {
  int from_row = 0;
  int to_row = 0;
};

// `entity` dense codes, `period_index` dense 0..T-1 in time order; (entity, period) unique.
// Pairs in (period, entity code) order.
std::vector<PeriodPair> ConsecutivePeriodPairs(const std::vector<int>& entity,
                                               const std::vector<int>& period_index);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_DISPARITY_PERIOD_PAIRS_H_
