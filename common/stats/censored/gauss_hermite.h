// Gauss-Hermite quadrature: nodes v_m and weights w_m with
// integral exp(-v^2) f(v) dv ~= sum_m w_m f(v_m), exact for polynomials of degree 2M - 1.
#ifndef GOVMETRICS_COMMON_STATS_CENSORED_GAUSS_HERMITE_H_
#define GOVMETRICS_COMMON_STATS_CENSORED_GAUSS_HERMITE_H_

#include "Eigen/Core"

namespace govmetrics::stats {

struct QuadratureRule {
  Eigen::VectorXd nodes;
  Eigen::VectorXd weights;
};

// M >= 1 points, by the Golub-Welsch eigenvalue method (Golub and Welsch 1969).
QuadratureRule GaussHermite(int points);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_CENSORED_GAUSS_HERMITE_H_
