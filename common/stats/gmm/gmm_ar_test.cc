// Arellano and Bond's (1991) m_j test for serial correlation of order j in the
// differenced residuals, as plm's mtest.pgmm computes it: the level equations of system
// GMM do not enter; the lag is positional within the group's differenced rows, with
// zeros before the first.
#include <cmath>

#include "common/stats/distributions.h"
#include "common/stats/gmm/gmm_covariance.h"

namespace govmetrics::stats::gmm {

NormalTest ArellanoBondTest(const GmmSystem& system, const GmmFit& fit, const Eigen::MatrixXd& covariance,
                            int order) {
  NormalTest test;
  const int r1 = system.layout.rows_difference;
  if (order >= system.layout.rows()) return test;
  const int K = system.layout.k;
  double num = 0, eve = 0;
  Eigen::RowVectorXd ex = Eigen::RowVectorXd::Zero(K);
  Eigen::VectorXd zve = Eigen::VectorXd::Zero(system.layout.n_instruments);
  for (const GroupBlock& g : system.groups) {
    Eigen::VectorXd e = Eigen::VectorXd::Zero(g.y.size());
    e.head(r1) = Residuals(g, fit.coef()).head(r1);
    Eigen::VectorXd el = Eigen::VectorXd::Zero(g.y.size());
    if (order < r1) el.segment(order, r1 - order) = e.head(r1 - order);
    const double cross = e.dot(el);
    num += cross;
    eve += cross * cross;
    ex += el.transpose() * g.x;
    AddZtv(g, e * cross, &zve);
  }
  const double denom = eve - 2.0 * (ex * fit.bread() * fit.zx.transpose() * fit.weight() * zve)(0) +
                       (ex * covariance * ex.transpose())(0);
  test.available = denom > 0;
  if (!test.available) return test;
  test.statistic = num / std::sqrt(denom);
  test.p_value = NormalTwoSidedPValue(test.statistic);
  return test;
}

}  // namespace govmetrics::stats::gmm
