#include "common/contracts/censored_request.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/contracts/censored_sample.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/provenance.h"
#include "common/stats/censored/tobit_covariance.h"
#include "common/stats/censored/tobit_marginal_effects.h"
#include "common/stats/censored/tobit_random_effects.h"
#include "common/stats/distributions.h"

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kServiceName[] = "govmetrics.modeling.v1.ModelingService";

stats::TobitVariance VarianceOf(mv1::CensoredVariance v) {
  switch (v) {
    case mv1::CENSORED_VARIANCE_ROBUST: return stats::TobitVariance::kRobust;
    case mv1::CENSORED_VARIANCE_CLUSTER: return stats::TobitVariance::kCluster;
    default: return stats::TobitVariance::kOim;
  }
}

void FillTest(const stats::ChiSquareTest& t, mv1::CensoredTest* out) {
  out->set_statistic(t.statistic);
  out->set_df(t.df);
  out->set_p_value(t.p_value);
}

// Coefficients (the first k entries of theta), parameter names and the covariance.
void FillParameters(const CensoredSample& sample, const Eigen::VectorXd& theta, const Eigen::MatrixXd& covariance,
                    const std::vector<std::string>& variance_names, mv1::FitCensoredModelResponse* out) {
  const auto& names = sample.data.names;
  const int k = static_cast<int>(names.size());
  for (int j = 0; j < k; ++j) {
    auto* c = out->add_coefficients();
    const double se = std::sqrt(covariance(j, j));
    c->set_name(names[static_cast<size_t>(j)]);
    c->set_estimate(theta(j));
    c->set_std_error(se);
    c->set_z(theta(j) / se);
    c->set_p_value(stats::NormalTwoSidedPValue(theta(j) / se));
    c->set_period_effect(j >= k - sample.period_dummies);
    out->add_parameter_names(names[static_cast<size_t>(j)]);
  }
  for (const auto& n : variance_names) out->add_parameter_names(n);
  for (Eigen::Index i = 0; i < covariance.rows(); ++i) {
    for (Eigen::Index j = 0; j < covariance.cols(); ++j) out->add_covariance(covariance(i, j));
  }
}

void FillCounts(const CensoredSample& sample, const stats::CensoringCounts& counts, mv1::FitCensoredModelResponse* out) {
  out->set_observations(static_cast<int32_t>(sample.data.y.size()));
  out->set_left_censored(counts.left);
  out->set_uncensored(counts.uncensored);
  out->set_right_censored(counts.right);
  out->set_entities(sample.data.entities);
  out->set_dropped_missing(sample.dropped_missing);
}

mv1::MarginalEffectKind KindOf(stats::MarginalKind k) {
  switch (k) {
    case stats::MarginalKind::kLatent: return mv1::MARGINAL_EFFECT_KIND_LATENT;
    case stats::MarginalKind::kUnconditional: return mv1::MARGINAL_EFFECT_KIND_UNCONDITIONAL;
    case stats::MarginalKind::kConditional: return mv1::MARGINAL_EFFECT_KIND_CONDITIONAL;
    case stats::MarginalKind::kProbability: return mv1::MARGINAL_EFFECT_KIND_PROBABILITY;
  }
  return mv1::MARGINAL_EFFECT_KIND_UNSPECIFIED;
}

void FillMarginalEffects(const CensoredSample& sample, const Eigen::VectorXd& theta, const Eigen::MatrixXd& covariance,
                         mv1::FitCensoredModelResponse* out) {
  for (const auto& e : stats::TobitMarginalEffects(sample.data.x, sample.data.limits, theta, covariance)) {
    auto* m = out->add_marginal_effects();
    m->set_regressor(sample.data.names[static_cast<size_t>(e.column)]);
    m->set_kind(KindOf(e.kind));
    m->set_at(e.at == stats::MarginalAt::kMeans ? mv1::MARGINAL_EFFECT_AT_MEANS : mv1::MARGINAL_EFFECT_AT_AVERAGE);
    m->set_estimate(e.estimate);
    m->set_std_error(e.std_error);
    m->set_z(e.estimate / e.std_error);
    m->set_p_value(stats::NormalTwoSidedPValue(e.estimate / e.std_error));
  }
}

void FillProvenance(const mv1::FitCensoredModelRequest& request, common::v1::Provenance* provenance) {
  StartProvenance(kServiceName, request.panel(), provenance);
  const auto model = request.model() == mv1::CENSORED_MODEL_UNSPECIFIED ? mv1::CENSORED_MODEL_POOLED : request.model();
  const auto variance =
      request.variance() == mv1::CENSORED_VARIANCE_UNSPECIFIED ? mv1::CENSORED_VARIANCE_OIM : request.variance();
  AddOption("model", mv1::CensoredModel_Name(model), provenance);
  AddOption("variance", mv1::CensoredVariance_Name(variance), provenance);
  AddOption("left_limit", request.has_left_limit() ? absl::StrCat(request.left_limit()) : "none", provenance);
  AddOption("right_limit", request.has_right_limit() ? absl::StrCat(request.right_limit()) : "none", provenance);
  AddOption("period_effects", request.period_effects() ? "true" : "false", provenance);
  if (model == mv1::CENSORED_MODEL_RANDOM_EFFECTS) {
    AddOption("quadrature", "adaptive Gauss-Hermite (nodes at each entity's mode and curvature, re-placed at each Newton iterate)", provenance);
    AddOption("quadrature_points", request.quadrature_points() == 0 ? kDefaultQuadraturePoints
                                                                     : request.quadrature_points(),
              provenance);
  }
  AddOption("marginal_effects",
            model == mv1::CENSORED_MODEL_RANDOM_EFFECTS
                ? "McDonald-Moffitt at u_i = 0 (scale sigma_e; Stata xttobit predict pr0/e0/ystar0), at the means "
                  "and averaged, delta-method SEs"
                : "McDonald-Moffitt (scale sigma), at the means and averaged, delta-method SEs",
            provenance);
  AddOption("optimiser", "Newton-Raphson, analytic gradient and Hessian in (b, log sigma), least-squares start",
            provenance);
}

absl::StatusOr<mv1::FitCensoredModelResponse> FitPooled(const mv1::FitCensoredModelRequest& request,
                                                        const CensoredSample& sample,
                                                        const stats::StopPredicate* should_stop) {
  auto fit = stats::FitPooledTobit(sample.data, VarianceOf(request.variance()), should_stop);
  if (!fit.ok()) return WithPreconditionSubject(fit.status(), "dependent");
  mv1::FitCensoredModelResponse out;
  const Eigen::Index k = sample.data.x.cols();
  FillParameters(sample, fit->theta, fit->covariance, {"log(sigma)"}, &out);
  const double sigma = std::exp(fit->theta(k));
  out.set_sigma(sigma);
  out.set_sigma_std_error(sigma * std::sqrt(fit->covariance(k, k)));
  out.set_log_likelihood(fit->log_likelihood);
  out.set_null_log_likelihood(fit->null_log_likelihood);
  const double lr = 2.0 * (fit->log_likelihood - fit->null_log_likelihood);
  FillTest({lr, static_cast<int>(k) - 1, stats::ChiSquaredUpperTailPValue(lr, static_cast<double>(k) - 1)},
           out.mutable_lr_test());
  FillTest(stats::SlopesWaldTest(fit->theta, fit->covariance, static_cast<int>(k)), out.mutable_wald_test());
  FillCounts(sample, fit->counts, &out);
  out.set_iterations(fit->iterations);
  FillMarginalEffects(sample, fit->theta, fit->covariance, &out);
  return out;
}

void FillRandomEffects(const stats::RandomEffectsTobitFit& fit, Eigen::Index k, int points,
                       mv1::RandomEffectsTobit* out) {
  const double sigma_u = std::exp(fit.theta(k)), sigma_e = std::exp(fit.theta(k + 1));
  const double rho = sigma_u * sigma_u / (sigma_u * sigma_u + sigma_e * sigma_e);
  // d rho / d log sigma_u = 2 rho (1 - rho) = -d rho / d log sigma_e.
  const Eigen::Vector2d gradient(2 * rho * (1 - rho), -2 * rho * (1 - rho));
  out->set_sigma_u(sigma_u);
  out->set_sigma_u_std_error(sigma_u * std::sqrt(fit.covariance(k, k)));
  out->set_sigma_e(sigma_e);
  out->set_sigma_e_std_error(sigma_e * std::sqrt(fit.covariance(k + 1, k + 1)));
  out->set_rho(rho);
  out->set_rho_std_error(std::sqrt(gradient.dot(fit.covariance.block(k, k, 2, 2) * gradient)));
  // Chi-bar-square(01): sigma_u = 0 lies on the boundary, so half the chi-square(1) tail
  // (Gutierrez, Carter and Drukker 2001; xttobit's "LR test of sigma_u=0").
  const double lr = std::max(0.0, 2.0 * (fit.log_likelihood - fit.pooled_log_likelihood));
  FillTest({lr, 1, lr <= 0 ? 1.0 : 0.5 * stats::ChiSquaredUpperTailPValue(lr, 1)}, out->mutable_sigma_u_test());
  out->set_quadrature_points(points);
  out->set_pooled_log_likelihood(fit.pooled_log_likelihood);
}

absl::StatusOr<mv1::FitCensoredModelResponse> FitRandomEffects(const mv1::FitCensoredModelRequest& request,
                                                               const CensoredSample& sample,
                                                               const stats::StopPredicate* should_stop) {
  const int points = request.quadrature_points() == 0 ? kDefaultQuadraturePoints : request.quadrature_points();
  auto fit = stats::FitRandomEffectsTobit(sample.data, points, should_stop);
  if (!fit.ok()) return WithPreconditionSubject(fit.status(), "dependent");
  mv1::FitCensoredModelResponse out;
  const Eigen::Index k = sample.data.x.cols();
  FillParameters(sample, fit->theta, fit->covariance, {"log(sigma_u)", "log(sigma_e)"}, &out);
  out.set_sigma(std::exp(fit->theta(k + 1)));
  out.set_sigma_std_error(out.sigma() * std::sqrt(fit->covariance(k + 1, k + 1)));
  out.set_log_likelihood(fit->log_likelihood);
  FillTest(stats::SlopesWaldTest(fit->theta, fit->covariance, static_cast<int>(k)), out.mutable_wald_test());
  FillCounts(sample, fit->counts, &out);
  out.set_iterations(fit->iterations);
  FillRandomEffects(*fit, k, points, out.mutable_random_effects());
  // Stata xttobit's predict(pr0 / e0 / ystar0): the effects at u_i = 0, so the censoring
  // scale is sigma_e and sigma_u does not enter; the delta method needs only the
  // (b, log sigma_e) block of the covariance.
  std::vector<Eigen::Index> at_zero_effect(static_cast<size_t>(k));
  for (Eigen::Index j = 0; j < k; ++j) at_zero_effect[static_cast<size_t>(j)] = j;
  at_zero_effect.push_back(k + 1);
  FillMarginalEffects(sample, fit->theta(at_zero_effect), fit->covariance(at_zero_effect, at_zero_effect), &out);
  return out;
}

}  // namespace

absl::StatusOr<mv1::FitCensoredModelResponse> FitCensoredModel(const mv1::FitCensoredModelRequest& request,
                                                               const stats::StopPredicate* should_stop) {
  auto panel = PanelView::Create(request.panel());
  if (!panel.ok()) return panel.status();
  auto sample = BuildCensoredSample(request, *panel);
  if (!sample.ok()) return sample.status();
  auto response = request.model() == mv1::CENSORED_MODEL_RANDOM_EFFECTS ? FitRandomEffects(request, *sample, should_stop)
                                                                        : FitPooled(request, *sample, should_stop);
  if (!response.ok()) return response.status();
  FillProvenance(request, response->mutable_provenance());
  return response;
}

}  // namespace govmetrics::contracts
