#include "common/stats/disparity/markov_transitions.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "Eigen/Dense"
#include "common/stats/bootstrap_ci.h"

namespace govmetrics::stats {
namespace {

Eigen::VectorXd BreaksOf(std::vector<double> values, int classes) {
  std::sort(values.begin(), values.end());
  Eigen::VectorXd breaks(classes - 1);
  for (int c = 1; c < classes; ++c) breaks[c - 1] = SortedQuantile(values, static_cast<double>(c) / classes);
  return breaks;
}

int ClassOf(double y, const Eigen::Ref<const Eigen::RowVectorXd>& breaks) {
  int c = 0;
  while (c < breaks.size() && y > breaks[c]) ++c;
  return c;
}

}  // namespace

std::vector<int> QuantileClasses(const Eigen::VectorXd& y, const std::vector<int>& period_index,
                                 int classes, QuantileScope scope, Eigen::MatrixXd* breaks) {
  const int n_periods =
      period_index.empty() ? 0 : *std::max_element(period_index.begin(), period_index.end()) + 1;
  const int rows = scope == QuantileScope::kPooled ? 1 : n_periods;
  std::vector<std::vector<double>> members(rows);
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    members[scope == QuantileScope::kPooled ? 0 : period_index[i]].push_back(y[i]);
  }
  breaks->resize(rows, classes - 1);
  for (int t = 0; t < rows; ++t) {
    if (members[t].empty()) {
      breaks->row(t).setConstant(std::numeric_limits<double>::quiet_NaN());
    } else {
      breaks->row(t) = BreaksOf(members[t], classes).transpose();
    }
  }
  std::vector<int> klass(y.size());
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    klass[i] = ClassOf(y[i], breaks->row(scope == QuantileScope::kPooled ? 0 : period_index[i]));
  }
  return klass;
}

MarkovChain CountTransitions(const std::vector<int>& klass, const std::vector<PeriodPair>& pairs,
                             int classes) {
  MarkovChain chain;
  chain.counts = Eigen::MatrixXd::Zero(classes, classes);
  for (const PeriodPair& p : pairs) chain.counts(klass[p.from_row], klass[p.to_row]) += 1;
  chain.probabilities = chain.counts;
  bool defined = true;
  for (int i = 0; i < classes; ++i) {
    const double total = chain.counts.row(i).sum();
    if (total > 0) {
      chain.probabilities.row(i) /= total;
    } else {
      chain.probabilities.row(i).setConstant(std::numeric_limits<double>::quiet_NaN());
      defined = false;
    }
  }
  if (defined) chain.steady_state = SteadyState(chain.probabilities);
  return chain;
}

Eigen::VectorXd SteadyState(const Eigen::MatrixXd& p) {
  // pi (P - I) = 0 with sum(pi) = 1: unique iff rank(P' - I) = K - 1 (one recurrent class).
  const Eigen::Index k = p.rows();
  const Eigen::MatrixXd a = p.transpose() - Eigen::MatrixXd::Identity(k, k);
  Eigen::FullPivLU<Eigen::MatrixXd> lu(a);
  lu.setThreshold(1e-12);
  if (lu.rank() != k - 1) return {};
  Eigen::MatrixXd system(k + 1, k);
  system << a, Eigen::RowVectorXd::Ones(k);
  Eigen::VectorXd rhs = Eigen::VectorXd::Zero(k + 1);
  rhs[k] = 1;
  return system.colPivHouseholderQr().solve(rhs);
}

}  // namespace govmetrics::stats
