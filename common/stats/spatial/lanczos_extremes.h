// The smallest and largest eigenvalues of a large sparse symmetric matrix by the Lanczos
// method with full reorthogonalisation (Golub and Van Loan 2013, sec. 10.1), each with
// its residual bound: some eigenvalue lies within `residual` of the Ritz value
// (|beta_m s_mi|, Parlett 1998, sec. 13.2), and the Ritz values lie inside the spectrum.
// Used for the admissible interval of the spatial parameter when the eigenvalues of W
// are not computed (sparse_log_determinant.h).
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_LANCZOS_EXTREMES_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_LANCZOS_EXTREMES_H_

#include "Eigen/SparseCore"

namespace govmetrics::stats {

struct ExtremeEigenvalues {
  double min = 0, min_residual = 0;
  double max = 0, max_residual = 0;
  int steps = 0;
};

// Stops when the residuals (of the smallest only, unless `need_max`) are below
// `tolerance` times the spectral spread, or after `max_steps` (at most N) steps. The
// start vector is fixed, so results are reproducible.
ExtremeEigenvalues LanczosExtremes(const Eigen::SparseMatrix<double>& s, int max_steps, double tolerance,
                                   bool need_max);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_LANCZOS_EXTREMES_H_
