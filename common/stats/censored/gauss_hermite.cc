#include "common/stats/censored/gauss_hermite.h"

#include <cmath>

#include "Eigen/Eigenvalues"

namespace govmetrics::stats {

QuadratureRule GaussHermite(int points) {
  // Jacobi matrix of the physicists' Hermite polynomials: zero diagonal, off-diagonal
  // sqrt(j / 2); nodes are its eigenvalues, weights sqrt(pi) times the squared first
  // components of the normalised eigenvectors.
  Eigen::MatrixXd jacobi = Eigen::MatrixXd::Zero(points, points);
  for (int j = 1; j < points; ++j) jacobi(j - 1, j) = jacobi(j, j - 1) = std::sqrt(0.5 * j);
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(jacobi);
  QuadratureRule rule;
  rule.nodes = eigen.eigenvalues();
  rule.weights = std::sqrt(M_PI) * eigen.eigenvectors().row(0).array().square().transpose();
  return rule;
}

}  // namespace govmetrics::stats
