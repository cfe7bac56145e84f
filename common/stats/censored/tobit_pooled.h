// Pooled Tobit (censored normal regression) by maximum likelihood: Newton with the
// analytic gradient and Hessian in (b, log sigma), the parameterisation of
// survival::survreg / AER::tobit, started from least squares. docs/methods/tobit.md.
#ifndef GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_POOLED_H_
#define GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_POOLED_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/censored/newton_maximiser.h"
#include "common/stats/censored/tobit_terms.h"
#include "common/stats/stop_check.h"

namespace govmetrics::stats {

// The estimation sample: complete rows only.
struct TobitData {
  Eigen::VectorXd y;
  Eigen::MatrixXd x;               // n x k, column 0 the intercept
  std::vector<std::string> names;  // k column names
  std::vector<int> entity;         // dense entity code per row (clusters, random effects)
  int entities = 0;
  CensoringLimits limits;
};

enum class TobitVariance { kOim, kRobust, kCluster };

struct CensoringCounts {
  int left = 0;
  int uncensored = 0;
  int right = 0;
};

CensoringCounts CountCensoring(const std::vector<Censoring>& censoring);

// Indices of the columns of x that are linear combinations of earlier ones (the later of
// two collinear columns, as R's lm drops).
std::vector<int> CollinearColumns(const Eigen::MatrixXd& x);

// Log-likelihood, gradient and Hessian of the pooled Tobit at theta = (b, log sigma).
Objective PooledTobitObjective(const TobitData& data, const std::vector<Censoring>& censoring,
                               const Eigen::VectorXd& theta, bool with_derivatives);

struct PooledTobitFit {
  Eigen::VectorXd theta;       // (b, log sigma)
  Eigen::MatrixXd covariance;  // of theta, the requested variance
  double log_likelihood = 0;
  double null_log_likelihood = 0;  // intercept-only model
  int iterations = 0;
  CensoringCounts counts;
};

// FAILED_PRECONDITION when a column is collinear, nothing is uncensored, or sigma
// diverges (to 0: the uncensored rows are fitted exactly; or without bound).
absl::StatusOr<PooledTobitFit> FitPooledTobit(const TobitData& data, TobitVariance variance,
                                              const StopPredicate* should_stop);

// Maximum likelihood only (no covariance): theta and the objective at it.
absl::StatusOr<NewtonResult> MaximisePooledTobit(const TobitData& data, const std::vector<Censoring>& censoring,
                                                 const StopPredicate* should_stop);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_POOLED_H_
