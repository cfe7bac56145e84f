#include "common/stats/spatial/profile_maximiser.h"

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace govmetrics::stats {
namespace {

// Zeroin's absolute tolerance t (tol = 2 eps |b| + t / 2; Brent 1973, ch. 4): the score's
// own rounding makes steps below about 1e-15 noise (each costs a log-determinant and a
// selected inverse on the sparse path), while every spatial parameter is O(1).
constexpr double kRootAbsoluteTolerance = 1e-15;

// Grid points avoid the interval's ends, where ln|I - rho W| is minus infinity.
std::vector<double> InteriorGrid(double lower, double upper, int points) {
  std::vector<double> grid(points);
  for (int k = 0; k < points; ++k) grid[k] = lower + (upper - lower) * (k + 0.5) / points;
  return grid;
}

}  // namespace

absl::StatusOr<ProfilePoint> Evaluate(const ProfileFunction& profile, double x, bool with_score) {
  absl::StatusOr<ProfilePoint> p = profile(x, with_score);
  if (p.ok() && (!std::isfinite(p->value) || !std::isfinite(p->score))) {
    return absl::FailedPreconditionError(
        absl::StrFormat("the likelihood is not finite at the spatial parameter %.6g (singular likelihood)", x));
  }
  return p;
}

namespace {

// Golden-section search on the values: the fallback when rounding hides the score's sign.
double GoldenSection(const ProfileFunction& profile, double a, double b) {
  const double r = (std::sqrt(5.0) - 1) / 2;
  double c = b - r * (b - a), d = a + r * (b - a);
  auto f = [&](double x) {
    auto p = profile(x, false);
    return p.ok() ? p->value : -std::numeric_limits<double>::infinity();
  };
  double fc = f(c), fd = f(d);
  for (int it = 0; it < 200 && b - a > 1e-15 * (1 + std::fabs(a)); ++it) {
    if (fc > fd) {
      b = d, d = c, fd = fc, c = b - r * (b - a), fc = f(c);
    } else {
      a = c, c = d, fc = fd, d = a + r * (b - a), fd = f(d);
    }
  }
  return (a + b) / 2;
}

}  // namespace

double BrentRoot(const std::function<double(double)>& f, double a, double b, double fa, double fb) {
  double c = a, fc = fa, d = b - a, e = d;
  for (int iter = 0; iter < 200; ++iter) {
    if ((fb > 0) == (fc > 0)) c = a, fc = fa, d = e = b - a;
    if (std::fabs(fc) < std::fabs(fb)) a = b, b = c, c = a, fa = fb, fb = fc, fc = fa;
    const double tol = 2 * std::numeric_limits<double>::epsilon() * std::fabs(b) + 0.5 * kRootAbsoluteTolerance;
    const double m = (c - b) / 2;
    if (std::fabs(m) <= tol || fb == 0) return b;
    if (std::fabs(e) >= tol && std::fabs(fa) > std::fabs(fb)) {
      double p, q, s = fb / fa;
      if (a == c) {
        p = 2 * m * s, q = 1 - s;
      } else {
        const double qa = fa / fc, r = fb / fc;
        p = s * (2 * m * qa * (qa - r) - (b - a) * (r - 1)), q = (qa - 1) * (r - 1) * (s - 1);
      }
      if (p > 0) q = -q; else p = -p;
      if (2 * p < std::min(3 * m * q - std::fabs(tol * q), std::fabs(e * q))) {
        e = d, d = p / q;
      } else {
        d = m, e = m;
      }
    } else {
      d = m, e = m;
    }
    a = b, fa = fb;
    b += std::fabs(d) > tol ? d : (m > 0 ? tol : -tol);
    fb = f(b);
  }
  return b;
}

absl::StatusOr<double> RefineMaximum(const ProfileFunction& profile, double lower, double upper,
                                     const std::vector<double>& x, int best) {
  const int last = static_cast<int>(x.size()) - 1;
  // Bracket: the neighbours of the best point (or the interval's edge, shrunk).
  const double edge = 1e-9 * (upper - lower);
  double a = best > 0 ? x[best - 1] : lower + edge;
  double b = best < last ? x[best + 1] : upper - edge;
  absl::StatusOr<ProfilePoint> pa = Evaluate(profile, a, true);
  absl::StatusOr<ProfilePoint> pb = Evaluate(profile, b, true);
  if (!pa.ok()) return pa.status();
  if (!pb.ok()) return pb.status();
  if (pa->score > 0 && pb->score < 0) {
    auto score = [&](double t) {
      auto p = profile(t, true);
      return p.ok() ? p->score : std::numeric_limits<double>::quiet_NaN();
    };
    return BrentRoot(score, a, b, pa->score, pb->score);
  }
  if ((best == 0 && pa->score < 0) || (best == last && pb->score > 0)) {
    return absl::FailedPreconditionError(
        "the likelihood has no interior maximum in the admissible interval of the spatial parameter");
  }
  return GoldenSection(profile, a, b);
}

absl::StatusOr<double> MaximiseProfile(const ProfileFunction& profile, double lower, double upper, int grid_points) {
  const std::vector<double> grid = InteriorGrid(lower, upper, grid_points);
  int best = -1;
  double best_value = 0;
  for (int k = 0; k < grid_points; ++k) {
    absl::StatusOr<ProfilePoint> p = Evaluate(profile, grid[k], false);  // values only
    if (!p.ok()) return p.status();
    if (best < 0 || p->value > best_value) best = k, best_value = p->value;
  }
  return RefineMaximum(profile, lower, upper, grid, best);
}

}  // namespace govmetrics::stats
