#include "common/stats/spatial/bounded_profile_search.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "absl/status/status.h"

namespace govmetrics::stats {
namespace {

constexpr int kCoarsePoints = 8;
// The bracket need never be narrower than two steps of MaximiseProfile's grid.
constexpr int kFinestPoints = 48;
// A safety net: bounds that cannot rule anything out (a likelihood flat to rounding)
// stop the splitting here, about twice the grid's evaluations.
constexpr int kMaxEvaluations = 96;
// Bounds within rounding of the best value do not keep a stretch alive.
constexpr double kRounding = 1e-12;

struct Line {
  double x, y, slope;
  double At(double t) const { return y + slope * (t - x); }
};

class BoundedSearch {
 public:
  BoundedSearch(const ProfileFunction& profile, const QuadraticSse& sse, double lower, double upper)
      : profile_(profile), sse_(sse), lower_(lower), upper_(upper) {}

  absl::Status Add(double x) {
    absl::StatusOr<ProfilePoint> p = Evaluate(profile_, x, false);
    if (!p.ok()) return p.status();
    const auto at = std::lower_bound(x_.begin(), x_.end(), x);
    const auto k = at - x_.begin();
    x_.insert(at, x);
    value_.insert(value_.begin() + k, p->value);
    jacobian_.insert(jacobian_.begin() + k, p->value + sse_.h * std::log(sse_.At(x)));
    return absl::OkStatus();
  }
  int size() const { return static_cast<int>(x_.size()); }
  const std::vector<double>& x() const { return x_; }
  int Best() const { return static_cast<int>(std::max_element(value_.begin(), value_.end()) - value_.begin()); }
  double BestValue() const { return value_[Best()]; }
  // Stretch k runs from sample k - 1 to sample k (from lower for k = 0, to upper for k = size).
  double From(int k) const { return k > 0 ? x_[k - 1] : lower_; }
  double To(int k) const { return k < size() ? x_[k] : upper_; }
  double Bound(int k) const { return SseBound(From(k), To(k)) + JacobianBound(k); }
  // f is concave on [a, b] when -h ln q is (J is).
  bool Concave(double a, double b) const {
    const double centre = sse_.q1 / sse_.q2, least = sse_.At(centre);
    return sse_.q2 * std::max((a - centre) * (a - centre), (b - centre) * (b - centre)) <= least;
  }

 private:
  double SseBound(double a, double b) const { return -sse_.h * std::log(sse_.At(std::clamp(sse_.q1 / sse_.q2, a, b))); }
  Line Chord(int i) const {  // through samples i and i + 1
    return {x_[i], jacobian_[i], (jacobian_[i + 1] - jacobian_[i]) / (x_[i + 1] - x_[i])};
  }
  // The chords of the neighbouring stretches, extended over stretch k, bound J from above.
  double JacobianBound(int k) const {
    const bool left = k >= 2, right = k + 1 <= size() - 1;
    if (!left && !right) return std::numeric_limits<double>::infinity();
    const double a = From(k), b = To(k);
    auto lowest = [&](double t) {
      double v = std::numeric_limits<double>::infinity();
      if (left) v = std::min(v, Chord(k - 2).At(t));
      if (right) v = std::min(v, Chord(k).At(t));
      return v;
    };
    double best = std::max(lowest(a), lowest(b));
    if (left && right) {
      const Line l = Chord(k - 2), r = Chord(k);
      if (l.slope != r.slope) {
        const double t = (r.y - l.y + l.slope * l.x - r.slope * r.x) / (l.slope - r.slope);
        if (t > a && t < b) best = std::max(best, lowest(t));
      }
    }
    return best;
  }

  const ProfileFunction& profile_;
  const QuadraticSse& sse_;
  double lower_, upper_;
  std::vector<double> x_, value_, jacobian_;  // samples in increasing x
};

// The stretch to split next, or -1 when every stretch but the best point's neighbours is
// ruled out and f is concave on the bracket (or the bracket is as narrow as the grid's).
int NextSplit(const BoundedSearch& s, double lower, double upper) {
  const int best = s.Best();
  const double best_value = s.BestValue();
  int split = -1;
  double highest = best_value + kRounding * (1 + std::fabs(best_value));
  for (int k = 0; k <= s.size(); ++k) {
    if (k == best || k == best + 1) continue;
    const double bound = s.Bound(k);
    if (bound > highest) split = k, highest = bound;
  }
  if (split >= 0) return split;
  const double a = s.From(best), b = s.To(best + 1);
  if (s.Concave(a, b) || b - a <= 2 * (upper - lower) / kFinestPoints) return -1;
  return s.x()[best] - a > b - s.x()[best] ? best : best + 1;
}

}  // namespace

absl::StatusOr<double> MaximiseConcaveJacobianProfile(const ProfileFunction& profile, const QuadraticSse& sse,
                                                      double lower, double upper) {
  BoundedSearch search(profile, sse, lower, upper);
  for (int k = 0; k < kCoarsePoints; ++k) {
    if (absl::Status st = search.Add(lower + (upper - lower) * (k + 0.5) / kCoarsePoints); !st.ok()) return st;
  }
  while (search.size() < kMaxEvaluations) {
    const int k = NextSplit(search, lower, upper);
    if (k < 0) break;
    if (absl::Status st = search.Add(0.5 * (search.From(k) + search.To(k))); !st.ok()) return st;
  }
  return RefineMaximum(profile, lower, upper, search.x(), search.Best());
}

}  // namespace govmetrics::stats
