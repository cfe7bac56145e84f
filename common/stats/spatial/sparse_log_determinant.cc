#include "common/stats/spatial/sparse_log_determinant.h"

#include <cmath>
#include <limits>
#include <vector>

#include "absl/status/status.h"
#include "common/stats/spatial/lanczos_extremes.h"
#include "common/stats/spatial/selected_inverse.h"
#include "common/stats/spatial/spatial_spectrum.h"

namespace govmetrics::stats {
namespace {

// Enough for the bound to within about 1e-6 of the spectral spread on contiguity-like W
// (the interval only brackets the search; the estimate does not depend on it).
constexpr int kLanczosSteps = 150;
constexpr double kLanczosTolerance = 1e-6;
constexpr double kRowSumTolerance = 1e-12;
constexpr int kIntervalRetries = 30;

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
  out->m_ = out->s_;
  for (int j = 0; j < out->n; ++j) {
    for (Eigen::SparseMatrix<double>::InnerIterator it(out->s_, j); it; ++it) {
      if (it.row() == j) out->diagonal_.push_back(static_cast<int>(&it.value() - out->s_.valuePtr()));
    }
  }
  out->ldlt_.analyzePattern(out->m_);
  if (absl::Status st = out->FindInterval(EveryRowSumsToOne(w)); !st.ok()) return st;
  out->method = "sparse LDL' factorisation of the symmetric matrix similar to W (exact log-determinant; "
                "tr(W A^-1) from the selected inverse; interval by Lanczos, checked by factorisation)";
  return out;
}

bool SparseLogDeterminant::Factor(double a) const {
  if (factored_ && factored_at_ == a) return factor_ok_;
  // I - a S in place on the fixed pattern (no allocation per evaluation).
  Eigen::Map<Eigen::VectorXd>(m_.valuePtr(), m_.nonZeros()) = -a * Eigen::Map<const Eigen::VectorXd>(s_.valuePtr(), s_.nonZeros());
  for (int p : diagonal_) m_.valuePtr()[p] += 1.0;
  ldlt_.factorize(m_);
  factored_ = true;
  factored_at_ = a;
  factor_ok_ = ldlt_.info() == Eigen::Success;
  return factor_ok_;
}

bool SparseLogDeterminant::PositiveDefinite(double a) const {
  return Factor(a) && (ldlt_.vectorD().array() > 0).all();
}

absl::Status SparseLogDeterminant::FindInterval(bool row_standardised) {
  const ExtremeEigenvalues e = LanczosExtremes(s_, kLanczosSteps, kLanczosTolerance, !row_standardised);
  const double lo = e.min - e.min_residual;
  const double hi = row_standardised ? 1.0 : e.max + e.max_residual;
  if (!(lo < 0) || !(hi > 0)) {
    return absl::FailedPreconditionError(
        "the spatial weights matrix has no negative or no positive eigenvalue, so there is no admissible "
        "interval for the spatial parameter (is W all zeros?)");
  }
  lower = 1.0 / lo;
  upper = 1.0 / hi;
  // The ends must be admissible: I - a S positive definite (the open end at 1 / 1 of a
  // row-standardised W is exact and singular by construction, so it is not checked).
  for (int k = 0; k < kIntervalRetries && !PositiveDefinite(lower); ++k) lower *= 0.999;
  for (int k = 0; !row_standardised && k < kIntervalRetries && !PositiveDefinite(upper); ++k) upper *= 0.999;
  return absl::OkStatus();
}

double SparseLogDeterminant::LogDet(double a) const {
  if (!Factor(a)) return -std::numeric_limits<double>::infinity();
  return ldlt_.vectorD().array().abs().log().sum();
}

double SparseLogDeterminant::TraceG(double a) const {
  if (!Factor(a)) return std::numeric_limits<double>::quiet_NaN();
  const Eigen::SparseMatrix<double>& l = ldlt_.matrixL().nestedExpression();
  const SelectedInverse z(l, ldlt_.vectorD());
  const auto& perm = ldlt_.permutationP().indices();
  // tr(S M^-1) = sum_ij s_ij (M^-1)_ji, and (M^-1)_ji = Z(p(j), p(i)) for P M P' = L D L'.
  double sum = 0;
  for (int j = 0; j < s_.outerSize(); ++j) {
    for (Eigen::SparseMatrix<double>::InnerIterator it(s_, j); it; ++it) {
      sum += it.value() * z(perm(static_cast<int>(it.row())), perm(j));
    }
  }
  return sum;
}

}  // namespace govmetrics::stats
