#include "common/stats/spatial/shifted_ldlt.h"

#include "Eigen/OrderingMethods"

namespace govmetrics::stats {

ShiftedLdlt::ShiftedLdlt(const Eigen::SparseMatrix<double>& s) {
  // Eigen's orderings return the inverse permutation (as SimplicialLDLT::ordering uses them).
  Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int> inverse;
  Eigen::AMDOrdering<int>()(s, inverse);
  permutation_ = inverse.inverse();
  s_.resize(s.rows(), s.cols());
  s_.selfadjointView<Eigen::Upper>() = s.selfadjointView<Eigen::Lower>().twistedBy(permutation_);
  s_.makeCompressed();
  for (int j = 0; j < s_.outerSize(); ++j) {
    for (Eigen::SparseMatrix<double>::InnerIterator it(s_, j); it; ++it) {
      if (it.row() == j) diagonal_.push_back(static_cast<int>(&it.value() - s_.valuePtr()));
    }
  }
  m_ = s_;
  ldlt_.analyzePattern(m_);
}

bool ShiftedLdlt::Factor(double a) {
  if (factored_ && factored_at_ == a) return ok_;
  // I - a S in place on the fixed pattern (no allocation per evaluation).
  Eigen::Map<Eigen::VectorXd>(m_.valuePtr(), m_.nonZeros()) =
      -a * Eigen::Map<const Eigen::VectorXd>(s_.valuePtr(), s_.nonZeros());
  for (int p : diagonal_) m_.valuePtr()[p] += 1.0;
  ldlt_.factorize(m_);
  factored_ = true;
  factored_at_ = a;
  ok_ = ldlt_.info() == Eigen::Success;
  return ok_;
}

Eigen::MatrixXd ShiftedLdlt::Solve(const Eigen::MatrixXd& rhs) const {
  const Eigen::MatrixXd permuted = permutation_ * rhs;
  return permutation_.transpose() * Eigen::MatrixXd(ldlt_.solve(permuted));
}

}  // namespace govmetrics::stats
