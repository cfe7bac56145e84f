#include "common/stats/censored/tobit_terms.h"

#include <cmath>

namespace govmetrics::stats {
namespace {

constexpr double kLogSqrtTwoPi = 0.91893853320467274178;
constexpr double kTailStart = -35.0;

// 1 - 1/x^2 + 3/x^4 - 15/x^6 + 105/x^8 - 945/x^10: Phi(x) = phi(x) / (-x) * this, for
// x -> -inf (Abramowitz and Stegun 26.2.12); relative error below 1e-12 at x = -35.
double MillsSeries(double x) {
  const double r = 1.0 / (x * x);
  return 1.0 + r * (-1.0 + r * (3.0 + r * (-15.0 + r * (105.0 - 945.0 * r))));
}

// Censored term at c = (a - eta) / s (left, sign -1) or (eta - b) / s (right, sign +1):
// l = log Phi(c), dc/deta = sign / s, dc/dtau = -c.
TobitTerm CensoredTerm(double c, double sign, double s) {
  const double lambda = InverseMillsRatio(c);
  const double curvature = lambda * (c + lambda);  // -d lambda / dc
  TobitTerm t;
  t.log_lik = LogNormalCdf(c);
  t.d_eta = sign * lambda / s;
  t.d_eta2 = -curvature / (s * s);
  t.d_tau = -lambda * c;
  t.d_eta_tau = sign * (c * curvature - lambda) / s;
  t.d_tau2 = -c * (c * curvature - lambda);
  return t;
}

}  // namespace

std::vector<Censoring> ClassifyCensoring(const Eigen::VectorXd& y, const CensoringLimits& limits) {
  std::vector<Censoring> out(static_cast<size_t>(y.size()), Censoring::kNone);
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    if (y(i) <= limits.left) {
      out[static_cast<size_t>(i)] = Censoring::kLeft;
    } else if (y(i) >= limits.right) {
      out[static_cast<size_t>(i)] = Censoring::kRight;
    }
  }
  return out;
}

double LogNormalCdf(double x) {
  if (x >= kTailStart) return std::log(0.5 * std::erfc(-x * M_SQRT1_2));
  return -0.5 * x * x - kLogSqrtTwoPi - std::log(-x) + std::log(MillsSeries(x));
}

double InverseMillsRatio(double x) {
  if (x >= kTailStart) {
    const double pdf = std::exp(-0.5 * x * x - kLogSqrtTwoPi);
    return pdf / (0.5 * std::erfc(-x * M_SQRT1_2));
  }
  return -x / MillsSeries(x);
}

TobitTerm TobitObservationTerm(double y, double eta, double tau, Censoring censoring,
                               const CensoringLimits& limits) {
  const double s = std::exp(tau);
  switch (censoring) {
    case Censoring::kLeft: return CensoredTerm((limits.left - eta) / s, -1.0, s);
    case Censoring::kRight: return CensoredTerm((eta - limits.right) / s, 1.0, s);
    case Censoring::kNone: break;
  }
  const double z = (y - eta) / s;
  TobitTerm t;
  t.log_lik = -0.5 * z * z - tau - kLogSqrtTwoPi;
  t.d_eta = z / s;
  t.d_eta2 = -1.0 / (s * s);
  t.d_tau = z * z - 1.0;
  t.d_eta_tau = -2.0 * z / s;
  t.d_tau2 = -2.0 * z * z;
  return t;
}

}  // namespace govmetrics::stats
