// One observation's contribution to a Tobit log-likelihood and its derivatives with
// respect to the latent index eta = x'b and to tau = log(sigma). Every Tobit here
// (pooled, random effects at each quadrature node) is a sum of these terms, so the
// censoring rules and the derivative algebra live in this one place.
//
// With limits a (left) and b (right) and s = exp(tau):
//   uncensored (a < y < b): log phi((y - eta) / s) - tau
//   left-censored (y <= a): log Phi((a - eta) / s)
//   right-censored (y >= b): log Phi((eta - b) / s)
// Values beyond a limit count as censored at it (AER::tobit, Stata tobit).
#ifndef GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_TERMS_H_
#define GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_TERMS_H_

#include <cstdint>
#include <limits>
#include <vector>

#include "Eigen/Core"

namespace govmetrics::stats {

struct CensoringLimits {
  double left = -std::numeric_limits<double>::infinity();
  double right = std::numeric_limits<double>::infinity();
};

enum class Censoring : uint8_t { kNone, kLeft, kRight };

// Where each y falls relative to the limits.
std::vector<Censoring> ClassifyCensoring(const Eigen::VectorXd& y, const CensoringLimits& limits);

// log-likelihood l and its derivatives: d_eta = dl/deta, d_eta2 = d2l/deta2,
// d_tau = dl/dtau, d_eta_tau = d2l/deta dtau, d_tau2 = d2l/dtau2.
struct TobitTerm {
  double log_lik = 0;
  double d_eta = 0;
  double d_eta2 = 0;
  double d_tau = 0;
  double d_eta_tau = 0;
  double d_tau2 = 0;
};

TobitTerm TobitObservationTerm(double y, double eta, double tau, Censoring censoring,
                               const CensoringLimits& limits);

// log Phi(x) and the inverse Mills ratio phi(x) / Phi(x), accurate far in the left tail
// (asymptotic series below x = -35, where Phi underflows).
double LogNormalCdf(double x);
double InverseMillsRatio(double x);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_CENSORED_TOBIT_TERMS_H_
