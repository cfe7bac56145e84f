// Spatial Markov chain (Rey 2001, "Spatial empirics for economic growth and
// convergence", Geographical Analysis 33, 195-214; PySAL giddy's Spatial_Markov): the
// transitions of markov_transitions.h split by the class of each entity's spatial lag
// (W y)_{i,t} at the start of the transition, the lag classes being quantile classes of
// the lag values (pooled or per period, like the value classes). K conditional K x K
// matrices show whether moving up is likelier next to rich or poor neighbours.
#ifndef GOVMETRICS_COMMON_STATS_DISPARITY_SPATIAL_MARKOV_H_
#define GOVMETRICS_COMMON_STATS_DISPARITY_SPATIAL_MARKOV_H_

#include <vector>

#include "Eigen/Core"
#include "common/stats/disparity/markov_transitions.h"
#include "common/stats/disparity/period_pairs.h"
#include "common/stats/spatial/spatial_weights.h"

namespace govmetrics::stats {

struct SpatialMarkovChain {
  std::vector<MarkovChain> by_lag_class;  // K chains, conditioning lag class 0..K-1
  Eigen::MatrixXd lag_breaks;             // as QuantileClasses' breaks, of the lags
};

// Spatial lag of every row: (W y_t)_e for the row of entity e in period t. The panel
// must be balanced: `rows_of_period[t][e]` is the row of entity e (W's unit e) in period t.
Eigen::VectorXd SpatialLagByPeriod(const Eigen::VectorXd& y, const SpatialWeights& w,
                                   const std::vector<std::vector<int>>& rows_of_period);

// `klass` the value classes of every row, `lag` the spatial lag of every row.
SpatialMarkovChain CountSpatialTransitions(const std::vector<int>& klass, const Eigen::VectorXd& lag,
                                           const std::vector<int>& period_index,
                                           const std::vector<PeriodPair>& pairs, int classes,
                                           QuantileScope scope);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_DISPARITY_SPATIAL_MARKOV_H_
