// Discrete Markov chain of an index over quantile classes (Quah 1993; Rey 2001): each
// value is put in one of K classes by the type-7 quantiles at 1/K, ..., (K-1)/K, either of
// all values pooled (the classes mean the same level in every period, giddy's
// `fixed = True`) or of each period's values (relative position), and transitions are
// counted between consecutive periods of each entity. Class c holds the values y with
// break_{c-1} < y <= break_c (mapclassify's Quantiles rule). docs/methods/disparity.md.
#ifndef GOVMETRICS_COMMON_STATS_DISPARITY_MARKOV_TRANSITIONS_H_
#define GOVMETRICS_COMMON_STATS_DISPARITY_MARKOV_TRANSITIONS_H_

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/disparity/period_pairs.h"

namespace govmetrics::stats {

enum class QuantileScope { kPooled, kPerPeriod };

struct MarkovChain {
  Eigen::MatrixXd counts;         // K x K transitions from class i to class j
  Eigen::MatrixXd probabilities;  // counts / row sums; a row without transitions is NaN
  // Stationary distribution pi = pi P, sum 1, when P is defined and has a unique one.
  Eigen::VectorXd steady_state;   // empty when not unique or not defined
};

// Dense class codes 0..K-1 of every value (see the rule above); breaks per period in
// `breaks` (T rows of K-1 upper bounds; one row when pooled).
std::vector<int> QuantileClasses(const Eigen::VectorXd& values, const std::vector<int>& period_index,
                                 int classes, QuantileScope scope, Eigen::MatrixXd* breaks);

// The chain of the classes over `pairs` (consecutive periods of each entity).
MarkovChain CountTransitions(const std::vector<int>& klass, const std::vector<PeriodPair>& pairs,
                             int classes);

// Stationary distribution of a row-stochastic matrix, or empty when it is not unique.
Eigen::VectorXd SteadyState(const Eigen::MatrixXd& probabilities);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_DISPARITY_MARKOV_TRANSITIONS_H_
