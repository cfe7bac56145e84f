// Rank-revealing least squares on tall matrices through the Gram matrix.
//
// Why the Gram route and not a QR of X: the panel engine must fit 1e7 x 5
// designs with at most one working copy of the data; X'X is computed in row
// blocks on several threads and never needs an n x k temporary. Accuracy is
// restored by (1) scaling columns to unit diagonal before the Cholesky and (2)
// one step of iterative refinement against the true residual (the
// "semi-normal equations" of Bjorck), which brings the coefficient error to the
// level of a QR solve for the conditioning seen in applied panels.
//
// Collinearity: columns are examined in their given order (as R's lm and
// fixest do), so the LATER of two collinear columns is the one dropped and
// named. A column is dropped when the part of it not explained by the earlier
// kept columns has squared norm below `tolerance` times its own squared norm,
// or when its squared norm is below `tolerance` times `reference_sq_norms`
// (the norm before fixed effects were absorbed: that catches regressors that
// the fixed effects swallow, whose demeaned values are pure rounding noise).
#ifndef GOVMETRICS_COMMON_STATS_LINEAR_SOLVE_H_
#define GOVMETRICS_COMMON_STATS_LINEAR_SOLVE_H_

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"

namespace govmetrics::stats {

inline constexpr double kDefaultCollinearityTolerance = 1e-10;

// A'A computed in row blocks on up to `threads` threads.
Eigen::MatrixXd GramMatrix(const Eigen::Ref<const Eigen::MatrixXd>& a,
                           int threads);

// A'v computed on up to `threads` threads.
Eigen::VectorXd TransposeTimes(const Eigen::Ref<const Eigen::MatrixXd>& a,
                               const Eigen::Ref<const Eigen::VectorXd>& v,
                               int threads);

// out = y - A b, on up to `threads` threads (out may alias y).
void Residuals(const Eigen::Ref<const Eigen::MatrixXd>& a,
               const Eigen::Ref<const Eigen::VectorXd>& b,
               const Eigen::Ref<const Eigen::VectorXd>& y,
               Eigen::Ref<Eigen::VectorXd> out, int threads);

// Result of choosing a full-rank subset of columns and inverting its Gram.
struct RankRevealingInverse {
  std::vector<int> kept;     // column indices kept, increasing
  std::vector<int> dropped;  // collinear column indices, increasing
  Eigen::MatrixXd inverse;   // (A_kept' A_kept)^{-1}, |kept| x |kept|
};

// Sequential pivot-free Cholesky of the scaled Gram with column dropping (see
// the file comment). `reference_sq_norms` may be empty (then only the
// relative test applies). Never fails on collinearity: it drops columns. Fails
// only on non-finite input.
absl::StatusOr<RankRevealingInverse> InvertGramRankRevealing(
    const Eigen::MatrixXd& gram, const Eigen::VectorXd& reference_sq_norms,
    double tolerance);

// Least squares of y on the columns of A with rank revealing and one step of
// iterative refinement. `coefficients` has |kept| entries in kept order.
struct LeastSquaresFit {
  RankRevealingInverse basis;
  Eigen::VectorXd coefficients;
  Eigen::VectorXd residuals;  // y - A_kept b, length n
};

// If columns are dropped, the returned fit refers to A's kept columns; callers
// that need the kept design should compact it (see CompactColumns).
absl::StatusOr<LeastSquaresFit> FitLeastSquares(
    const Eigen::Ref<const Eigen::MatrixXd>& a,
    const Eigen::Ref<const Eigen::VectorXd>& y,
    const Eigen::VectorXd& reference_sq_norms, double tolerance, int threads);

// Moves the columns listed in `kept` (increasing) to the front of `a`, in
// place, and shrinks it to |kept| columns without reallocating the rows.
void CompactColumns(const std::vector<int>& kept, Eigen::MatrixXd& a);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_LINEAR_SOLVE_H_
