#include "common/stats/spatial/spatial_panel_tests.h"

#include "Eigen/LU"
#include "Eigen/QR"
#include "common/stats/distributions.h"

namespace govmetrics::stats {
namespace {

SpatialTestResult ChiSquared(const std::string& name, double statistic, double df) {
  return {name, statistic, df, ChiSquaredUpperTailPValue(statistic, df)};
}

// tr(W'W + W W) of one period's W.
double TraceWW(const SparseWeights& w) {
  double sum = 0;
  for (int i = 0; i < w.outerSize(); ++i) {
    for (SparseWeights::InnerIterator it(w, i); it; ++it) sum += it.value() * (it.value() + w.coeff(it.col(), i));
  }
  return sum;
}

double QuadraticForm(const Eigen::VectorXd& g, const Eigen::MatrixXd& v) { return g.dot(v.partialPivLu().solve(g)); }

}  // namespace

std::vector<SpatialTestResult> SpatialLmTests(const SpatialPanelDesign& d, const SpatialEstimate& ols) {
  const double n = static_cast<double>(d.y.size());
  const double s2 = ols.residuals.squaredNorm() / n;
  const Eigen::VectorXd& e = ols.residuals;
  const Eigen::VectorXd we = SpatialLag(*d.w, e, d.n_entities);
  const double t_w = d.n_periods * TraceWW(*d.w);
  const Eigen::VectorXd wxb = SpatialLag(*d.w, d.x * ols.beta, d.n_entities);
  Eigen::ColPivHouseholderQR<Eigen::MatrixXd> qr(d.x);
  const Eigen::VectorXd m_wxb = wxb - d.x * qr.solve(wxb);
  const double big_d = m_wxb.squaredNorm() / s2 + t_w;
  const double lag = e.dot(SpatialLag(*d.w, d.y, d.n_entities)) / s2;
  const double err = e.dot(we) / s2;
  return {ChiSquared("LM_LAG", lag * lag / big_d, 1),
          ChiSquared("ROBUST_LM_LAG", (lag - err) * (lag - err) / (big_d - t_w), 1),
          ChiSquared("LM_ERROR", err * err / t_w, 1),
          ChiSquared("ROBUST_LM_ERROR", std::pow(err - t_w / big_d * lag, 2) / (t_w * (1 - t_w / big_d)), 1)};
}

std::vector<SpatialTestResult> DurbinRestrictionTests(const SpatialEstimate& sdm, const Eigen::MatrixXd& covariance,
                                                      double log_lik_sar, double log_lik_sem) {
  const int k = static_cast<int>(sdm.beta.size()) / 2;
  const Eigen::VectorXd beta = sdm.beta.head(k), theta = sdm.beta.tail(k);
  const double wald_sar = QuadraticForm(theta, covariance.block(1 + k, 1 + k, k, k));
  // g = theta + rho beta; dg / d(rho, beta, theta) = [beta, rho I, I].
  Eigen::MatrixXd jac = Eigen::MatrixXd::Zero(k, 1 + 2 * k);
  jac.col(0) = beta;
  jac.block(0, 1, k, k) = sdm.rho * Eigen::MatrixXd::Identity(k, k);
  jac.block(0, 1 + k, k, k) = Eigen::MatrixXd::Identity(k, k);
  const double wald_sem = QuadraticForm(theta + sdm.rho * beta, jac * covariance * jac.transpose());
  return {ChiSquared("WALD_SDM_SAR", wald_sar, k), ChiSquared("LR_SDM_SAR", 2 * (sdm.log_likelihood - log_lik_sar), k),
          ChiSquared("WALD_SDM_SEM", wald_sem, k), ChiSquared("LR_SDM_SEM", 2 * (sdm.log_likelihood - log_lik_sem), k)};
}

}  // namespace govmetrics::stats
