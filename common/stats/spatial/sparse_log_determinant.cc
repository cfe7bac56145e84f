#include "common/stats/spatial/sparse_log_determinant.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "common/stats/spatial/lanczos_extreme.h"
#include "common/stats/spatial/selected_inverse.h"
#include "common/stats/spatial/spatial_inverse.h"
#include "common/stats/spatial/spatial_spectrum.h"

namespace govmetrics::stats {
namespace {

constexpr double kRowSumTolerance = 1e-12;
// Bisection stops when the bracket of the extreme eigenvalue is this small relative to
// the spectral radius bound.
constexpr double kBisectionTolerance = 1e-8;
// Lanczos steps before the estimate is verified anyway (about 150 suffice for 1e-8 on a
// symmetrised 6-nearest-neighbour W of 3000 counties).
constexpr int kLanczosSteps = 300;

// max_i sum_j |w_ij| (the infinity norm): a bound on the spectral radius of W and S.
double LargestRowSum(const SparseWeights& w) {
  double largest = 0;
  for (int i = 0; i < w.outerSize(); ++i) {
    double sum = 0;
    for (SparseWeights::InnerIterator it(w, i); it; ++it) sum += std::fabs(it.value());
    largest = std::max(largest, sum);
  }
  return largest;
}

bool EveryRowSumsToOne(const SparseWeights& w) {
  for (int i = 0; i < w.outerSize(); ++i) {
    double sum = 0;
    for (SparseWeights::InnerIterator it(w, i); it; ++it) sum += it.value();
    if (std::fabs(sum - 1.0) > kRowSumTolerance) return false;
  }
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SparseLogDeterminant>> SparseLogDeterminant::Create(const SparseWeights& w) {
  const std::vector<double> d = SymmetrisingScale(w);
  if (d.empty()) {
    return absl::FailedPreconditionError(
        "the sparse log-determinant needs W similar to a symmetric matrix (W = D^-1 C, C symmetric)");
  }
  std::unique_ptr<SparseLogDeterminant> out(new SparseLogDeterminant());
  out->n = static_cast<int>(w.rows());
  out->symmetric_similar = true;
  out->s_ = SymmetricSimilarMatrix(w, d);
  out->root_scale_ = Eigen::Map<const Eigen::VectorXd>(d.data(), static_cast<Eigen::Index>(d.size())).cwiseSqrt();
  out->factor_ = std::make_shared<ShiftedLdlt>(out->s_);
  if (absl::Status st = out->FindInterval(LargestRowSum(w), EveryRowSumsToOne(w)); !st.ok()) return st;
  out->method = "sparse LDL' factorisation of the symmetric matrix similar to W (exact log-determinant; "
                "tr(W A^-1) from the selected inverse; interval from a Lanczos estimate verified by inertia)";
  return out;
}

bool SparseLogDeterminant::PositiveDefinite(double a) const {
  return Factor(a) && (factor_->d().array() > 0).all();
}

// For c < 0, I - S / c is positive definite exactly when every eigenvalue of S exceeds
// c (for c > 0, when every one is below c), and the factorisation says which (every
// d_i > 0; Sylvester's law of inertia). The Lanczos estimate of the extreme eigenvalue
// (lanczos_extreme.h; on the inner side of it, to rounding) proposes the bracket's outer
// end one tolerance beyond it, and one factorisation verifies it; otherwise (the
// estimate had not converged) bisection between there and the spectral radius bound
// keeps the extreme eigenvalue in (inner, outer]. The outer end returned is either
// verified positive definite or the bound itself (e.g. -1 for the bipartite rook
// lattice, whose row-standardised W has the eigenvalue -1 exactly), so 1 / outer is the
// admissible interval's (open) end to within kBisectionTolerance.
double SparseLogDeterminant::ExtremeEigenvalue(double bound) const {
  const double width = kBisectionTolerance * std::fabs(bound);
  const double side = bound < 0 ? 1.0 : -1.0;  // the largest eigenvalue of S is minus the smallest of -S
  const double ritz = side * LanczosSmallestEigenvalue(side * s_, kLanczosSteps, width / 4);
  const double proposed = ritz - side * width;
  if (side * (proposed - bound) <= 0) return bound;
  if (PositiveDefinite(1.0 / proposed)) return proposed;
  double inner = proposed, outer = bound;
  while (std::fabs(outer - inner) > width) {
    const double c = 0.5 * (inner + outer);
    (PositiveDefinite(1.0 / c) ? outer : inner) = c;
  }
  return outer;
}

absl::Status SparseLogDeterminant::FindInterval(double radius_bound, bool row_standardised) {
  if (!(radius_bound > 0)) {
    return absl::FailedPreconditionError(
        "the spatial weights matrix has no negative or no positive eigenvalue, so there is no admissible "
        "interval for the spatial parameter (is W all zeros?)");
  }
  lower = 1.0 / ExtremeEigenvalue(-radius_bound);
  // The largest eigenvalue of a row-standardised W is exactly 1 (Perron-Frobenius).
  upper = row_standardised ? 1.0 : 1.0 / ExtremeEigenvalue(radius_bound);
  return absl::OkStatus();
}

double SparseLogDeterminant::LogDet(double a) const {
  if (!Factor(a)) return -std::numeric_limits<double>::infinity();
  return factor_->d().array().abs().log().sum();
}

double SparseLogDeterminant::TraceG(double a) const {
  if (traced_ && traced_at_ == a) return traced_value_;
  if (!Factor(a)) return std::numeric_limits<double>::quiet_NaN();
  const Eigen::SparseMatrix<double>& l = factor_->l();
  const SelectedInverse z(l, factor_->d());
  if (trace_terms_.empty()) {
    // (M^-1)_ji = Z(p(j), p(i)) for P M P' = L D L'.
    for (int j = 0; j < s_.outerSize(); ++j) {
      for (Eigen::SparseMatrix<double>::InnerIterator it(s_, j); it; ++it) {
        const int pi = factor_->Permuted(static_cast<int>(it.row())), pj = factor_->Permuted(j);
        if (it.value() == 0) continue;
        trace_terms_.push_back({pi == pj ? -1 : SelectedInverse::PositionOf(l, pi, pj), pi, it.value()});
      }
    }
  }
  double sum = 0;
  for (const TraceTerm& t : trace_terms_) sum += t.s * (t.position >= 0 ? z.AtPosition(t.position) : z(t.diagonal, t.diagonal));
  traced_ = true, traced_at_ = a, traced_value_ = sum;
  return sum;
}

absl::StatusOr<std::unique_ptr<SpatialInverse>> SparseLogDeterminant::InverseAt(double a) const {
  std::shared_ptr<ShiftedLdlt> factor = factor_->IsAt(a) ? factor_ : std::make_shared<ShiftedLdlt>(s_);
  return SpatialInverse::FromFactor(std::move(factor), root_scale_, a);
}

}  // namespace govmetrics::stats
