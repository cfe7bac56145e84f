#include "common/stats/censored/tobit_random_effects.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/stats/censored/tobit_covariance.h"

namespace govmetrics::stats {
namespace {

constexpr double kLogSqrtTwoPi = 0.91893853320467274178;
// e-folds below the starting sigma_u at which it is taken to have collapsed to 0.
constexpr double kSigmaUCollapse = 15.0;
constexpr double kMaxLogSigmaDrift = 20.0;
constexpr int kModeIterations = 100;

// h_i(u) up to a constant, with h' and h'' (strictly negative).
struct ModeTerms {
  double value = 0, slope = 0, curvature = 0;
};

ModeTerms EntityIntegrand(const TobitData& data, const std::vector<Censoring>& censoring,
                          const std::vector<Eigen::Index>& rows, const Eigen::VectorXd& eta, double u,
                          double sigma_u, double tau_e) {
  ModeTerms h;
  for (Eigen::Index r : rows) {
    const TobitTerm t = TobitObservationTerm(data.y(r), eta(r) + u, tau_e, censoring[static_cast<size_t>(r)], data.limits);
    h.value += t.log_lik;
    h.slope += t.d_eta;
    h.curvature += t.d_eta2;
  }
  const double precision = 1.0 / (sigma_u * sigma_u);
  h.value -= 0.5 * u * u * precision;
  h.slope -= u * precision;
  h.curvature -= precision;
  return h;
}

// Mode and curvature of the (strictly concave) h_i by Newton with step halving.
ModeTerms EntityMode(const TobitData& data, const std::vector<Censoring>& censoring,
                     const std::vector<Eigen::Index>& rows, const Eigen::VectorXd& eta, double sigma_u, double tau_e,
                     double* mode) {
  double u = 0;
  ModeTerms h = EntityIntegrand(data, censoring, rows, eta, u, sigma_u, tau_e);
  for (int iteration = 0; iteration < kModeIterations; ++iteration) {
    double step = -h.slope / h.curvature;
    ModeTerms next = EntityIntegrand(data, censoring, rows, eta, u + step, sigma_u, tau_e);
    for (int halving = 0; halving < 60 && !(next.value >= h.value); ++halving) {
      step *= 0.5;
      next = EntityIntegrand(data, censoring, rows, eta, u + step, sigma_u, tau_e);
    }
    if (!(next.value >= h.value)) break;
    u += step;
    h = next;
    if (std::fabs(step) <= 1e-13 * (sigma_u + std::fabs(u))) break;
  }
  *mode = u;
  return h;
}

// One node of one entity: the log of exp(h_i(u)) (data terms plus the N(0, sigma_u^2)
// density of u), its gradient G and Hessian H (upper triangle) in theta, u held fixed.
struct NodeSums {
  double value = 0;
  Eigen::VectorXd gradient;
  Eigen::MatrixXd hessian;
};

void AddPriorTerm(double u, double tau_u, bool with_derivatives, Eigen::Index iu, NodeSums* s) {
  const double z2 = u * u * std::exp(-2.0 * tau_u);
  s->value += -0.5 * z2 - tau_u - kLogSqrtTwoPi;
  if (!with_derivatives) return;
  s->gradient(iu) += z2 - 1.0;
  s->hessian(iu, iu) += -2.0 * z2;
}

NodeSums NodeContribution(const TobitData& data, const std::vector<Censoring>& censoring,
                          const std::vector<Eigen::Index>& rows, const Eigen::VectorXd& eta, double u,
                          const Eigen::VectorXd& theta, bool with_derivatives) {
  const Eigen::Index k = data.x.cols(), iu = k, ie = k + 1;
  NodeSums s;
  if (with_derivatives) {
    s.gradient = Eigen::VectorXd::Zero(k + 2);
    s.hessian = Eigen::MatrixXd::Zero(k + 2, k + 2);
  }
  for (Eigen::Index r : rows) {
    const TobitTerm t =
        TobitObservationTerm(data.y(r), eta(r) + u, theta(ie), censoring[static_cast<size_t>(r)], data.limits);
    s.value += t.log_lik;
    if (!with_derivatives) continue;
    const auto x = data.x.row(r).transpose();
    s.gradient.head(k) += t.d_eta * x;
    s.gradient(ie) += t.d_tau;
    s.hessian.topLeftCorner(k, k).noalias() += t.d_eta2 * x * x.transpose();
    s.hessian.col(ie).head(k) += t.d_eta_tau * x;
    s.hessian(ie, ie) += t.d_tau2;
  }
  AddPriorTerm(u, theta(iu), with_derivatives, iu, &s);
  return s;
}

// log L_i and, with derivatives, its gradient and Hessian added to `out`: with p_m the
// posterior node weights, grad = sum p_m G_m, Hess = sum p_m (H_m + G_m G_m') - grad grad'.
void AddEntity(const TobitData& data, const std::vector<Censoring>& censoring, const std::vector<Eigen::Index>& rows,
               const AdaptiveNodes& nodes, Eigen::Index entity, const Eigen::VectorXd& eta,
               const Eigen::VectorXd& theta, bool with_derivatives, Objective* out) {
  const Eigen::Index p = theta.size(), m_count = nodes.u.cols();
  std::vector<NodeSums> sums;
  Eigen::VectorXd log_terms(m_count);
  for (Eigen::Index m = 0; m < m_count; ++m) {
    sums.push_back(NodeContribution(data, censoring, rows, eta, nodes.u(entity, m), theta, with_derivatives));
    log_terms(m) = nodes.log_weight(entity, m) + sums.back().value;
  }
  const double top = log_terms.maxCoeff();
  const Eigen::VectorXd scaled = (log_terms.array() - top).exp();
  const double total = scaled.sum();
  out->value += top + std::log(total);
  if (!with_derivatives) return;
  Eigen::VectorXd grad = Eigen::VectorXd::Zero(p);
  Eigen::MatrixXd second = Eigen::MatrixXd::Zero(p, p);
  for (Eigen::Index m = 0; m < m_count; ++m) {
    const double weight = scaled(m) / total;
    const auto& node = sums[static_cast<size_t>(m)];
    const Eigen::MatrixXd hessian = node.hessian.selfadjointView<Eigen::Upper>();  // filled above the diagonal
    grad += weight * node.gradient;
    second += weight * (hessian + node.gradient * node.gradient.transpose());
  }
  out->gradient += grad;
  out->hessian += second - grad * grad.transpose();
}

IterateCheck VarianceCheck(double start_log_sigma_u, double start_log_sigma_e, Eigen::Index k) {
  return [=](const Eigen::VectorXd& theta) -> absl::Status {
    if (!theta.allFinite()) return absl::FailedPreconditionError("the parameters are not finite");
    if (theta(k) < start_log_sigma_u - kSigmaUCollapse) {
      return absl::FailedPreconditionError(
          "sigma_u is collapsing to 0: the data show no entity effect, and the pooled Tobit is the model");
    }
    if (std::fabs(theta(k + 1) - start_log_sigma_e) > kMaxLogSigmaDrift ||
        theta(k) > start_log_sigma_u + kMaxLogSigmaDrift) {
      return absl::FailedPreconditionError(absl::StrCat("sigma_e or sigma_u is diverging (log sigma_u ", theta(k),
                                                        ", log sigma_e ", theta(k + 1), ")"));
    }
    return absl::OkStatus();
  };
}

}  // namespace

EntityRows GroupRowsByEntity(const TobitData& data) {
  EntityRows groups(static_cast<size_t>(data.entities));
  for (size_t r = 0; r < data.entity.size(); ++r) {
    groups[static_cast<size_t>(data.entity[r])].push_back(static_cast<Eigen::Index>(r));
  }
  return groups;
}

AdaptiveNodes PlaceNodes(const TobitData& data, const std::vector<Censoring>& censoring, const EntityRows& groups,
                         const QuadratureRule& rule, const Eigen::VectorXd& theta) {
  const Eigen::Index k = data.x.cols(), m_count = rule.nodes.size();
  const Eigen::VectorXd eta = data.x * theta.head(k);
  const double sigma_u = std::exp(theta(k)), tau_e = theta(k + 1);
  AdaptiveNodes nodes{Eigen::MatrixXd(groups.size(), m_count), Eigen::MatrixXd(groups.size(), m_count)};
  for (size_t i = 0; i < groups.size(); ++i) {
    double mode = 0;
    const ModeTerms h = EntityMode(data, censoring, groups[i], eta, sigma_u, tau_e, &mode);
    const double scale = M_SQRT2 / std::sqrt(-h.curvature);
    const Eigen::Index row = static_cast<Eigen::Index>(i);
    nodes.u.row(row) = (mode + scale * rule.nodes.array()).transpose();
    nodes.log_weight.row(row) =
        (rule.weights.array().log() + rule.nodes.array().square() + std::log(scale)).transpose();
  }
  return nodes;
}

Objective RandomEffectsTobitObjective(const TobitData& data, const std::vector<Censoring>& censoring,
                                      const EntityRows& groups, const AdaptiveNodes& nodes,
                                      const Eigen::VectorXd& theta, bool with_derivatives) {
  const Eigen::Index k = data.x.cols();
  const Eigen::VectorXd eta = data.x * theta.head(k);
  Objective out;
  if (with_derivatives) {
    out.gradient = Eigen::VectorXd::Zero(k + 2);
    out.hessian = Eigen::MatrixXd::Zero(k + 2, k + 2);
  }
  for (size_t i = 0; i < groups.size(); ++i) {
    AddEntity(data, censoring, groups[i], nodes, static_cast<Eigen::Index>(i), eta, theta, with_derivatives, &out);
  }
  return out;
}

absl::StatusOr<RandomEffectsTobitFit> FitRandomEffectsTobit(const TobitData& data, int quadrature_points,
                                                            const StopPredicate* should_stop) {
  const std::vector<Censoring> censoring = ClassifyCensoring(data.y, data.limits);
  RandomEffectsTobitFit fit;
  fit.counts = CountCensoring(censoring);
  if (fit.counts.uncensored == 0) {
    return absl::FailedPreconditionError("every observation is censored: sigma and the slopes are not identified");
  }
  auto pooled = MaximisePooledTobit(data, censoring, should_stop);
  if (!pooled.ok()) return pooled.status();
  const Eigen::Index k = data.x.cols();
  // Start: the pooled slopes, its variance split equally between u and e.
  Eigen::VectorXd start(k + 2);
  start.head(k) = pooled->theta.head(k);
  start(k) = start(k + 1) = pooled->theta(k) - 0.5 * std::log(2.0);
  const EntityRows groups = GroupRowsByEntity(data);
  const QuadratureRule rule = GaussHermite(quadrature_points);
  AdaptiveNodes nodes = PlaceNodes(data, censoring, groups, rule, start);
  auto f = [&](const Eigen::VectorXd& theta, bool d) {
    return RandomEffectsTobitObjective(data, censoring, groups, nodes, theta, d);
  };
  NewtonOptions options;
  options.on_accept = [&](const Eigen::VectorXd& theta) { nodes = PlaceNodes(data, censoring, groups, rule, theta); };
  auto best = MaximiseNewton(f, start, VarianceCheck(start(k), start(k + 1), k), options, should_stop);
  if (!best.ok()) return best.status();
  auto covariance = MaximumLikelihoodCovariance(best->at_optimum.hessian, Eigen::MatrixXd(), TobitVariance::kOim, {});
  if (!covariance.ok()) return covariance.status();
  fit.theta = best->theta;
  fit.covariance = *std::move(covariance);
  fit.log_likelihood = best->at_optimum.value;
  fit.pooled_log_likelihood = pooled->at_optimum.value;
  fit.iterations = best->iterations;
  return fit;
}

}  // namespace govmetrics::stats
