#include "common/stats/disparity/spatial_markov.h"

namespace govmetrics::stats {

Eigen::VectorXd SpatialLagByPeriod(const Eigen::VectorXd& y, const SpatialWeights& w,
                                   const std::vector<std::vector<int>>& rows_of_period) {
  Eigen::VectorXd lag(y.size());
  Eigen::VectorXd cross_section(w.n());
  for (const std::vector<int>& rows : rows_of_period) {
    for (int e = 0; e < w.n(); ++e) cross_section[e] = y[rows[e]];
    const Eigen::VectorXd lagged = w.w * cross_section;
    for (int e = 0; e < w.n(); ++e) lag[rows[e]] = lagged[e];
  }
  return lag;
}

SpatialMarkovChain CountSpatialTransitions(const std::vector<int>& klass, const Eigen::VectorXd& lag,
                                           const std::vector<int>& period_index,
                                           const std::vector<PeriodPair>& pairs, int classes,
                                           QuantileScope scope) {
  SpatialMarkovChain out;
  const std::vector<int> lag_class = QuantileClasses(lag, period_index, classes, scope, &out.lag_breaks);
  std::vector<std::vector<PeriodPair>> by_class(classes);
  for (const PeriodPair& p : pairs) by_class[lag_class[p.from_row]].push_back(p);
  for (int c = 0; c < classes; ++c) out.by_lag_class.push_back(CountTransitions(klass, by_class[c], classes));
  return out;
}

}  // namespace govmetrics::stats
