// The eigenvalues of a spatial weights matrix W, computed once per fit, and what the
// spatial likelihoods need from them: ln|I - rho W| = sum_i ln|1 - rho w_i|, its
// derivative, tr(G) and tr(G G) for G = W (I - rho W)^-1, and the admissible interval
// (1 / min Re w_i, 1 / max Re w_i) (Ord 1975; spatialreg's "eigen" method).
//
// Why the symmetric path: a W that is D^-1 C with C symmetric (every row-standardised
// contiguity or distance matrix) is similar to the symmetric D^1/2 W D^-1/2, whose
// eigenvalues are real and come from a symmetric solver (faster and exact). The
// diagonal D is recovered from W itself (d_i w_ij = d_j w_ji along every link), so a
// row-standardised W needs no record of its unstandardised base. Other W (k nearest
// neighbours, for example) use the general solver and complex eigenvalues.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_SPECTRUM_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_SPECTRUM_H_

#include <complex>
#include <vector>

#include "absl/status/statusor.h"
#include "common/stats/spatial/spatial_log_determinant.h"
#include "common/stats/spatial/spatial_weights.h"

namespace govmetrics::stats {

// symmetric_similar: real eigenvalues from the symmetric solver; the interval is
// (1 / min Re(w_i), 1 / max Re(w_i)).
struct SpatialSpectrum : SpatialLogDeterminant {
  std::vector<std::complex<double>> eigenvalues;

  // ln|I - rho W| (the sum of ln|1 - rho w_i|, real for conjugate pairs).
  double LogDet(double rho) const override;
  // tr(W (I - rho W)^-1) = sum w_i / (1 - rho w_i): minus the derivative of LogDet.
  double TraceG(double rho) const override;
  // tr(G G) = sum (w_i / (1 - rho w_i))^2.
  double TraceGG(double rho) const;
  // tr((I - rho W)^-1) = sum 1 / (1 - rho w_i).
  double TraceInverse(double rho) const override;
};

// FailedPrecondition when W has no negative or no positive real eigenvalue (no
// admissible interval, e.g. W = 0).
absl::StatusOr<SpatialSpectrum> ComputeSpectrum(const SparseWeights& w);

// d with d_i w_ij = d_j w_ji for every pair (W = D^-1 C, C symmetric), or empty when no
// such d exists (W not similar to a symmetric matrix through a diagonal).
std::vector<double> SymmetrisingScale(const SparseWeights& w);

// S = D^1/2 W D^-1/2 (s_ij = sqrt(d_i / d_j) w_ij) for d = SymmetrisingScale(w),
// symmetrised exactly, column-major, with an explicit (zero) diagonal so that I - a S
// has the pattern of S for every a.
Eigen::SparseMatrix<double> SymmetricSimilarMatrix(const SparseWeights& w, const std::vector<double>& d);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_SPATIAL_SPECTRUM_H_
