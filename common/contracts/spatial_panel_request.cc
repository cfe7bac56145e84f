#include "common/contracts/spatial_panel_request.h"

#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/contracts/balanced_panel.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "common/contracts/spatial_weights_request.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/spatial/spatial_panel_model.h"

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kServiceName[] = "govmetrics.modeling.v1.ModelingService";
constexpr int kDefaultEffectDraws = 1000;

struct Columns {
  int dependent = 0;
  std::vector<int> regressors;
};

absl::Status Validate(const mv1::FitSpatialPanelRequest& request, const PanelView& panel, Columns* columns) {
  FieldViolations v;
  if (auto c = panel.RequireColumn(request.dependent(), "dependent", &v)) {
    columns->dependent = *c;
    panel.CheckFinite(*c, /*allow_missing=*/false, &v);
  }
  if (request.regressors().empty()) v.Add("regressors", "at least one regressor is needed");
  std::set<std::string> seen;
  for (int i = 0; i < request.regressors_size(); ++i) {
    const std::string& name = request.regressors(i);
    const std::string field = absl::StrCat("regressors[", i, "]");
    if (name == request.dependent()) v.Add(field, absl::StrCat("'", name, "' is the dependent variable"));
    if (!seen.insert(name).second) v.Add(field, absl::StrCat("'", name, "' is listed twice"));
    if (auto c = panel.RequireColumn(name, field, &v)) {
      columns->regressors.push_back(*c);
      panel.CheckFinite(*c, /*allow_missing=*/false, &v);
    }
  }
  ValidateSpatialPanelOptions(request, &v);
  return v.ToStatus();
}

stats::SpatialPanelOptions OptionsOf(const mv1::FitSpatialPanelRequest& request) {
  stats::SpatialPanelOptions o;
  switch (request.model()) {
    case mv1::SPATIAL_PANEL_MODEL_SAR: o.model = stats::SpatialPanelModel::kSar; break;
    case mv1::SPATIAL_PANEL_MODEL_SEM: o.model = stats::SpatialPanelModel::kSem; break;
    case mv1::SPATIAL_PANEL_MODEL_SAC: o.model = stats::SpatialPanelModel::kSac; break;
    default: o.model = stats::SpatialPanelModel::kSdm;
  }
  switch (request.fixed_effects()) {
    case mv1::SPATIAL_FIXED_EFFECTS_ENTITY: o.effects = stats::SpatialFixedEffects::kEntity; break;
    case mv1::SPATIAL_FIXED_EFFECTS_PERIOD: o.effects = stats::SpatialFixedEffects::kPeriod; break;
    default: o.effects = stats::SpatialFixedEffects::kTwoWay;
  }
  o.correction = request.bias_correction() == mv1::SPATIAL_BIAS_CORRECTION_NONE ? stats::SpatialBiasCorrection::kNone
                                                                                : stats::SpatialBiasCorrection::kLeeYu;
  o.impact_draws = request.effect_draws() == 0 ? kDefaultEffectDraws : std::max(0, request.effect_draws());
  o.seed = request.seed();
  o.lm_tests = o.durbin_tests = !request.skip_model_tests();
  o.covariance = request.covariance() == mv1::SPATIAL_PANEL_COVARIANCE_OBSERVED_HESSIAN
                     ? stats::SpatialCovariance::kObservedHessian
                     : stats::SpatialCovariance::kExpectedInformation;
  return o;
}

void FillTests(const std::vector<stats::SpatialTestResult>& tests,
               google::protobuf::RepeatedPtrField<mv1::SpatialPanelTest>* out) {
  for (const auto& t : tests) {
    auto* p = out->Add();
    p->set_name(t.name);
    p->set_statistic(t.statistic);
    p->set_df(t.df);
    p->set_p_value(t.p_value);
  }
}

void FillEffects(const stats::SpatialPanelFit& fit, mv1::FitSpatialPanelResponse* out) {
  if (!fit.has_impacts) return;
  const auto& est = fit.impacts.estimate;
  const auto& se = fit.impacts.std_error;
  for (size_t k = 0; k < fit.impact_names.size(); ++k) {
    const Eigen::Index i = static_cast<Eigen::Index>(k);
    auto* e = out->add_effects();
    e->set_regressor(fit.impact_names[k]);
    e->set_direct(est.direct(i));
    e->set_direct_std_error(se.direct(i));
    e->set_indirect(est.indirect(i));
    e->set_indirect_std_error(se.indirect(i));
    e->set_total(est.total(i));
    e->set_total_std_error(se.total(i));
  }
  out->set_effect_draws(fit.impacts.draws);
}

void FillResponse(const stats::SpatialPanelFit& fit, const BalancedPanel& balanced, int n,
                  mv1::FitSpatialPanelResponse* out) {
  for (const auto& c : fit.coefficients) {
    auto* p = out->add_coefficients();
    p->set_name(c.name);
    p->set_estimate(c.estimate);
    p->set_std_error(c.std_error);
    p->set_z(c.z);
    p->set_p_value(c.p_value);
  }
  out->set_sigma2(fit.estimate.sigma2);
  out->set_sigma2_std_error(fit.sigma2_std_error);
  out->set_log_likelihood(fit.estimate.log_likelihood);
  out->set_entities(n);
  out->set_periods(static_cast<int32_t>(balanced.periods.size()));
  out->set_observations(n * static_cast<int32_t>(balanced.periods.size()));
  out->set_effective_observations(fit.n_eff);
  out->set_parameter_lower(fit.lower);
  out->set_parameter_upper(fit.upper);
  for (Eigen::Index i = 0; i < fit.covariance.rows(); ++i) {
    for (Eigen::Index j = 0; j < fit.covariance.cols(); ++j) out->add_covariance(fit.covariance(i, j));
  }
  FillEffects(fit, out);
  FillTests(fit.lm_tests, out->mutable_lm_tests());
  FillTests(fit.durbin_tests, out->mutable_durbin_tests());
}

void FillProvenance(const mv1::FitSpatialPanelRequest& request, const stats::SpatialPanelOptions& o,
                    const stats::SpatialPanelFit& fit, common::v1::Provenance* provenance) {
  StartProvenance(kServiceName, request.panel(), provenance);
  const mv1::SpatialPanelModel model = request.model() == mv1::SPATIAL_PANEL_MODEL_UNSPECIFIED
                                           ? mv1::SPATIAL_PANEL_MODEL_SDM
                                           : request.model();
  const mv1::SpatialFixedEffects effects = request.fixed_effects() == mv1::SPATIAL_FIXED_EFFECTS_UNSPECIFIED
                                               ? mv1::SPATIAL_FIXED_EFFECTS_TWO_WAY
                                               : request.fixed_effects();
  AddOption("model", mv1::SpatialPanelModel_Name(model), provenance);
  AddOption("fixed_effects", mv1::SpatialFixedEffects_Name(effects), provenance);
  AddOption("bias_correction",
            o.correction == stats::SpatialBiasCorrection::kNone ? "SPATIAL_BIAS_CORRECTION_NONE"
                                                                : "SPATIAL_BIAS_CORRECTION_LEE_YU",
            provenance);
  AddOption("log_determinant", fit.log_det_method, provenance);
  AddOption("optimiser", "grid over the admissible interval, then Brent's root of the profile score", provenance);
  AddOption("covariance",
            o.covariance == stats::SpatialCovariance::kObservedHessian
                ? "inverse observed information: minus the analytical Hessian of the log-likelihood at the estimate"
                : "inverse information matrix (Anselin 1988; Lee and Yu 2010 for the transformed model)",
            provenance);
  AddOption("covariance.traces", fit.trace_method, provenance);
  AddOption("covariance.traces.relative_error", fit.trace_relative_error, provenance);
  if (fit.effects_trace_error > 0) {
    AddOption("effects.traces", "tr(W (I - rho W)^-1) by Chebyshev interpolation of the exact sparse values",
              provenance);
    AddOption("effects.traces.relative_error", fit.effects_trace_error, provenance);
  }
  AddOption("effect_draws", static_cast<double>(o.impact_draws), provenance);
  if (o.impact_draws > 1) {
    provenance->add_seeds(o.seed);
    AddOption("effect_draws.seed", std::to_string(o.seed), provenance);
  }
}

}  // namespace

absl::StatusOr<mv1::FitSpatialPanelResponse> FitSpatialPanel(const mv1::FitSpatialPanelRequest& request,
                                                             const stats::StopPredicate* should_stop) {
  auto panel = PanelView::Create(request.panel());
  if (!panel.ok()) return panel.status();
  Columns columns;
  if (auto status = Validate(request, *panel, &columns); !status.ok()) return status;
  auto weights = BuildSpatialWeights(request.weights(), *panel, "weights");
  if (!weights.ok()) return weights.status();
  auto balanced = Balance(*panel, "(spatial panel models need every entity in every period)");
  if (!balanced.ok()) return balanced.status();
  stats::SpatialPanelInput input;
  input.y = balanced->Matrix(*panel, columns.dependent);
  for (size_t k = 0; k < columns.regressors.size(); ++k) {
    input.x.push_back(balanced->Matrix(*panel, columns.regressors[k]));
    input.x_names.push_back(request.regressors(static_cast<int>(k)));
  }
  input.weights = &*weights;
  const stats::SpatialPanelOptions options = OptionsOf(request);
  auto fit = stats::FitSpatialPanel(input, options, should_stop);
  if (!fit.ok()) return fit.status();
  mv1::FitSpatialPanelResponse response;
  FillResponse(*fit, *balanced, panel->n_entities(), &response);
  SummariseWeights(*weights, *panel, response.mutable_weights());
  FillProvenance(request, options, *fit, response.mutable_provenance());
  return response;
}

void ValidateSpatialPanelOptions(const mv1::FitSpatialPanelRequest& request, FieldViolations* v) {
  if (!mv1::SpatialPanelModel_IsValid(request.model())) v->Add("model", "unknown model");
  if (!mv1::SpatialFixedEffects_IsValid(request.fixed_effects())) v->Add("fixed_effects", "unknown fixed effects");
  if (!mv1::SpatialBiasCorrection_IsValid(request.bias_correction())) {
    v->Add("bias_correction", "unknown bias correction");
  }
  if (!mv1::SpatialPanelCovariance_IsValid(request.covariance())) v->Add("covariance", "unknown covariance");
  if (request.effect_draws() < -1 || request.effect_draws() > stats::kMaxReplications) {
    v->Add("effect_draws", absl::StrCat("effect_draws must be -1 (none), 0 (1000) or 2..", stats::kMaxReplications));
  } else if (request.effect_draws() == 1) {
    v->Add("effect_draws", "one draw has no standard deviation: use -1 (none), 0 (1000) or at least 2");
  }
}

}  // namespace govmetrics::contracts
