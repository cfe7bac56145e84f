// Newton-Raphson maximisation of a smooth log-likelihood with analytic gradient and
// Hessian, step halving, and a Levenberg shift of the Hessian where it is not negative
// definite (far from the optimum of a non-concave parameterisation). Converges when the
// Newton decrement g' (-H)^-1 g falls below `tolerance`, i.e. when the log-likelihood is
// within about tolerance / 2 of its local maximum.
#ifndef GOVMETRICS_COMMON_STATS_CENSORED_NEWTON_MAXIMISER_H_
#define GOVMETRICS_COMMON_STATS_CENSORED_NEWTON_MAXIMISER_H_

#include <functional>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/stats/stop_check.h"

namespace govmetrics::stats {

struct Objective {
  double value = 0;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;
};

// Evaluates the objective at theta; `with_derivatives` false may skip gradient and
// Hessian (used by the step-halving line search).
using ObjectiveFunction = std::function<Objective(const Eigen::VectorXd& theta, bool with_derivatives)>;

// Called with each accepted iterate; a non-OK status stops the maximisation with it
// (e.g. a variance parameter diverging).
using IterateCheck = std::function<absl::Status(const Eigen::VectorXd& theta)>;

struct NewtonOptions {
  int max_iterations = 200;
  double tolerance = 1e-18;
  // Called with each accepted iterate before the objective is evaluated there with
  // derivatives: lets an objective that depends on the iterate (adaptive quadrature nodes)
  // be re-placed between iterations while staying fixed within one line search.
  std::function<void(const Eigen::VectorXd&)> on_accept;
};

struct NewtonResult {
  Eigen::VectorXd theta;
  Objective at_optimum;  // with derivatives
  int iterations = 0;
};

// FAILED_PRECONDITION when the objective is not finite at the start or no step improves
// it, or when it has not converged after max_iterations.
absl::StatusOr<NewtonResult> MaximiseNewton(const ObjectiveFunction& f, Eigen::VectorXd theta,
                                            const IterateCheck& check, const NewtonOptions& options,
                                            const StopPredicate* should_stop);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_CENSORED_NEWTON_MAXIMISER_H_
