#include "common/stats/spatial/lanczos_extremes.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "Eigen/Eigenvalues"

namespace govmetrics::stats {
namespace {

constexpr int kCheckEvery = 10;

// A fixed start vector with a component along every eigenvector in practice: a ones
// vector (the Perron direction of most weights) perturbed by a deterministic sequence.
Eigen::VectorXd StartVector(int n) {
  Eigen::VectorXd v(n);
  for (int i = 0; i < n; ++i) v(i) = 1.0 + 0.5 * std::sin(1.0 + 2.3 * i);
  return v.normalized();
}

ExtremeEigenvalues RitzExtremes(const std::vector<double>& alpha, const std::vector<double>& beta, int m) {
  Eigen::VectorXd diag = Eigen::Map<const Eigen::VectorXd>(alpha.data(), m);
  Eigen::VectorXd sub = Eigen::Map<const Eigen::VectorXd>(beta.data(), std::max(m - 1, 0));
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver;
  solver.computeFromTridiagonal(diag, sub, Eigen::ComputeEigenvectors);
  const double last_beta = beta[m - 1];  // beta_m: the coupling to the next Lanczos vector
  ExtremeEigenvalues out;
  out.min = solver.eigenvalues()(0);
  out.max = solver.eigenvalues()(m - 1);
  out.min_residual = std::fabs(last_beta * solver.eigenvectors()(m - 1, 0));
  out.max_residual = std::fabs(last_beta * solver.eigenvectors()(m - 1, m - 1));
  out.steps = m;
  return out;
}

}  // namespace

ExtremeEigenvalues LanczosExtremes(const Eigen::SparseMatrix<double>& s, int max_steps, double tolerance,
                                   bool need_max) {
  const int n = static_cast<int>(s.rows());
  const int steps = std::max(1, std::min(max_steps, n));
  Eigen::MatrixXd basis(n, steps);
  std::vector<double> alpha, beta;
  basis.col(0) = StartVector(n);
  ExtremeEigenvalues out;
  for (int j = 0; j < steps; ++j) {
    Eigen::VectorXd w = s * basis.col(j);
    alpha.push_back(basis.col(j).dot(w));
    w -= basis.leftCols(j + 1) * (basis.leftCols(j + 1).transpose() * w);  // full reorthogonalisation
    beta.push_back(w.norm());
    const bool last = j + 1 == steps || beta.back() <= 1e-14;
    if (last || (j + 1) % kCheckEvery == 0) {
      out = RitzExtremes(alpha, beta, j + 1);
      const double spread = std::max(out.max - out.min, 1e-300);
      const double residual = need_max ? std::max(out.min_residual, out.max_residual) : out.min_residual;
      if (last || residual <= tolerance * spread) return out;
    }
    basis.col(j + 1) = w / beta.back();
  }
  return out;
}

}  // namespace govmetrics::stats
