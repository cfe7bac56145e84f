#ifndef GOVMETRICS_COMMON_STATS_INDEX_RANKING_H_
#define GOVMETRICS_COMMON_STATS_INDEX_RANKING_H_

// Ranks of index scores within each period, as statistics agencies publish them:
// rank 1 = the highest score of the period; tied scores share the best rank and the
// next rank is skipped ("1, 2, 2, 4": standard competition ranking, R's
// rank(-x, ties.method = "min")). Scores are compared exactly as computed: two
// entities tie only when their scores are equal doubles. A NaN score (a row the index
// dropped) gets rank 0 (unranked) and does not count in its period.

#include <cstdint>
#include <vector>

namespace govmetrics::stats {

// `scores` and `periods` are row-aligned; the result is too.
std::vector<int> RankWithinPeriods(const std::vector<double>& scores, const std::vector<int32_t>& periods);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_INDEX_RANKING_H_
