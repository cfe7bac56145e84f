#include "common/stats/censored/tobit_covariance.h"

#include "Eigen/Cholesky"
#include "common/stats/distributions.h"
#include "common/stats/fixed_effects_factor.h"
#include "common/stats/panel/score_meat.h"

namespace govmetrics::stats {

absl::StatusOr<Eigen::MatrixXd> MaximumLikelihoodCovariance(const Eigen::MatrixXd& hessian,
                                                            const Eigen::MatrixXd& scores, TobitVariance variance,
                                                            const std::vector<int>& cluster) {
  const Eigen::MatrixXd information = -hessian;
  Eigen::LLT<Eigen::MatrixXd> llt(information);
  if (llt.info() != Eigen::Success) {
    return absl::FailedPreconditionError("the information matrix at the maximum is not positive definite");
  }
  const Eigen::MatrixXd inverse = llt.solve(Eigen::MatrixXd::Identity(hessian.rows(), hessian.cols()));
  if (variance == TobitVariance::kOim) return inverse;
  if (variance == TobitVariance::kRobust) return Eigen::MatrixXd(inverse * ScoreMeat(scores, nullptr) * inverse);
  const FactorCodes codes = RecodeFactor("cluster", cluster);
  const double g = codes.levels;
  if (g < 2) return absl::FailedPreconditionError("a clustered covariance needs at least two clusters");
  return Eigen::MatrixXd(g / (g - 1.0) * (inverse * ScoreMeat(scores, &codes) * inverse));
}

ChiSquareTest SlopesWaldTest(const Eigen::VectorXd& theta, const Eigen::MatrixXd& covariance, int k) {
  ChiSquareTest t;
  t.df = k - 1;
  if (t.df < 1) return t;
  const Eigen::VectorXd b = theta.segment(1, t.df);
  const Eigen::MatrixXd v = covariance.block(1, 1, t.df, t.df);
  t.statistic = b.dot(v.ldlt().solve(b));
  t.p_value = ChiSquaredUpperTailPValue(t.statistic, t.df);
  return t;
}

}  // namespace govmetrics::stats
