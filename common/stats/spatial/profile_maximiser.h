// Maximises a concentrated (profile) log-likelihood of one spatial parameter on its open
// admissible interval (lower, upper).
//
// Why a grid and then a root of the score: a likelihood is flat at its maximum, so a
// search on its values (golden section, R's optimize) stops about sqrt(machine
// epsilon) from the maximiser; the score (the analytical derivative) crosses zero
// steeply there, so a bracketing root finder (Brent 1973, zeroin) reaches full double
// precision. The grid picks the highest of several local maxima, if there are several.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_PROFILE_MAXIMISER_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_PROFILE_MAXIMISER_H_

#include <functional>
#include <vector>

#include "absl/status/statusor.h"

namespace govmetrics::stats {

struct ProfilePoint {
  double value = 0;  // the concentrated log-likelihood
  double score = 0;  // its derivative (0 when not asked for)
};

// The profile at x; the score only when `with_score` (the grid needs values only, and
// the score can cost more than the value: tr(G) by selected inversion on the sparse path).
using ProfileFunction = std::function<absl::StatusOr<ProfilePoint>(double x, bool with_score)>;

// The maximiser on (lower, upper). FailedPrecondition when the maximum lies at the
// interval's edge (the likelihood has no interior maximum) or a value is not finite.
absl::StatusOr<double> MaximiseProfile(const ProfileFunction& profile, double lower, double upper,
                                       int grid_points = 48);

// The profile at x with its value and score checked finite (FailedPrecondition naming x).
absl::StatusOr<ProfilePoint> Evaluate(const ProfileFunction& profile, double x, bool with_score);

// The second stage of every search: given evaluated points `x` (increasing) of which
// x[best] has the highest value, the root of the score between best's neighbours (the
// interval's edges for an end point), or golden section there when the score's signs do
// not bracket a root. FailedPrecondition when the maximum is at the interval's edge.
absl::StatusOr<double> RefineMaximum(const ProfileFunction& profile, double lower, double upper,
                                     const std::vector<double>& x, int best);

// Brent's zeroin: a root of f in [a, b], f(a) and f(b) of opposite signs.
double BrentRoot(const std::function<double(double)>& f, double a, double b, double fa, double fb);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_PROFILE_MAXIMISER_H_
