#include "common/stats/spatial/lanczos_extreme.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "Eigen/Core"

namespace govmetrics::stats {
namespace {

constexpr int kCheckEvery = 10;
constexpr uint64_t kStartSeed = 20261204;

// How many eigenvalues of the symmetric tridiagonal matrix (diagonal a, off-diagonal b)
// are below x: the negative pivots of T - x I (Sturm sequence; Golub and Van Loan 2013,
// sec. 8.4.1), O(k) per count.
int CountBelow(const std::vector<double>& a, const std::vector<double>& b, double x) {
  int count = 0;
  double pivot = 1;
  for (size_t i = 0; i < a.size(); ++i) {
    pivot = a[i] - x - (i > 0 ? b[i - 1] * b[i - 1] / pivot : 0.0);
    if (pivot == 0) pivot = -std::numeric_limits<double>::epsilon() * (std::fabs(x) + 1);
    if (pivot < 0) ++count;
  }
  return count;
}

// The smallest eigenvalue of the tridiagonal matrix, by bisection on the Sturm count
// inside the Gershgorin bounds, to rounding.
double SmallestTridiagonal(const std::vector<double>& a, const std::vector<double>& b) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  for (size_t i = 0; i < a.size(); ++i) {
    const double radius = (i > 0 ? std::fabs(b[i - 1]) : 0.0) + (i < b.size() ? std::fabs(b[i]) : 0.0);
    low = std::min(low, a[i] - radius);
    high = std::max(high, a[i] + radius);
  }
  for (int it = 0; it < 200; ++it) {
    const double mid = 0.5 * (low + high);
    if (mid <= low || mid >= high) break;
    (CountBelow(a, b, mid) > 0 ? high : low) = mid;
  }
  return high;
}

Eigen::VectorXd RademacherStart(int n) {
  std::mt19937_64 engine(kStartSeed);
  Eigen::VectorXd q(n);
  for (int i = 0; i < n; ++i) q(i) = (engine() >> 63) ? 1.0 : -1.0;
  return q / std::sqrt(static_cast<double>(n));
}

}  // namespace

double LanczosSmallestEigenvalue(const Eigen::SparseMatrix<double>& s, int max_steps, double tolerance) {
  const int n = static_cast<int>(s.rows());
  Eigen::VectorXd q = RademacherStart(n), previous = Eigen::VectorXd::Zero(n), w(n);
  std::vector<double> alpha, beta;
  double beta_last = 0, ritz = std::numeric_limits<double>::infinity();
  for (int step = 1; step <= max_steps; ++step) {
    w.noalias() = s * q;
    w -= beta_last * previous;
    alpha.push_back(q.dot(w));
    w -= alpha.back() * q;
    beta_last = w.norm();
    const bool invariant = beta_last <= 1e-12 * std::fabs(alpha.back()) || step == n;
    if (step % kCheckEvery == 0 || invariant || step == max_steps) {
      const double next = SmallestTridiagonal(alpha, beta);
      const bool settled = std::fabs(next - ritz) <= tolerance;
      ritz = next;
      if (settled || invariant) break;
    }
    beta.push_back(beta_last);
    previous.swap(q);
    q = w / beta_last;
  }
  return ritz;
}

}  // namespace govmetrics::stats
