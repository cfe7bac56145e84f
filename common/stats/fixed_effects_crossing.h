// Whether two fixed-effect factors cross completely (each (a, b) pair on exactly one
// row: a balanced panel's entity and period), when the caller already knows it.
//
// Why: finding out otherwise takes a table of levels(a) x levels(b) bytes and a pass
// over every row (IsCompleteCrossing: 1e8 bytes and 1e8 rows for a 1e6 x 100 panel),
// and the degrees of freedom a union-find over every row (the connected components of
// the level graph). A caller that has established that no (a, b) pair is on two rows
// (the compute services refuse panels with a repeated (entity, period): contracts'
// PanelView) knows the answer from the level counts alone: with unique pairs, n rows
// cover all levels(a) x levels(b) pairs exactly when n equals that product; and a
// complete crossing is one connected component.
#ifndef GOVMETRICS_COMMON_STATS_FIXED_EFFECTS_CROSSING_H_
#define GOVMETRICS_COMMON_STATS_FIXED_EFFECTS_CROSSING_H_

#include "common/stats/fixed_effects_factor.h"

namespace govmetrics::stats {

enum class Crossing {
  kUnknown,     // not known: look (IsCompleteCrossing)
  kComplete,    // each (a, b) pair on exactly one row
  kIncomplete,  // some pair on no row
};

// The crossing of `a` and `b` (factors over the same rows) when no (a, b) pair is on
// two rows.
Crossing CrossingOfUniquePairs(const FactorCodes& a, const FactorCodes& b);

// IsCompleteCrossing(a, b), without looking when `known` says.
bool CrossesCompletely(const FactorCodes& a, const FactorCodes& b, Crossing known);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_FIXED_EFFECTS_CROSSING_H_
