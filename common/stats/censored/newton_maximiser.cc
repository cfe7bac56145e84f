#include "common/stats/censored/newton_maximiser.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "Eigen/Cholesky"
#include "absl/strings/str_cat.h"

namespace govmetrics::stats {
namespace {

constexpr int kMaxHalvings = 60;
constexpr double kRoundingBand = 1e3 * std::numeric_limits<double>::epsilon();

// Solves (-H + mu I) d = g with the smallest mu >= 0 (0, then growing from 1e-8 of the
// diagonal's scale) that makes the shifted matrix positive definite, so d is an ascent
// direction. Returns the decrement g'd.
double AscentDirection(const Objective& at, Eigen::VectorXd* direction) {
  const Eigen::MatrixXd information = -at.hessian;
  const double scale = std::max(1.0, information.diagonal().cwiseAbs().maxCoeff());
  double mu = 0;
  for (int attempt = 0; attempt < 40; ++attempt) {
    Eigen::MatrixXd shifted = information;
    shifted.diagonal().array() += mu;
    Eigen::LLT<Eigen::MatrixXd> llt(shifted);
    if (llt.info() == Eigen::Success) {
      *direction = llt.solve(at.gradient);
      const double decrement = at.gradient.dot(*direction);
      if (std::isfinite(decrement) && decrement >= 0) return decrement;
    }
    mu = mu == 0 ? 1e-8 * scale : mu * 10;
  }
  *direction = at.gradient / scale;
  return at.gradient.squaredNorm() / scale;
}

}  // namespace

absl::StatusOr<NewtonResult> MaximiseNewton(const ObjectiveFunction& f, Eigen::VectorXd theta,
                                            const IterateCheck& check, const NewtonOptions& options,
                                            const StopPredicate* should_stop) {
  Objective at = f(theta, true);
  if (!std::isfinite(at.value)) {
    return absl::FailedPreconditionError("the log-likelihood is not finite at the starting values");
  }
  for (int iteration = 1; iteration <= options.max_iterations; ++iteration) {
    if (auto s = CheckStop(should_stop); !s.ok()) return s;
    Eigen::VectorXd direction;
    const double decrement = AscentDirection(at, &direction);
    if (decrement < options.tolerance) return NewtonResult{theta, at, iteration - 1};
    // Near the optimum the gain (about decrement / 2) drowns in the rounding of a sum of
    // n terms, while the step still matters in ill-conditioned directions: a step is
    // accepted when it does not lose more than that rounding.
    const double floor = at.value - kRoundingBand * std::fabs(at.value);
    double step = 1.0;
    Eigen::VectorXd next;
    double value = -INFINITY;
    for (int halving = 0; halving <= kMaxHalvings; ++halving, step *= 0.5) {
      next = theta + step * direction;
      value = f(next, false).value;
      if (std::isfinite(value) && value >= floor) break;
    }
    if (!(std::isfinite(value) && value >= floor)) {
      // No step improves: at the optimum up to rounding when the decrement is tiny.
      if (decrement < 1e-8) return NewtonResult{theta, at, iteration - 1};
      return absl::FailedPreconditionError(
          absl::StrCat("the maximisation stalled at iteration ", iteration, " (Newton decrement ", decrement, ")"));
    }
    if (auto s = check(next); !s.ok()) return s;
    const bool negligible = (next - theta).norm() <= 1e-14 * (1.0 + theta.norm());
    theta = next;
    if (options.on_accept) options.on_accept(theta);
    at = f(theta, true);
    // Rounding, not curvature, limits the last digits: the step no longer moves theta.
    if (negligible) return NewtonResult{theta, at, iteration};
  }
  return absl::FailedPreconditionError(
      absl::StrCat("the maximisation did not converge in ", options.max_iterations, " Newton iterations"));
}

}  // namespace govmetrics::stats
