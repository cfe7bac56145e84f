#include "common/stats/spatial/spatial_panel_observed_information.h"

#include <algorithm>
#include <cmath>

namespace govmetrics::stats {
namespace {

// The design's lag of every column.
Eigen::MatrixXd LagColumns(const SpatialPanelDesign& d, const Eigen::MatrixXd& m) {
  Eigen::MatrixXd out(m.rows(), m.cols());
  for (Eigen::Index j = 0; j < m.cols(); ++j) out.col(j) = d.Lag(m.col(j));
  return out;
}

// The vectors the Hessian's data terms are made of.
struct HessianVectors {
  Eigen::VectorXd e;    // B u
  Eigen::VectorXd bwy;  // B W y
  Eigen::VectorXd wwy;  // W W y
  Eigen::VectorXd wu;   // W u
  Eigen::MatrixXd bx;   // B X
  Eigen::MatrixXd wx;   // W X
};

HessianVectors VectorsOf(const SpatialPanelDesign& d, const SpatialEstimate& est) {
  HessianVectors v;
  const double rho = est.has_rho ? est.rho : 0.0, lambda = est.has_lambda ? est.lambda : 0.0;
  const Eigen::VectorXd u = d.y - rho * d.wy - d.x * est.beta;
  v.wu = d.Lag(u);
  v.e = u - lambda * v.wu;
  v.wwy = d.Lag(d.wy);
  v.bwy = d.wy - lambda * v.wwy;
  v.wx = LagColumns(d, d.x);
  v.bx = d.x - lambda * v.wx;
  return v;
}

double Relative(double se, double entry) { return entry != 0 ? se / std::fabs(entry) : 0.0; }

}  // namespace

SpatialInformation SpatialObservedInformation(const SpatialPanelDesign& d, const SpatialEstimate& est,
                                              const JacobianCurvature& c) {
  const HessianVectors v = VectorsOf(d, est);
  const int k = static_cast<int>(est.beta.size());
  const int r = est.has_rho ? 1 : 0, l = est.has_lambda ? 1 : 0;
  const int b = r + l, s = r + l + k;  // first beta, sigma^2
  const double s2 = est.sigma2;
  SpatialInformation out;
  Eigen::MatrixXd& o = out.matrix;
  o = Eigen::MatrixXd::Zero(s + 1, s + 1);
  o.block(b, b, k, k) = v.bx.transpose() * v.bx / s2;
  o.block(b, s, k, 1) = v.bx.transpose() * v.e / (s2 * s2);
  o(s, s) = v.e.squaredNorm() / (s2 * s2 * s2) - d.n_eff / (2 * s2 * s2);
  if (r) {
    o(0, 0) = c.rho + v.bwy.squaredNorm() / s2;
    o.block(0, b, 1, k) = (v.bx.transpose() * v.bwy).transpose() / s2;
    o(0, s) = v.bwy.dot(v.e) / (s2 * s2);
    out.trace_relative_error = Relative(c.rho_std_error, o(0, 0));
  }
  if (l) {
    o(r, r) = c.lambda + v.wu.squaredNorm() / s2;
    o.block(r, b, 1, k) = (v.wx.transpose() * v.e + v.bx.transpose() * v.wu).transpose() / s2;
    o(r, s) = v.wu.dot(v.e) / (s2 * s2);
    out.trace_relative_error = std::max(out.trace_relative_error, Relative(c.lambda_std_error, o(r, r)));
  }
  if (r && l) o(0, 1) = (v.wwy.dot(v.e) + v.bwy.dot(v.wu)) / s2;
  const Eigen::MatrixXd upper = o;
  o.triangularView<Eigen::StrictlyLower>() = upper.transpose();
  return out;
}

}  // namespace govmetrics::stats
