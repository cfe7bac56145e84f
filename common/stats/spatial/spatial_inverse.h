// (I - a W)^-1 and its transpose applied to blocks of N-vectors, from one sparse
// factorisation: what the information matrix needs of the spatial multipliers without
// forming a dense N x N inverse. For W = D^-1 C with C symmetric, I - a W =
// D^-1/2 (I - a S) D^1/2 with S = D^1/2 W D^-1/2 symmetric, so one sparse LDL' of
// I - a S (shifted_ldlt.h) serves both (I - a W)^-1 = D^-1/2 (I - a S)^-1 D^1/2 and its transpose
// D^1/2 (I - a S)^-1 D^-1/2; any other W gets a sparse LU (COLAMD ordering).
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_INVERSE_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_INVERSE_H_

#include <memory>

#include "Eigen/Core"
#include "Eigen/SparseCore"
#include "Eigen/SparseLU"
#include "absl/status/statusor.h"
#include "common/stats/spatial/shifted_ldlt.h"
#include "common/stats/spatial/spatial_weights.h"

namespace govmetrics::stats {

class SpatialInverse {
 public:
  // FailedPrecondition when I - a W is singular.
  static absl::StatusOr<std::unique_ptr<SpatialInverse>> Create(const SparseWeights& w, double a);
  // From a factorisation object of I - b S for the same W (W = D^-1 C, root_d = D^1/2):
  // its ordering and analysis are reused, and nothing is factorised when b = a. The
  // object may be shared (the sparse log-determinant lends its own): each solve
  // refactorises it at a if someone moved it meanwhile.
  static absl::StatusOr<std::unique_ptr<SpatialInverse>> FromFactor(std::shared_ptr<ShiftedLdlt> factor,
                                                                    Eigen::VectorXd root_d, double a);

  // (I - a W)^-1 rhs.
  Eigen::MatrixXd Solve(const Eigen::MatrixXd& rhs) const;
  // (I - a W)^-T rhs.
  Eigen::MatrixXd SolveTransposed(const Eigen::MatrixXd& rhs) const;

 private:
  SpatialInverse() = default;
  // (I - a S)^-1 rhs, refactorising the (possibly shared) factor at a if it moved.
  Eigen::MatrixXd SolveSymmetric(const Eigen::MatrixXd& rhs) const;

  bool symmetric_ = false;
  double a_ = 0;
  Eigen::VectorXd root_d_;  // D^1/2 (symmetric case)
  std::shared_ptr<ShiftedLdlt> ldlt_;
  mutable Eigen::SparseLU<Eigen::SparseMatrix<double>> lu_;  // transpose() is not const
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_INVERSE_H_
