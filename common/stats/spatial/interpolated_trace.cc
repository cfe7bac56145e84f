#include "common/stats/spatial/interpolated_trace.h"

#include <algorithm>
#include <cmath>

namespace govmetrics::stats {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kFirstNodes = 16;
constexpr int kMaxNodes = 256;
constexpr double kCheckPoints[] = {-0.83, 0.11, 0.97};  // on [-1, 1], off every node set

}  // namespace

InterpolatedTraceG::InterpolatedTraceG(const SpatialLogDeterminant& exact, double from, double to)
    : exact_(exact), from_(from), to_(to) {
  n = exact.n;
  symmetric_similar = exact.symmetric_similar;
  lower = exact.lower;
  upper = exact.upper;
  method = exact.method;
  for (int nodes = kFirstNodes; nodes <= kMaxNodes; nodes *= 2) {
    coefficients_ = Fit(nodes);
    check_error_ = 0;
    for (double t : kCheckPoints) {
      const double a = from_ + (t + 1) / 2 * (to_ - from_);
      const double truth = exact_.TraceG(a);
      check_error_ = std::max(check_error_, std::fabs(Evaluate(coefficients_, a) - truth) / std::max(1.0, std::fabs(truth)));
    }
    if (check_error_ <= kInterpolationTolerance) return;
  }
}

// Chebyshev coefficients from the values at the Chebyshev points of the first kind.
Eigen::VectorXd InterpolatedTraceG::Fit(int nodes) const {
  Eigen::VectorXd values(nodes);
  for (int k = 0; k < nodes; ++k) {
    const double t = std::cos(kPi * (k + 0.5) / nodes);
    values(k) = exact_.TraceG(from_ + (t + 1) / 2 * (to_ - from_));
  }
  Eigen::VectorXd c(nodes);
  for (int j = 0; j < nodes; ++j) {
    double sum = 0;
    for (int k = 0; k < nodes; ++k) sum += values(k) * std::cos(kPi * j * (k + 0.5) / nodes);
    c(j) = 2.0 * sum / nodes;
  }
  c(0) /= 2;
  return c;
}

// Clenshaw's recurrence.
double InterpolatedTraceG::Evaluate(const Eigen::VectorXd& c, double a) const {
  const double t = (2 * a - from_ - to_) / (to_ - from_);
  double b1 = 0, b2 = 0;
  for (Eigen::Index j = c.size() - 1; j >= 1; --j) {
    const double b0 = 2 * t * b1 - b2 + c(j);
    b2 = b1;
    b1 = b0;
  }
  return t * b1 - b2 + c(0);
}

double InterpolatedTraceG::TraceG(double a) const {
  if (a < from_ || a > to_) return exact_.TraceG(a);
  return Evaluate(coefficients_, a);
}

}  // namespace govmetrics::stats
