#include "common/stats/spatial/spatial_inverse.h"

#include <cmath>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "common/stats/spatial/spatial_spectrum.h"

namespace govmetrics::stats {
namespace {

absl::Status Singular(double a) {
  return absl::FailedPreconditionError(
      absl::StrFormat("I - %.6g W is singular: the information matrix of the spatial likelihood is undefined", a));
}

// I - a M for a sparse M.
Eigen::SparseMatrix<double> IdentityMinus(const Eigen::SparseMatrix<double>& m, double a) {
  Eigen::SparseMatrix<double> out(m.rows(), m.cols());
  out.setIdentity();
  out -= a * m;
  return out;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SpatialInverse>> SpatialInverse::Create(const SparseWeights& w, double a) {
  std::unique_ptr<SpatialInverse> out(new SpatialInverse());
  const std::vector<double> d = SymmetrisingScale(w);
  if (d.empty()) {
    out->lu_.compute(IdentityMinus(Eigen::SparseMatrix<double>(w), a));
    if (out->lu_.info() != Eigen::Success) return Singular(a);
    return out;
  }
  return FromFactor(std::make_shared<ShiftedLdlt>(SymmetricSimilarMatrix(w, d)),
                    Eigen::Map<const Eigen::VectorXd>(d.data(), static_cast<Eigen::Index>(d.size())).cwiseSqrt(), a);
}

absl::StatusOr<std::unique_ptr<SpatialInverse>> SpatialInverse::FromFactor(std::shared_ptr<ShiftedLdlt> factor,
                                                                           Eigen::VectorXd root_d, double a) {
  if (!factor->Factor(a)) return Singular(a);
  std::unique_ptr<SpatialInverse> out(new SpatialInverse());
  out->symmetric_ = true;
  out->a_ = a;
  out->root_d_ = std::move(root_d);
  out->ldlt_ = std::move(factor);
  return out;
}

Eigen::MatrixXd SpatialInverse::SolveSymmetric(const Eigen::MatrixXd& rhs) const {
  ldlt_->Factor(a_);  // a no-op unless the shared factor moved; a_ was found non-singular
  return ldlt_->Solve(rhs);
}

Eigen::MatrixXd SpatialInverse::Solve(const Eigen::MatrixXd& rhs) const {
  if (!symmetric_) return lu_.solve(rhs);
  return root_d_.cwiseInverse().asDiagonal() * SolveSymmetric(root_d_.asDiagonal() * rhs);
}

Eigen::MatrixXd SpatialInverse::SolveTransposed(const Eigen::MatrixXd& rhs) const {
  if (!symmetric_) return lu_.transpose().solve(rhs);
  return root_d_.asDiagonal() * SolveSymmetric(root_d_.cwiseInverse().asDiagonal() * rhs);
}

}  // namespace govmetrics::stats
