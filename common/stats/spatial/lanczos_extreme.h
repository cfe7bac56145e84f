// An estimate of the smallest eigenvalue of a large sparse symmetric matrix by the
// Lanczos process (Golub and Van Loan 2013, sec. 10.1): the smallest Ritz value of the
// k x k tridiagonal matrix approaches the smallest eigenvalue from above, fast at the
// ends of the spectrum, with one sparse product per step and no factorisation. Without
// reorthogonalisation (only the extreme value is wanted; lost orthogonality adds copies
// of converged values, it does not move them: Paige 1980).
//
// Why: the admissible interval of the spatial parameter ends at 1 / (the extreme
// eigenvalue of S); bisection by inertia needs about 27 sparse factorisations for a
// bracket of 1e-8, the Lanczos estimate about 100-150 sparse products (a few
// factorisations' worth), after which one factorisation verifies the bracket
// (sparse_log_determinant.cc). The estimate is never trusted unverified.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_LANCZOS_EXTREME_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_LANCZOS_EXTREME_H_

#include "Eigen/SparseCore"

namespace govmetrics::stats {

// The smallest Ritz value of `s` (symmetric) after the Lanczos process stops: when it
// moved by at most `tolerance` over the last 10 steps, after `max_steps` steps, or at an
// invariant subspace. From a fixed pseudo-random start, so the result is reproducible.
double LanczosSmallestEigenvalue(const Eigen::SparseMatrix<double>& s, int max_steps, double tolerance);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_LANCZOS_EXTREME_H_
