// Sparse LDL' factorisations of I - a S for one symmetric sparse S and many values of a
// (the likelihood's profile, the interval's bisection, the covariance at the estimate).
// The pattern of I - a S does not depend on a, so the fill-reducing ordering (AMD) and
// the symbolic analysis are done once, and S is stored already permuted (P S P', upper
// triangle): each factorisation then works in place on that pattern with no
// permutation or copy of the matrix, which Eigen's SimplicialLDLT would otherwise redo
// at every factorize() (about a third of its cost at N = 3000). The numbers are those of
// SimplicialLDLT with AMD ordering: the same permuted matrix, the same elimination.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SHIFTED_LDLT_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SHIFTED_LDLT_H_

#include <vector>

#include "Eigen/Core"
#include "Eigen/SparseCholesky"
#include "Eigen/SparseCore"

namespace govmetrics::stats {

class ShiftedLdlt {
 public:
  // `s`: symmetric with both triangles and an explicit diagonal (SymmetricSimilarMatrix).
  explicit ShiftedLdlt(const Eigen::SparseMatrix<double>& s);

  // Factorises P (I - a S) P' = L D L' unless a is the current factor's; false when a
  // pivot is zero (then d() and l() are not meaningful).
  bool Factor(double a);
  bool ok() const { return ok_; }
  // Whether the current factorisation is that of I - a S.
  bool IsAt(double a) const { return factored_ && factored_at_ == a; }

  Eigen::VectorXd d() const { return ldlt_.vectorD(); }  // Eigen returns D by value
  // The strictly lower part of the unit lower factor L, in the permuted order.
  const Eigen::SparseMatrix<double>& l() const { return ldlt_.matrixL().nestedExpression(); }
  // Where the original index i sits in the factor's order.
  int Permuted(int i) const { return permutation_.indices()(i); }
  // (I - a S)^-1 rhs, rows in the original order.
  Eigen::MatrixXd Solve(const Eigen::MatrixXd& rhs) const;

 private:
  Eigen::PermutationMatrix<Eigen::Dynamic, Eigen::Dynamic, int> permutation_;  // P
  Eigen::SparseMatrix<double> s_;  // P S P', upper triangle, explicit diagonal
  Eigen::SparseMatrix<double> m_;  // I - a P S P' on s_'s pattern
  std::vector<int> diagonal_;      // positions of the diagonal in the value arrays
  Eigen::SimplicialLDLT<Eigen::SparseMatrix<double>, Eigen::Upper, Eigen::NaturalOrdering<int>> ldlt_;
  double factored_at_ = 0;
  bool factored_ = false;
  bool ok_ = false;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SHIFTED_LDLT_H_
