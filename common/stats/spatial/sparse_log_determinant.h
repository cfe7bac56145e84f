// ln|I - a W| and tr(W (I - a W)^-1) for a large sparse W without its eigenvalues:
// W = D^-1 C with C symmetric (every row-standardised symmetric contiguity, k-nearest-
// neighbour-symmetrised or distance matrix) is similar to S = D^1/2 W D^-1/2, so
// |I - a W| = |I - a S| and tr(W (I - a W)^-1) = tr(S (I - a S)^-1), and I - a S is
// symmetric positive definite on the admissible interval: a sparse LDL' factorisation
// (shifted_ldlt.h: AMD ordering and symbolic analysis once, S stored permuted) gives the exact
// log-determinant as sum ln|d_i| (spatialreg's method = "Matrix"; LeSage and Pace 2009,
// sec. 4.2), and the selected inverse of the factor (selected_inverse.h) gives tr(G)
// exactly, so the likelihood's score stays analytical. Exact to rounding: the estimates
// match the eigenvalue path to ~1e-12.
//
// The interval: for c < 0, I - S / c is positive definite exactly when every eigenvalue
// of S exceeds c (for c > 0, when every one is below c), and the factorisation says
// which (every d_i > 0; Sylvester's law of inertia). A Lanczos estimate of the extreme
// eigenvalue, verified by one factorisation (bisection towards the bound +-max_i sum_j
// |w_ij| on the spectral radius when the verification fails), finds the extreme
// eigenvalues to 1e-8 of that bound on the admissible side; the largest eigenvalue of a
// row-standardised W is exactly 1.
//
// Not thread-safe: the factorisation of the last a is cached (one fit, one thread).
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPARSE_LOG_DETERMINANT_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPARSE_LOG_DETERMINANT_H_

#include <memory>
#include <vector>

#include "Eigen/Core"
#include "Eigen/SparseCore"
#include "absl/status/statusor.h"
#include "common/stats/spatial/shifted_ldlt.h"
#include "common/stats/spatial/spatial_log_determinant.h"
#include "common/stats/spatial/spatial_weights.h"

namespace govmetrics::stats {

class SparseLogDeterminant : public SpatialLogDeterminant {
 public:
  // FailedPrecondition when W is not similar to a symmetric matrix through a diagonal
  // (use the eigenvalues) or has no admissible interval (W = 0).
  static absl::StatusOr<std::unique_ptr<SparseLogDeterminant>> Create(const SparseWeights& w);

  double LogDet(double a) const override;
  double TraceG(double a) const override;
  // Lends the likelihood's factor when it is at a (the estimate), else a new one on the
  // same permuted pattern.
  absl::StatusOr<std::unique_ptr<SpatialInverse>> InverseAt(double a) const override;

 private:
  SparseLogDeterminant() = default;
  bool Factor(double a) const { return factor_->Factor(a); }
  bool PositiveDefinite(double a) const;
  // The extreme eigenvalue of S on the side of `bound`, to kBisectionTolerance, from the
  // admissible side.
  double ExtremeEigenvalue(double bound) const;
  absl::Status FindInterval(double radius_bound, bool row_standardised);

  Eigen::SparseMatrix<double> s_;  // the symmetric similar matrix, both triangles, explicit diagonal
  Eigen::VectorXd root_scale_;     // D^1/2 for W = D^-1 C
  // tr(S Z) = sum of s * Z at fixed positions of the factor's pattern (which the pattern
  // analysis fixes), resolved at the first TraceG: s_ij with Z(p(i), p(j)).
  struct TraceTerm {
    Eigen::Index position;  // in L's value array, or -1 for a diagonal entry
    int diagonal;           // p(i) when position < 0
    double s;
  };
  mutable std::vector<TraceTerm> trace_terms_;
  // The factorisation of the last a, and the last tr(G) (the effects ask for it twice at
  // the estimate, through TraceInverse): caches, logically const.
  std::shared_ptr<ShiftedLdlt> factor_;
  mutable bool traced_ = false;
  mutable double traced_at_ = 0, traced_value_ = 0;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPARSE_LOG_DETERMINANT_H_
