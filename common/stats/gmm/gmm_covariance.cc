// Robust covariances of one- and two-step GMM (plm vcovHC.pgmm), built from per-group
// sums: the Windmeijer term sum_i Z_i' (x_k u' + u x_k') Z_i A2 Z'e is a pair of
// rank-one products per group, so only vectors are formed.
#include "common/stats/gmm/gmm_covariance.h"

namespace govmetrics::stats::gmm {
namespace {

// sum over the group's rows of z_r * row_weight[r] * x_r' (L x K), added to out.
void AddZtX(const GroupBlock& g, const Eigen::VectorXd& row_weight, Eigen::MatrixXd* out) {
  for (size_t r = 0; r + 1 < g.row_start.size(); ++r) {
    const double w = row_weight[static_cast<Eigen::Index>(r)];
    if (w == 0) continue;
    for (int p = g.row_start[r]; p < g.row_start[r + 1]; ++p) {
      out->row(g.cols[static_cast<size_t>(p)]) += (w * g.vals[static_cast<size_t>(p)]) * g.x.row(static_cast<Eigen::Index>(r));
    }
  }
}

// z_r . v for every instrument row of the group.
Eigen::VectorXd RowDots(const GroupBlock& g, const Eigen::VectorXd& v) {
  Eigen::VectorXd d = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(g.row_start.size()) - 1);
  for (size_t r = 0; r + 1 < g.row_start.size(); ++r) {
    for (int p = g.row_start[r]; p < g.row_start[r + 1]; ++p) {
      d[static_cast<Eigen::Index>(r)] += g.vals[static_cast<size_t>(p)] * v[g.cols[static_cast<size_t>(p)]];
    }
  }
  return d;
}

}  // namespace

Eigen::MatrixXd OneStepRobustCovariance(const GmmFit& fit) {
  const Eigen::MatrixXd a1zx = fit.a1 * fit.zx;
  return fit.b1 * (a1zx.transpose() * fit.sa2 * a1zx) * fit.b1;
}

Eigen::MatrixXd WindmeijerCovariance(const GmmSystem& system, const GmmFit& fit) {
  const int L = system.layout.n_instruments;
  const int K = system.layout.k;
  const Eigen::VectorXd v = fit.a2 * MomentSum(system, fit.coef2);
  // s.col(k) = sum_i [Z_i' x_ik (u1_i' Z_i v) + Z_i' u1_i (x_ik' Z_i v)].
  Eigen::MatrixXd s = Eigen::MatrixXd::Zero(L, K);
  for (const GroupBlock& g : system.groups) {
    const Eigen::VectorXd u1 = Residuals(g, fit.coef1);
    const Eigen::VectorXd zv = RowDots(g, v);
    const double beta = u1.dot(zv);
    const Eigen::VectorXd alpha = g.x.transpose() * zv;
    AddZtX(g, Eigen::VectorXd::Constant(u1.size(), beta), &s);
    Eigen::VectorXd zu = Eigen::VectorXd::Zero(L);
    AddZtv(g, u1, &zu);
    s.noalias() += zu * alpha.transpose();
  }
  const Eigen::MatrixXd d = fit.b2 * fit.zx.transpose() * fit.a2 * s;
  const Eigen::MatrixXd v1 = OneStepRobustCovariance(fit);
  const Eigen::MatrixXd db2 = d * fit.b2;
  return fit.b2 + db2 + db2.transpose() + d * v1 * d.transpose();
}

}  // namespace govmetrics::stats::gmm
