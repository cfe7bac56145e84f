// One- and two-step GMM on a GmmSystem (pgmm.R): every matrix is a sum of per-group
// pieces; Z_i' H Z_i uses only H's nonzeros and the sparse instrument rows.
#include "common/stats/gmm/gmm_steps.h"

#include <cmath>
#include <limits>

#include "Eigen/Cholesky"
#include "Eigen/Eigenvalues"
#include "Eigen/LU"
#include "common/stats/distributions.h"

namespace govmetrics::stats::gmm {
namespace {

}  // namespace

Eigen::MatrixXd PgmmInverse(const Eigen::MatrixXd& m, bool* generalized) {
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(m);
  const Eigen::VectorXd& d = eig.eigenvalues();
  if (d.minCoeff() >= 1e-9) return m.inverse();
  *generalized = true;
  const double tol = std::sqrt(std::numeric_limits<double>::epsilon()) * d.cwiseAbs().maxCoeff();
  Eigen::VectorXd inv = Eigen::VectorXd::Zero(d.size());
  for (Eigen::Index i = 0; i < d.size(); ++i) {
    if (std::fabs(d[i]) > tol) inv[i] = 1.0 / d[i];
  }
  return eig.eigenvectors() * inv.asDiagonal() * eig.eigenvectors().transpose();
}

namespace {

Eigen::MatrixXd ZHZ(const GmmSystem& system) {
  const int L = system.layout.n_instruments;
  Eigen::MatrixXd m = Eigen::MatrixXd::Zero(L, L);
  for (const GroupBlock& g : system.groups) {
    for (const HEntry& e : system.h) {
      const size_t r = static_cast<size_t>(e.r), s = static_cast<size_t>(e.s);
      for (int p = g.row_start[r]; p < g.row_start[r + 1]; ++p) {
        const double hv = e.h * g.vals[static_cast<size_t>(p)];
        const int c1 = g.cols[static_cast<size_t>(p)];
        for (int q = g.row_start[s]; q < g.row_start[s + 1]; ++q) {
          m(c1, g.cols[static_cast<size_t>(q)]) += hv * g.vals[static_cast<size_t>(q)];
        }
      }
    }
  }
  return m;
}

void CrossProducts(const GmmSystem& system, Eigen::MatrixXd* zx, Eigen::VectorXd* zy) {
  const int L = system.layout.n_instruments;
  *zx = Eigen::MatrixXd::Zero(L, system.layout.k);
  *zy = Eigen::VectorXd::Zero(L);
  for (const GroupBlock& g : system.groups) {
    for (size_t r = 0; r + 1 < g.row_start.size(); ++r) {
      for (int p = g.row_start[r]; p < g.row_start[r + 1]; ++p) {
        const int c = g.cols[static_cast<size_t>(p)];
        const double v = g.vals[static_cast<size_t>(p)];
        zx->row(c) += v * g.x.row(static_cast<Eigen::Index>(r));
        (*zy)[c] += v * g.y[static_cast<Eigen::Index>(r)];
      }
    }
  }
}

// B = (ZX' A ZX)^-1 and b = B ZX' A Zy; FAILED_PRECONDITION if ZX' A ZX is singular.
absl::Status Step(const GmmFit& f, const Eigen::MatrixXd& a, Eigen::MatrixXd* bread, Eigen::VectorXd* coef) {
  const Eigen::MatrixXd xa = f.zx.transpose() * a;
  const Eigen::MatrixXd xax = xa * f.zx;
  Eigen::FullPivLU<Eigen::MatrixXd> lu(xax);
  if (!lu.isInvertible()) {
    return absl::FailedPreconditionError(
        "the instruments do not identify the coefficients (X'Z W Z'X is singular): a regressor is collinear or "
        "constant on the estimation sample, or the weighting matrix has too low a rank (far more instruments "
        "than groups: collapse them or shorten the lag ranges)");
  }
  *bread = lu.inverse();
  *coef = lu.solve(xa * f.zy);
  return absl::OkStatus();
}

Eigen::MatrixXd MomentOuterSum(const GmmSystem& system, const Eigen::VectorXd& b) {
  const int L = system.layout.n_instruments;
  Eigen::MatrixXd zu(L, static_cast<Eigen::Index>(system.groups.size()));
  for (size_t i = 0; i < system.groups.size(); ++i) {
    Eigen::VectorXd col = Eigen::VectorXd::Zero(L);
    AddZtv(system.groups[i], Residuals(system.groups[i], b), &col);
    zu.col(static_cast<Eigen::Index>(i)) = col;
  }
  Eigen::MatrixXd s = Eigen::MatrixXd::Zero(L, L);
  s.selfadjointView<Eigen::Lower>().rankUpdate(zu);
  return s.selfadjointView<Eigen::Lower>();
}

}  // namespace

Eigen::VectorXd Residuals(const GroupBlock& g, const Eigen::VectorXd& b) { return g.y - g.x * b; }

Eigen::VectorXd MomentSum(const GmmSystem& system, const Eigen::VectorXd& b) {
  Eigen::VectorXd z = Eigen::VectorXd::Zero(system.layout.n_instruments);
  for (const GroupBlock& g : system.groups) AddZtv(g, Residuals(g, b), &z);
  return z;
}

absl::StatusOr<GmmFit> EstimateGmm(const GmmSystem& system, bool two_step) {
  GmmFit f;
  f.two_step = two_step;
  CrossProducts(system, &f.zx, &f.zy);
  f.a1 = PgmmInverse(ZHZ(system), &f.generalized_inverse) * static_cast<double>(system.groups.size());
  if (auto s = Step(f, f.a1, &f.b1, &f.coef1); !s.ok()) return s;
  f.s1 = MomentOuterSum(system, f.coef1);
  f.a2 = PgmmInverse(f.s1, &f.generalized_inverse);
  bool unused = false;
  f.sa2 = PgmmInverse(f.a2, &unused);
  if (two_step) {
    if (auto s = Step(f, f.a2, &f.b2, &f.coef2); !s.ok()) return s;
  }
  return f;
}

ChiSquaredTest HansenTest(const GmmSystem& system, const GmmFit& fit) {
  const Eigen::VectorXd z = MomentSum(system, fit.coef());
  ChiSquaredTest t;
  t.statistic = z.dot(fit.a2 * z);
  t.df = system.layout.n_instruments - system.layout.k;
  t.p_value = t.df > 0 ? ChiSquaredUpperTailPValue(t.statistic, t.df) : 1.0;
  return t;
}

}  // namespace govmetrics::stats::gmm
