// The entries of the inverse of a sparse symmetric matrix on the pattern of its
// Cholesky factor, from the factor alone (Takahashi, Fagan and Chen 1973; Erisman and
// Tinney 1975): with P M P' = L D L' (L unit lower triangular), Z = (L D L')^-1 solves
//   Z_ij = -sum_{k > j, L_kj != 0} L_kj Z_ik   (i > j, L_ij != 0),
//   Z_jj = 1 / d_j - sum_{k > j, L_kj != 0} L_kj Z_kj,
// column by column from the last, and every Z_ik needed lies on L's pattern (the
// pattern of a Cholesky factor is closed under this recursion). The cost is
// sum_j c_j^2 log c_j for column counts c_j: a few milliseconds where the dense inverse
// of the same N = 3000 matrix costs seconds.
//
// Why: tr(W (I - a W)^-1) = sum_ij W_ij [(I - a W)^-1]_ji only needs the inverse on
// W's pattern, which the factor's pattern contains.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SELECTED_INVERSE_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SELECTED_INVERSE_H_

#include "Eigen/Core"
#include "Eigen/SparseCore"

namespace govmetrics::stats {

// Z on the pattern of the strictly lower factor `l` (column-major, sorted row indices)
// plus its diagonal; `d` is D. Z is symmetric: Z(i, j) for any (i, j) with the larger
// index on the column of the smaller in `l`, or i = j.
class SelectedInverse {
 public:
  SelectedInverse(const Eigen::SparseMatrix<double>& l, const Eigen::VectorXd& d);

  // Z(i, j); (i, j) must lie on the pattern (checked in debug builds).
  double operator()(int i, int j) const;
  // Where Z(i, j), i != j, sits in `l`'s value array (-1 when off the pattern), and the
  // entry there: repeated lookups on one pattern can be resolved once.
  static Eigen::Index PositionOf(const Eigen::SparseMatrix<double>& l, int i, int j);
  double AtPosition(Eigen::Index position) const { return lower_(position); }

 private:
  const Eigen::SparseMatrix<double>& l_;
  Eigen::VectorXd lower_;     // Z on l's pattern, parallel to l's value array
  Eigen::VectorXd diagonal_;  // Z_jj
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SELECTED_INVERSE_H_
