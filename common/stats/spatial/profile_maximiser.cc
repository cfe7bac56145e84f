#include "common/stats/spatial/profile_maximiser.h"

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"

namespace govmetrics::stats {
namespace {

// Grid points avoid the interval's ends, where ln|I - rho W| is minus infinity.
std::vector<double> InteriorGrid(double lower, double upper, int points) {
  std::vector<double> grid(points);
  for (int k = 0; k < points; ++k) grid[k] = lower + (upper - lower) * (k + 0.5) / points;
  return grid;
}

absl::StatusOr<ProfilePoint> Evaluate(const ProfileFunction& profile, double x, bool with_score) {
  absl::StatusOr<ProfilePoint> p = profile(x, with_score);
  if (p.ok() && (!std::isfinite(p->value) || !std::isfinite(p->score))) {
    return absl::FailedPreconditionError(
        absl::StrFormat("the likelihood is not finite at the spatial parameter %.6g (singular likelihood)", x));
  }
  return p;
}

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
    const double tol = 2 * std::numeric_limits<double>::epsilon() * std::fabs(b);
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

absl::StatusOr<double> MaximiseProfile(const ProfileFunction& profile, double lower, double upper, int grid_points) {
  const std::vector<double> grid = InteriorGrid(lower, upper, grid_points);
  std::vector<ProfilePoint> points;  // values only
  int best = -1;
  for (double x : grid) {
    absl::StatusOr<ProfilePoint> p = Evaluate(profile, x, false);
    if (!p.ok()) return p.status();
    points.push_back(*p);
    if (best < 0 || p->value > points[best].value) best = static_cast<int>(points.size()) - 1;
  }
  // Bracket: the neighbours of the best grid point (or the interval's edge, shrunk).
  const double edge = 1e-9 * (upper - lower);
  double a = best > 0 ? grid[best - 1] : lower + edge;
  double b = best + 1 < grid_points ? grid[best + 1] : upper - edge;
  absl::StatusOr<ProfilePoint> pa = Evaluate(profile, a, true);
  absl::StatusOr<ProfilePoint> pb = Evaluate(profile, b, true);
  if (!pa.ok()) return pa.status();
  if (!pb.ok()) return pb.status();
  if (pa->score > 0 && pb->score < 0) {
    auto score = [&](double x) {
      auto p = profile(x, true);
      return p.ok() ? p->score : std::numeric_limits<double>::quiet_NaN();
    };
    return BrentRoot(score, a, b, pa->score, pb->score);
  }
  if ((best == 0 && pa->score < 0) || (best + 1 == grid_points && pb->score > 0)) {
    return absl::FailedPreconditionError(
        "the likelihood has no interior maximum in the admissible interval of the spatial parameter");
  }
  return GoldenSection(profile, a, b);
}

}  // namespace govmetrics::stats
