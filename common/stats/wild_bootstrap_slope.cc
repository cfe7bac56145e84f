#include "common/stats/wild_bootstrap_slope.h"

#include <algorithm>
#include <cmath>

#include "common/stats/fixed_effects_absorb.h"

namespace govmetrics::stats {
namespace {

// Draws per block of the per-draw products (bounded so a block of weights and
// scores stays a few MB whatever the number of clusters).
int64_t DrawBlock(int clusters) {
  return std::max<int64_t>(1, std::min<int64_t>(256, (int64_t{1} << 18) / std::max(1, clusters)));
}

}  // namespace

WildClusterProblem MakeWildClusterProblem(const Eigen::MatrixXd& x, const Eigen::VectorXd& y,
                                          const Eigen::MatrixXd& bread, const FactorCodes& cluster,
                                          const std::vector<const FactorCodes*>& factors) {
  WildClusterProblem p;
  p.k = static_cast<int>(x.cols());
  p.clusters = cluster.levels;
  p.gram = x.transpose() * x;
  p.bread = bread;
  p.xy = x.transpose() * y;
  p.beta = p.bread * p.xy;
  for (const FactorCodes* f : factors) p.crossed = p.crossed || !IsNestedIn(*f, cluster);
  p.x = &x;
  p.y = &y;
  p.cluster = &cluster.codes;
  p.factors = factors;
  p.a.assign(p.clusters, Eigen::MatrixXd::Zero(p.k, p.k));
  p.xy_g = Eigen::MatrixXd::Zero(p.clusters, p.k);
  for (Eigen::Index i = 0; i < x.rows(); ++i) {
    const int g = cluster.codes[i];
    p.a[g].noalias() += x.row(i).transpose() * x.row(i);
    p.xy_g.row(g) += y[i] * x.row(i);
  }
  return p;
}

WildSlopeTest::WildSlopeTest(const WildClusterProblem& p, int j, const WildWeightSource& w)
    : p_(p), j_(j), w_(w) {
  const int k = p.k, c = p.clusters;
  q_.resize(c, k);
  for (int g = 0; g < c; ++g) q_.row(g) = (p.a[g] * p.bread.col(j)).transpose();
  // Unrestricted CR0 standard error of b_j.
  double acc = 0.0;
  for (int g = 0; g < c; ++g) {
    const Eigen::VectorXd s = p.xy_g.row(g).transpose() - p.a[g] * p.beta;
    const double proj = p.bread.row(j).dot(s);
    acc += proj * proj;
  }
  se_ = std::sqrt(acc);
  for (int i = 0; i < k; ++i) {
    if (i != j) others_.push_back(i);
  }
  if (!others_.empty()) {
    Eigen::MatrixXd g_oo(others_.size(), others_.size());
    for (size_t r = 0; r < others_.size(); ++r) {
      for (size_t s = 0; s < others_.size(); ++s) g_oo(r, s) = p.gram(others_[r], others_[s]);
    }
    restricted_ = g_oo.ldlt();
  }
  ComputeDraws(p.crossed ? CrossedPieces() : NestedPieces());
}

// The restricted estimate with beta_j fixed at beta0 is base + beta0 dir (the other
// coefficients solve G_oo b_o = X_o'y - beta0 X_o'x_j), so c_g = X_g'y_g - X_g'X_g b_r
// is c0_g - beta0 c1_g with c1_g = X_g'X_g dir.
WildSlopeTest::Pieces WildSlopeTest::NestedPieces() const {
  const int k = p_.k, c = p_.clusters;
  Eigen::VectorXd base = Eigen::VectorXd::Zero(k), dir = Eigen::VectorXd::Zero(k);
  dir[j_] = 1.0;
  if (!others_.empty()) {
    Eigen::VectorXd rhs_y(others_.size()), rhs_x(others_.size());
    for (size_t r = 0; r < others_.size(); ++r) {
      rhs_y[r] = p_.xy[others_[r]];
      rhs_x[r] = p_.gram(others_[r], j_);
    }
    const Eigen::VectorXd sol_y = restricted_.solve(rhs_y), sol_x = restricted_.solve(rhs_x);
    for (size_t r = 0; r < others_.size(); ++r) {
      base[others_[r]] = sol_y[r];
      dir[others_[r]] = -sol_x[r];
    }
  }
  Eigen::MatrixXd c0(c, k), c1(c, k);
  for (int g = 0; g < c; ++g) {
    c0.row(g) = p_.xy_g.row(g) - (p_.a[g] * base).transpose();
    c1.row(g) = (p_.a[g] * dir).transpose();
  }
  Pieces out;
  out.d0 = c0 * p_.bread;  // bread symmetric
  out.d1 = c1 * p_.bread;
  return out;
}

// y* = y~ + v o u~ is built on the raw scale, so its demeaned version is
// M(y~) + sum_h v_h M(1_h o u~), and when a fixed effect crosses the clusters
// M(1_h o u~) is not zero outside cluster h. With u~(beta0) = u_y - beta0 u_x
// (restricted residuals of y and of x_j on the other demeaned regressors):
//   R_gh = B_j. X_g' M(1_h o u~)_g,  c_h = X_h' u~_h,
//   s*_g (projected on B_j.) = sum_h v_h R_gh - q_g . delta,
//   delta = B sum_h v_h c_h.
// Exactly what a full LSDV refit of y* gives (checked against brute force).
WildSlopeTest::Pieces WildSlopeTest::CrossedPieces() const {
  const Eigen::MatrixXd& x = *p_.x;
  const int64_t n = x.rows();
  const int c = p_.clusters, k = p_.k;
  Eigen::MatrixXd xo(n, static_cast<Eigen::Index>(others_.size()));
  for (size_t r = 0; r < others_.size(); ++r) xo.col(r) = x.col(others_[r]);
  auto residual = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd {
    if (others_.empty()) return v;
    return v - xo * restricted_.solve(xo.transpose() * v);
  };
  const Eigen::VectorXd uy = residual(*p_.y);
  const Eigen::VectorXd ux = residual(x.col(j_));
  const std::vector<int>& code = *p_.cluster;
  const Eigen::VectorXd xbj = x * p_.bread.row(j_).transpose();  // x_i . B_j.
  std::vector<double> w(n);
  AbsorbOptions ao;
  ao.threads = 1;
  Pieces out;
  for (int pass = 0; pass < 2; ++pass) {
    const Eigen::VectorXd& u = pass == 0 ? uy : ux;
    Eigen::MatrixXd& R = pass == 0 ? out.r0 : out.r1;
    Eigen::MatrixXd cc = Eigen::MatrixXd::Zero(c, k);
    R = Eigen::MatrixXd::Zero(c, c);
    for (int64_t i = 0; i < n; ++i) cc.row(code[i]) += u[i] * x.row(i);
    for (int h = 0; h < c; ++h) {
      for (int64_t i = 0; i < n; ++i) w[i] = code[i] == h ? u[i] : 0.0;
      std::vector<double*> cols = {w.data()};
      (void)AbsorbFixedEffects(p_.factors, cols, n, ao);
      for (int64_t i = 0; i < n; ++i) R(code[i], h) += xbj[i] * w[i];
    }
    (pass == 0 ? out.d0 : out.d1) = cc * p_.bread;
  }
  return out;
}

void WildSlopeTest::ComputeDraws(const Pieces& pieces) {
  const int64_t reps = w_.replications();
  const int c = p_.clusters;
  draws_.resize(static_cast<size_t>(reps));
  reproduces_data_.resize(static_cast<size_t>(reps));
  const int64_t block = DrawBlock(c);
  Eigen::MatrixXd v;
  std::vector<double> scratch;
  for (int64_t first = 0; first < reps; first += block) {
    const int64_t nb = std::min(block, reps - first);
    v.resize(nb, c);
    for (int64_t b = 0; b < nb; ++b) {
      const double* wb = w_.Get(first + b, &scratch);
      v.row(b) = Eigen::Map<const Eigen::RowVectorXd>(wb, c);
      reproduces_data_[static_cast<size_t>(first + b)] = ReproducesData(wb, c);
    }
    ComputeBlock(v, pieces, first);
  }
}

// Rows of v are draws. delta = delta' - beta0 delta'' (rows of v d0, v d1) and the
// scores s = s' - beta0 s'' (rows of sa, sb).
void WildSlopeTest::ComputeBlock(const Eigen::MatrixXd& v, const Pieces& pieces, int64_t first) {
  const Eigen::MatrixXd da = v * pieces.d0, db = v * pieces.d1;
  Eigen::MatrixXd sa, sb;
  if (p_.crossed) {
    sa.noalias() = v * pieces.r0.transpose();
    sb.noalias() = v * pieces.r1.transpose();
  } else {
    sa = v.array().rowwise() * pieces.d0.col(j_).transpose().array();
    sb = v.array().rowwise() * pieces.d1.col(j_).transpose().array();
  }
  sa.noalias() -= da * q_.transpose();
  sb.noalias() -= db * q_.transpose();
  const Eigen::VectorXd g = sb.rowwise().squaredNorm();
  const Eigen::VectorXd f = sa.cwiseProduct(sb).rowwise().sum();
  Eigen::VectorXd m(g.size());
  for (Eigen::Index b = 0; b < g.size(); ++b) m[b] = g[b] > 0 ? f[b] / g[b] : 0.0;
  const Eigen::VectorXd e = (sa - m.asDiagonal() * sb).rowwise().squaredNorm();
  for (Eigen::Index b = 0; b < g.size(); ++b) {
    draws_[static_cast<size_t>(first + b)] = Draw{da(b, j_), db(b, j_), g[b], m[b], e[b]};
  }
}

double WildSlopeTest::TStar(int64_t b, double beta0) const {
  const Draw& d = draws_[static_cast<size_t>(b)];
  const double off = beta0 - d.m;
  return (d.a - beta0 * d.c) / std::sqrt(d.g * off * off + d.e);
}

double WildSlopeTest::PValue(double beta0) const {
  const double t = (estimate() - beta0) / se_;
  const double threshold = std::fabs(t) * (1.0 - 1e-9);
  int64_t exceed = 0;
  for (int64_t b = 0; b < static_cast<int64_t>(draws_.size()); ++b) {
    // A draw that rebuilds the data counts whatever rounding says; it matters far
    // from the estimate, in test inversion.
    if (reproduces_data_[static_cast<size_t>(b)] || std::fabs(TStar(b, beta0)) >= threshold) ++exceed;
  }
  return static_cast<double>(exceed) / static_cast<double>(draws_.size());
}

}  // namespace govmetrics::stats
