// The maximiser of the lag models' concentrated likelihood (SAR, SDM) with far fewer
// evaluations than a fixed grid, and with a guarantee the grid does not give: no part of
// the interval can hide a higher maximum.
//
// The profile is f(x) = J(x) - h ln q(x): q(x) = q0 - 2 q1 x + q2 x^2 is the residual sum
// of squares (quadratic in the spatial parameter), h = n_eff / 2, and J is the
// log-Jacobian T_eff [ln|I - x W| - p ln(1 - x)], concave on the admissible interval when
// W's eigenvalues are real (W similar to a symmetric matrix: sum ln(1 - x lambda_i); with
// the Lee-Yu period term W is row-standardised, so its unit eigenvalue cancels ln(1 - x)).
// On any stretch [a, b] between evaluated points: -h ln q is at most -h ln(min q on
// [a, b]) (closed form), and a concave J lies below the chords of its neighbouring
// stretches extended (the chord slopes decrease), so J(x) is at most the lower of the two
// extended chords. Branch and bound (Horst and Tuy 1996, ch. 4): starting from a coarse
// grid, a stretch whose bound is below the best value is ruled out, and the stretch with
// the highest bound is split until every stretch but the best point's two neighbours is
// ruled out. The bracket around the best point is then narrowed until f is concave there
// (-h ln q is concave where q2 (x - x0)^2 <= min q, x0 = q1 / q2), so the score has one
// root in it, which RefineMaximum (profile_maximiser.h) finds to machine precision.
//
// Each evaluation is values only: one log-determinant (one sparse factorisation on the
// sparse path), against 48 for the grid of MaximiseProfile.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_BOUNDED_PROFILE_SEARCH_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_BOUNDED_PROFILE_SEARCH_H_

#include "absl/status/statusor.h"
#include "common/stats/spatial/profile_maximiser.h"

namespace govmetrics::stats {

struct QuadraticSse {
  double h = 0;                    // the multiplier of -ln q: n_eff / 2
  double q0 = 0, q1 = 0, q2 = 0;   // q(x) = q0 - 2 q1 x + q2 x^2, q2 > 0
  double At(double x) const { return q0 - 2 * q1 * x + q2 * x * x; }
};

// The maximiser of `profile` = J - h ln q on (lower, upper) for a concave J (see above).
// FailedPrecondition as MaximiseProfile.
absl::StatusOr<double> MaximiseConcaveJacobianProfile(const ProfileFunction& profile, const QuadraticSse& sse,
                                                      double lower, double upper);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_BOUNDED_PROFILE_SEARCH_H_
