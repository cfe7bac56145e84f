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

// L D L' x = b for a block of right-hand sides stored row by row, so that each triangular
// solve walks L once for the whole block (Eigen's solve walks it once per column). The
// same operations in the same order per column as Eigen's sparse triangular solves.
Eigen::MatrixXd ShiftedLdlt::Solve(const Eigen::MatrixXd& rhs) const {
  using Block = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const int n = static_cast<int>(rhs.rows());
  Block x(n, rhs.cols());
  for (int i = 0; i < n; ++i) x.row(Permuted(i)) = rhs.row(i);
  const Eigen::SparseMatrix<double>& lower = l();
  const int* outer = lower.outerIndexPtr();
  const int* rows = lower.innerIndexPtr();
  const double* values = lower.valuePtr();
  const int k = static_cast<int>(rhs.cols());
  double* data = x.data();
  for (int j = 0; j < n; ++j) {  // L y = b, column by column
    const double* xj = data + static_cast<Eigen::Index>(j) * k;
    for (int p = outer[j]; p < outer[j + 1]; ++p) {
      double* xi = data + static_cast<Eigen::Index>(rows[p]) * k;
      for (int c = 0; c < k; ++c) xi[c] -= xj[c] * values[p];
    }
  }
  const Eigen::VectorXd inverse_d = d().cwiseInverse();
  for (int i = 0; i < n; ++i) x.row(i) *= inverse_d(i);
  for (int j = n - 1; j >= 0; --j) {  // L' x = y: row j of L' is column j of L
    double* xj = data + static_cast<Eigen::Index>(j) * k;
    for (int p = outer[j]; p < outer[j + 1]; ++p) {
      const double* xi = data + static_cast<Eigen::Index>(rows[p]) * k;
      for (int c = 0; c < k; ++c) xj[c] -= values[p] * xi[c];
    }
  }
  Eigen::MatrixXd out(n, rhs.cols());
  for (int i = 0; i < n; ++i) out.row(i) = x.row(Permuted(i));
  return out;
}

}  // namespace govmetrics::stats
