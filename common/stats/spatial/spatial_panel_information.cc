#include "common/stats/spatial/spatial_panel_information.h"

#include "Eigen/LU"

namespace govmetrics::stats {
namespace {

// P M P with P = I - 11'/N (the period transformation), or M itself.
Eigen::MatrixXd Project(const Eigen::MatrixXd& m, bool project) {
  if (!project) return m;
  Eigen::MatrixXd out = m;
  out.rowwise() -= m.colwise().mean();
  out.colwise() -= m.rowwise().mean();
  out.array() += m.mean();
  return out;
}

double TraceProduct(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return a.cwiseProduct(b.transpose()).sum(); }
double TraceCrossProduct(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) { return a.cwiseProduct(b).sum(); }

// W (I - a W)^-1, dense.
Eigen::MatrixXd SpatialMultiplier(const SparseWeights& w, double a) {
  const int n = static_cast<int>(w.rows());
  Eigen::MatrixXd m = Eigen::MatrixXd::Identity(n, n) - a * Eigen::MatrixXd(w);
  return w * m.partialPivLu().inverse();
}

// Per period: left * (the N x T matrix of v), each period then centred when projecting.
Eigen::VectorXd ApplyPerPeriod(const Eigen::MatrixXd& left, const Eigen::VectorXd& v, int n, bool project) {
  Eigen::Map<const Eigen::MatrixXd> m(v.data(), n, v.size() / n);
  Eigen::MatrixXd out = left * m;
  if (project) out.rowwise() -= out.colwise().mean();
  return Eigen::Map<const Eigen::VectorXd>(out.data(), out.size());
}

}  // namespace

Eigen::MatrixXd SpatialInformationMatrix(const SpatialPanelDesign& d, const SpatialEstimate& est) {
  const int n = d.n_entities;
  const int k = static_cast<int>(est.beta.size());
  const int r = est.has_rho ? 1 : 0;
  const int l = est.has_lambda ? 1 : 0;
  const int p = r + l + k + 1;
  const double s2 = est.sigma2;
  const bool proj = d.period_projection;
  Eigen::MatrixXd info = Eigen::MatrixXd::Zero(p, p);
  const Eigen::MatrixXd b = Eigen::MatrixXd::Identity(n, n) - est.lambda * Eigen::MatrixXd(*d.w);

  Eigen::MatrixXd bx(d.x.rows(), k);
  for (int j = 0; j < k; ++j) bx.col(j) = ApplyPerPeriod(b, d.x.col(j), n, proj);
  info.block(r + l, r + l, k, k) = bx.transpose() * bx / s2;
  info(p - 1, p - 1) = d.n_eff / (2 * s2 * s2);

  Eigen::MatrixXd gb_bar;
  if (l) {
    const Eigen::MatrixXd gb = SpatialMultiplier(*d.w, est.lambda);
    gb_bar = Project(gb, proj);
    info(r, r) = d.t_eff * (TraceProduct(gb_bar, gb_bar) + TraceCrossProduct(gb_bar, gb_bar));
    info(r, p - 1) = info(p - 1, r) = d.t_eff * gb_bar.trace() / s2;
  }
  if (r) {
    const Eigen::MatrixXd ga = SpatialMultiplier(*d.w, est.rho);
    Eigen::MatrixXd h = ga;
    if (l) h = b * ga * b.partialPivLu().inverse();
    const Eigen::MatrixXd h_bar = Project(h, proj);
    const Eigen::VectorXd v = ApplyPerPeriod(b * ga, d.x * est.beta, n, proj);
    info(0, 0) = d.t_eff * (TraceProduct(h_bar, h_bar) + TraceCrossProduct(h_bar, h_bar)) + v.squaredNorm() / s2;
    info.block(0, r + l, 1, k) = (bx.transpose() * v).transpose() / s2;
    info.block(r + l, 0, k, 1) = info.block(0, r + l, 1, k).transpose();
    info(0, p - 1) = info(p - 1, 0) = d.t_eff * h_bar.trace() / s2;
    if (l) info(0, 1) = info(1, 0) = d.t_eff * (TraceCrossProduct(gb_bar, h_bar) + TraceProduct(gb_bar, h_bar));
  }
  return info;
}

}  // namespace govmetrics::stats
