// Per-level score sums (ScoreSums, variance_estimators.h) with the rows split between
// threads instead of the columns.
//
// Why: over columns, k = 5 regressors on 2 threads are 3 columns on one and 2 on the
// other, so the last column runs alone: at 1e8 rows, a single-threaded stretch of a few
// tenths of a second at the end of every clustered fit (the scatter-add into a level's
// sums is a chain of dependent additions when its rows are together). Split by rows, both
// threads do all columns of half the rows.
//
// Same bits: each level's sum must be made of the same additions in the same order (row
// order, from zero). A split keeps that exactly when no level has rows on both sides of
// it: the split points are moved to where the level changes (a panel sorted by entity,
// as stored panels mostly are, then never splits one), and a pass over the codes checks
// that no level has rows in two parts before anything is summed; when one has (the rows
// are not grouped so), the caller sums by columns as before.
#ifndef GOVMETRICS_COMMON_STATS_SCORE_SUMS_BY_ROWS_H_
#define GOVMETRICS_COMMON_STATS_SCORE_SUMS_BY_ROWS_H_

#include <optional>

#include "Eigen/Core"
#include "common/stats/fixed_effects_factor.h"

namespace govmetrics::stats {

// ScoreSums(x, resid, group, ...) bit for bit, the rows in `chunks` (> 1) parts on as
// many threads; nullopt when some level's rows fall in two parts.
std::optional<Eigen::MatrixXd> ScoreSumsByRows(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                               const Eigen::Ref<const Eigen::VectorXd>& resid,
                                               const FactorCodes& group, int chunks);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SCORE_SUMS_BY_ROWS_H_
