// Covariance of maximum-likelihood estimates: the inverse observed information, or the
// sandwich V S V around it with S from per-row scores (robust) or scores summed within
// clusters times G / (G - 1) (sandwich::vcovCL type HC0 with cadjust; Stata's
// vce(cluster)). The robust form has no small-sample factor (survreg's robust = TRUE).
#ifndef GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_COVARIANCE_H_
#define GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_COVARIANCE_H_

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/censored/tobit_pooled.h"

namespace govmetrics::stats {

// hessian: of the log-likelihood at the optimum; scores: n x p rows; cluster: code per
// row (used by kCluster only). FAILED_PRECONDITION when the information is singular.
absl::StatusOr<Eigen::MatrixXd> MaximumLikelihoodCovariance(const Eigen::MatrixXd& hessian,
                                                            const Eigen::MatrixXd& scores, TobitVariance variance,
                                                            const std::vector<int>& cluster);

// Wald test that theta(1..k-1) (every coefficient but the intercept) is zero.
struct ChiSquareTest {
  double statistic = 0;
  int df = 0;
  double p_value = 1;
};
ChiSquareTest SlopesWaldTest(const Eigen::VectorXd& theta, const Eigen::MatrixXd& covariance, int k);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_COVARIANCE_H_
