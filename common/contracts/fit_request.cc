#include "common/contracts/fit_request.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/iv_response.h"
#include "common/contracts/moderation_request.h"
#include "common/contracts/provenance.h"
#include "common/contracts/wild_bootstrap_request.h"
#include "common/stats/panel/estimator_registry.h"
#include "common/stats/panel/variance_registry.h"
#include "common/stats/panel_fit.h"
#include "common/stats/panel_hausman.h"

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;
constexpr char kServiceName[] = "govmetrics.modeling.v1.ModelingService";

bool HasFlatSpecFields(const mv1::FitPanelModelRequest& r) {
  return r.fixed_effects() != mv1::FIXED_EFFECTS_UNSPECIFIED || r.absorb_size() > 0 ||
         r.estimator() != mv1::ESTIMATOR_UNSPECIFIED || r.has_variance() ||
         r.confidence_level() != 0 || r.transforms_size() > 0 || r.has_filter();
}

mv1::Distribution ToWire(const stats::PanelFit& fit) {
  return fit.inference_df > 0 ? mv1::DISTRIBUTION_STUDENT_T : mv1::DISTRIBUTION_NORMAL;
}

mv1::FixedEffects ToWire(stats::FixedEffectsKind f) {
  switch (f) {
    case stats::FixedEffectsKind::kNone: return mv1::FIXED_EFFECTS_NONE;
    case stats::FixedEffectsKind::kEntity: return mv1::FIXED_EFFECTS_ENTITY;
    case stats::FixedEffectsKind::kPeriod: return mv1::FIXED_EFFECTS_PERIOD;
    case stats::FixedEffectsKind::kTwoWay: return mv1::FIXED_EFFECTS_TWO_WAY;
  }
  return mv1::FIXED_EFFECTS_UNSPECIFIED;
}

mv1::SmallSample ToWire(stats::SmallSampleConvention c) {
  switch (c) {
    case stats::SmallSampleConvention::kStata: return mv1::SMALL_SAMPLE_STATA;
    case stats::SmallSampleConvention::kFixest: return mv1::SMALL_SAMPLE_FIXEST;
    case stats::SmallSampleConvention::kPlm: return mv1::SMALL_SAMPLE_PLM;
    case stats::SmallSampleConvention::kPlmHc1: return mv1::SMALL_SAMPLE_PLM_HC1;
    case stats::SmallSampleConvention::kNone: return mv1::SMALL_SAMPLE_NONE;
  }
  return mv1::SMALL_SAMPLE_UNSPECIFIED;
}

// The typed record of what was estimated (fit.resolved: defaults made explicit).
void FillResolvedModel(const PreparedModel& model, const stats::PanelFit& fit,
                       mv1::ResolvedModel* out) {
  const stats::PanelModelOptions& o = fit.resolved;
  out->set_estimator(static_cast<mv1::Estimator>(stats::GetEstimator(o.estimator).wire_value));
  out->set_fixed_effects(ToWire(o.fixed_effects));
  for (const auto& a : model.input.absorb_names) out->add_absorb(a);
  out->set_variance_type(
      static_cast<mv1::VarianceType>(stats::GetVariance(o.variance.type).wire_value));
  for (const auto& c : o.variance.cluster_by) out->add_cluster_by(c);
  if (stats::GetVariance(o.variance.type).uses_max_lag) out->set_max_lag(fit.driscoll_kraay_lag);
  out->set_small_sample(ToWire(o.variance.small_sample));
  for (double f : fit.small_sample_factors) out->add_small_sample_factors(f);
  out->set_small_sample_k(fit.small_sample_k);
  out->set_small_sample_formula(fit.small_sample_formula);
  out->set_distribution(ToWire(fit));
  out->set_inference_df(fit.inference_df);
  out->set_confidence_level(o.confidence_level);
  out->set_drop_singletons(o.singletons == stats::SingletonPolicy::kDrop);
  for (const auto& e : o.endogenous) out->add_endogenous(e);
  for (const auto& z : model.input.instrument_names) out->add_instruments(z);
  out->set_f_kind(fit.f_kind);
}

}  // namespace

absl::StatusOr<ModelRequest> ModelRequestOf(const mv1::FitPanelModelRequest& request) {
  ModelRequest model;
  model.panel = &request.panel();
  model.dependent = request.dependent();
  model.regressors.assign(request.regressors().begin(), request.regressors().end());
  model.endogenous.assign(request.endogenous().begin(), request.endogenous().end());
  model.instruments.assign(request.instruments().begin(), request.instruments().end());
  model.moderation = &request.moderation();
  if (request.has_model()) {
    if (HasFlatSpecFields(request)) {
      return InvalidField("model",
                          "set either model or the deprecated flat fields (fixed_effects, absorb, "
                          "estimator, variance, confidence_level, transforms, filter), not both");
    }
    model.spec = request.model();
    model.spec_prefix = "model.";
    return model;
  }
  model.spec.set_fixed_effects(request.fixed_effects());
  *model.spec.mutable_absorb() = request.absorb();
  model.spec.set_estimator(request.estimator());
  *model.spec.mutable_variance() = request.variance();
  model.spec.set_confidence_level(request.confidence_level());
  *model.spec.mutable_transforms() = request.transforms();
  *model.spec.mutable_filter() = request.filter();
  return model;
}

void FillFitResponse(const PreparedModel& model, const stats::PanelFit& fit,
                     mv1::FitPanelModelResponse* response) {
  for (const auto& c : fit.coefficients) FillCoefficient(c, response->add_coefficients());
  for (Eigen::Index i = 0; i < fit.covariance.rows(); ++i) {
    for (Eigen::Index j = 0; j < fit.covariance.cols(); ++j) {
      response->add_covariance(fit.covariance(i, j));
    }
  }
  response->set_n_obs(static_cast<int32_t>(fit.n_obs));
  response->set_n_entities(static_cast<int32_t>(fit.n_entities));
  response->set_n_periods(static_cast<int32_t>(fit.n_periods));
  response->set_df_resid(fit.df_resid);
  response->set_r_squared(fit.r_squared);
  response->set_r_squared_within(fit.r_squared_within);
  response->set_f_statistic(fit.f_statistic);
  response->set_f_p_value(fit.f_p_value);
  response->set_f_df1(fit.f_df1);
  response->set_f_df2(fit.f_df2);
  for (const auto& name : fit.collinear_dropped) {
    auto* dropped = response->add_dropped_columns();
    dropped->set_name(name);
    dropped->set_reason("collinear with other regressors or the fixed effects");
  }
  int64_t dropped_rows = model.rows_filtered_out;
  for (const auto& d : fit.dropped_rows) dropped_rows += d.count;
  response->set_n_dropped_rows(static_cast<int32_t>(dropped_rows));
  response->set_n_singletons(static_cast<int32_t>(fit.singletons_dropped));
  FillResolvedModel(model, fit, response->mutable_resolved_model());
  FillModerationResults(fit.moderation, response);
  response->set_small_sample_factor(fit.small_sample_factors.empty() ? 1.0
                                                                     : fit.small_sample_factors[0]);
  for (int64_t g : fit.cluster_counts) response->add_n_clusters(static_cast<int32_t>(g));
  response->set_inference_df(fit.inference_df);
  FillIvResults(fit, response);
  if (model.options.estimator == stats::PanelEstimator::kRandomEffects) {
    auto* re = response->mutable_random_effects();
    re->set_sigma2_idiosyncratic(fit.random_effects.sigma2_idiosyncratic);
    re->set_sigma2_individual(fit.random_effects.sigma2_effect);
    re->set_theta(0.5 * (fit.random_effects.theta_min + fit.random_effects.theta_max));
  }

  auto* provenance = response->mutable_provenance();
  if (model.panel != nullptr) {
    StartProvenance(kServiceName, *model.panel, provenance);
  } else {
    StartProvenanceOfFingerprint(kServiceName, model.input_fingerprint, provenance);
  }
  AddModelProvenance(model, provenance);
  AddOption("small_sample_formula", fit.small_sample_formula, provenance);
  for (size_t i = 0; i < fit.small_sample_factors.size(); ++i) {
    AddOption(absl::StrCat("small_sample_factor[", i, "]"), fit.small_sample_factors[i], provenance);
  }
  AddOption("small_sample_k", static_cast<double>(fit.small_sample_k), provenance);
  AddOption("distribution", fit.distribution, provenance);
  AddOption("f_kind", fit.f_kind, provenance);
  if (model.options.variance.type == stats::VarianceType::kDriscollKraay) {
    AddOption("driscoll_kraay_lag", fit.driscoll_kraay_lag, provenance);
  }
  if (!fit.absorb_method.empty()) AddOption("absorb_method", fit.absorb_method, provenance);
  for (const auto& d : fit.dropped_rows) {
    AddOption("dropped_rows", absl::StrCat(d.count, " (", d.reason, ")"), provenance);
  }
  for (const auto& note : fit.notes) AddOption("note", note, provenance);
}

namespace {

// The engine's input. The engine takes it by value and works on it in place, so unless
// the wild bootstrap refits on the prepared input later, its arrays are moved, not
// copied (a large panel is not held twice); the names stay for the response.
stats::PanelInput EngineInput(PreparedModel* model, bool refit_later) {
  if (refit_later) return model->input;
  stats::PanelInput names;
  names.y_name = model->input.y_name;
  names.x_names = model->input.x_names;
  names.absorb_names = model->input.absorb_names;
  names.cluster_names = model->input.cluster_names;
  names.instrument_names = model->input.instrument_names;
  names.interactions = model->input.interactions;
  names.center_interactions = model->input.center_interactions;
  stats::PanelInput taken = std::move(model->input);
  model->input = std::move(names);
  return taken;
}

absl::StatusOr<mv1::FitPanelModelResponse> FitModelRequest(
    absl::StatusOr<ModelRequest> model_request, const std::function<bool()>* should_stop) {
  if (!model_request.ok()) return model_request.status();
  auto model = PrepareModel(*model_request);
  if (!model.ok()) return model.status();
  const mv1::VarianceSpec& variance = model_request->spec.variance();
  const int entity_levels = DenseEntityLevels(*model);  // before the input is taken
  stats::PanelInput input = EngineInput(&*model, variance.wild_bootstrap().enabled());
  input.entity_levels = entity_levels;
  auto fit = stats::FitPanelModel(std::move(input), model->options, should_stop);
  if (!fit.ok()) return WithPreconditionSubject(fit.status(), "model");
  mv1::FitPanelModelResponse response;
  FillFitResponse(*model, *fit, &response);
  if (variance.wild_bootstrap().enabled()) {
    absl::Status wild = AddWildBootstrap(variance.wild_bootstrap(), *model, should_stop, &response);
    if (!wild.ok()) return wild;
  }
  return response;
}

}  // namespace

absl::StatusOr<mv1::FitPanelModelResponse> FitPanelModel(const mv1::FitPanelModelRequest& request,
                                                         const std::function<bool()>* should_stop) {
  return FitModelRequest(ModelRequestOf(request), should_stop);
}

absl::StatusOr<mv1::FitPanelModelResponse> FitPanelModel(const mv1::FitPanelModelRequest& request,
                                                         const ColumnarPanel& columns,
                                                         std::string input_fingerprint,
                                                         const std::function<bool()>* should_stop,
                                                         ColumnarPanel* consumable) {
  absl::StatusOr<ModelRequest> model_request = ModelRequestOf(request);
  if (model_request.ok()) {
    model_request->panel = nullptr;
    model_request->columns = &columns;
    model_request->consumable_columns = consumable;
    model_request->input_fingerprint = std::move(input_fingerprint);
  }
  return FitModelRequest(std::move(model_request), should_stop);
}

std::vector<std::string> EngineColumnOrder(const mv1::FitPanelModelRequest& request) {
  absl::StatusOr<ModelRequest> model_request = ModelRequestOf(request);
  if (!model_request.ok()) return {};
  return EngineColumnOrder(*model_request);
}

absl::StatusOr<mv1::HausmanTestResponse> HausmanTest(const mv1::HausmanTestRequest& request,
                                                     const std::function<bool()>* should_stop) {
  ModelRequest model_request;
  model_request.panel = &request.panel();
  model_request.dependent = request.dependent();
  model_request.regressors.assign(request.regressors().begin(), request.regressors().end());
  *model_request.spec.mutable_variance() = request.variance();
  *model_request.spec.mutable_transforms() = request.transforms();
  *model_request.spec.mutable_filter() = request.filter();
  auto model = PrepareModel(model_request);
  if (!model.ok()) return model.status();

  stats::HausmanOptions options;
  const bool regression = request.method() == mv1::HAUSMAN_METHOD_REGRESSION;
  options.method = regression ? stats::HausmanMethod::kAuxiliaryRegression
                              : stats::HausmanMethod::kChiSquared;
  options.variance = model->options.variance;
  if (regression && request.variance().type() == mv1::VARIANCE_TYPE_UNSPECIFIED) {
    // plm's phtest(method = "aux") default is the classical variance; we default to the
    // entity-clustered one (robust to serial correlation), stated in provenance.
    options.variance.type = stats::VarianceType::kCluster;
  }
  auto result = stats::HausmanTest(model->input, options, should_stop);
  if (!result.ok()) return WithPreconditionSubject(result.status(), "model");
  mv1::HausmanTestResponse response;
  response.set_statistic(result->statistic);
  response.set_df(result->df);
  response.set_p_value(result->p_value);
  response.set_method(regression ? mv1::HAUSMAN_METHOD_REGRESSION : mv1::HAUSMAN_METHOD_CLASSIC);
  auto* provenance = response.mutable_provenance();
  StartProvenance(kServiceName, request.panel(), provenance);
  AddOption("method", result->method, provenance);
  if (regression) {
    AddOption("variance", stats::ToString(options.variance.type), provenance);
    AddOption("small_sample", stats::ToString(options.variance.small_sample), provenance);
  }
  AddOption("n_obs", static_cast<double>(result->n_obs), provenance);
  for (const auto& note : result->notes) AddOption("note", note, provenance);
  return response;
}

}  // namespace govmetrics::contracts
