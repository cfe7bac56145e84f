#include "common/contracts/mediation_request.h"

#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/model_request.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/mediation_analysis.h"

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;
constexpr char kServiceName[] = "govmetrics.modeling.v1.ModelingService";

// Checks the variables' roles; PrepareModel checks the spec itself.
void ValidateRoles(const mv1::AnalyzeMediationRequest& request, const PanelView& panel,
                   FieldViolations* violations) {
  std::set<std::string> used;
  if (request.treatment().empty()) {
    violations->Add("treatment", "the treatment (X) is required");
  } else {
    panel.RequireColumn(request.treatment(), "treatment", violations);
    used.insert(request.treatment());
  }
  if (request.outcome().empty()) {
    violations->Add("outcome", "the outcome (Y) is required");
  } else {
    panel.RequireColumn(request.outcome(), "outcome", violations);
    if (request.outcome() == request.treatment()) {
      violations->Add("outcome", absl::StrCat("'", request.outcome(), "' is also the treatment"));
    }
    used.insert(request.outcome());
  }
  if (request.mediators_size() == 0) violations->Add("mediators", "at least one mediator is required");
  for (int i = 0; i < request.mediators_size(); ++i) {
    const std::string& m = request.mediators(i);
    const std::string field = absl::StrCat("mediators[", i, "]");
    if (m == request.treatment()) {
      violations->Add(field, absl::StrCat("'", m, "' is the treatment"));
    } else if (m == request.outcome()) {
      violations->Add(field, absl::StrCat("'", m, "' is the outcome"));
    } else if (!used.insert(m).second) {
      violations->Add(field, absl::StrCat("'", m, "' is listed twice"));
    } else {
      panel.RequireColumn(m, field, violations);
    }
  }
  for (int i = 0; i < request.controls_size(); ++i) {
    const std::string& c = request.controls(i);
    const std::string field = absl::StrCat("controls[", i, "]");
    if (!used.insert(c).second) {
      violations->Add(field, absl::StrCat("'", c, "' is already in the model"));
    } else {
      panel.RequireColumn(c, field, violations);
    }
  }
}

void ValidateOptions(const mv1::AnalyzeMediationRequest& request, FieldViolations* violations) {
  const auto& b = request.bootstrap();
  if (b.replications() < 0 || b.replications() > stats::kMaxReplications) {
    violations->Add("bootstrap.replications",
                    absl::StrCat("must be in [0, ", stats::kMaxReplications, "], got ", b.replications()));
  }
  if (b.ci_level() != 0 && !(b.ci_level() > 0 && b.ci_level() < 1)) {
    violations->Add("bootstrap.ci_level", "must be in (0, 1) (0 means 0.95)");
  }
  if (request.alpha() != 0 && !(request.alpha() > 0 && request.alpha() < 1)) {
    violations->Add("alpha", "must be in (0, 1) (0 means 0.05)");
  }
  const auto e = request.model().estimator();
  if (e != mv1::ESTIMATOR_UNSPECIFIED && e != mv1::ESTIMATOR_WITHIN && e != mv1::ESTIMATOR_POOLED_OLS) {
    violations->Add("model.estimator", "mediation supports ESTIMATOR_WITHIN and ESTIMATOR_POOLED_OLS");
  }
  if (request.model().variance().wild_bootstrap().enabled()) {
    violations->Add("model.variance.wild_bootstrap",
                    "not used by AnalyzeMediation (the indirect effect has its own bootstrap)");
  }
}

stats::BootstrapCiMethod ToStats(mv1::CiMethod m) {
  switch (m) {
    case mv1::CI_METHOD_BIAS_CORRECTED: return stats::BootstrapCiMethod::kBiasCorrected;
    case mv1::CI_METHOD_BCA: return stats::BootstrapCiMethod::kBca;
    default: return stats::BootstrapCiMethod::kPercentile;
  }
}

mv1::CiMethod ToProto(stats::BootstrapCiMethod m) {
  switch (m) {
    case stats::BootstrapCiMethod::kBiasCorrected: return mv1::CI_METHOD_BIAS_CORRECTED;
    case stats::BootstrapCiMethod::kBca: return mv1::CI_METHOD_BCA;
    default: return mv1::CI_METHOD_PERCENTILE;
  }
}

mv1::MediationClass ToProto(stats::MediationClass c) {
  switch (c) {
    case stats::MediationClass::kFull: return mv1::MEDIATION_CLASS_FULL;
    case stats::MediationClass::kPartial: return mv1::MEDIATION_CLASS_PARTIAL;
    case stats::MediationClass::kSuppression: return mv1::MEDIATION_CLASS_SUPPRESSION;
    default: return mv1::MEDIATION_CLASS_NONE;
  }
}

void SetPath(const stats::PathCoefficient& p, mv1::PathEstimate* out) {
  out->set_estimate(p.estimate);
  out->set_std_error(p.std_error);
  out->set_statistic(p.statistic);
  out->set_p_value(p.p_value);
}

void SetZ(const stats::IndirectZTest& z, mv1::ZTest* out) {
  out->set_z(z.z);
  out->set_p_value(z.p_value);
  out->set_std_error(z.std_error);
}

}  // namespace

absl::StatusOr<mv1::AnalyzeMediationResponse> AnalyzeMediation(
    const mv1::AnalyzeMediationRequest& request, const std::function<bool()>* should_stop) {
  auto panel = PanelView::Create(request.panel());
  if (!panel.ok()) return panel.status();
  FieldViolations violations;
  ValidateRoles(request, *panel, &violations);
  ValidateOptions(request, &violations);
  if (!violations.empty()) return violations.ToStatus();

  ModelRequest model_request;
  model_request.panel = &request.panel();
  model_request.dependent = request.outcome();
  model_request.dependent_field = "outcome";
  model_request.regressors.push_back(request.treatment());
  model_request.regressors.insert(model_request.regressors.end(), request.mediators().begin(),
                                  request.mediators().end());
  model_request.regressors.insert(model_request.regressors.end(), request.controls().begin(),
                                  request.controls().end());
  model_request.spec = request.model();
  model_request.spec_prefix = "model.";
  auto model = PrepareModel(model_request);
  if (!model.ok()) return model.status();

  // Rows leaving the common sample, by request row (reported in provenance).
  std::vector<std::pair<int, std::string>> missing_rows;
  const auto& in = model->input;
  for (Eigen::Index i = 0; i < in.y.size(); ++i) {
    std::string culprit;
    if (!std::isfinite(in.y[i])) culprit = in.y_name;
    for (Eigen::Index j = 0; culprit.empty() && j < in.x.cols(); ++j) {
      if (!std::isfinite(in.x(i, j))) culprit = in.x_names[j];
    }
    if (!culprit.empty()) {
      missing_rows.emplace_back(model->source_rows[i], absl::StrCat("missing value in '", culprit, "'"));
    }
  }

  stats::MediationInput input;
  input.data = model->input;
  input.treatment = request.treatment();
  input.mediators.assign(request.mediators().begin(), request.mediators().end());
  input.controls.assign(request.controls().begin(), request.controls().end());
  stats::MediationOptions options;
  options.model = model->options;
  options.mode = request.mode() == mv1::MEDIATION_MODE_PARALLEL ? stats::MediationMode::kParallel
                                                                 : stats::MediationMode::kSeparate;
  options.alpha = request.alpha() == 0 ? 0.05 : request.alpha();
  const auto& b = request.bootstrap();
  options.bootstrap.replications = b.replications();
  options.bootstrap.seed = b.seed();
  options.bootstrap.ci_level = b.ci_level() == 0 ? 0.95 : b.ci_level();
  options.bootstrap.ci_method = ToStats(b.ci_method());
  options.bootstrap.resample = b.resample() == mv1::RESAMPLE_OBSERVATION ? stats::ResampleUnit::kObservation
                                                                         : stats::ResampleUnit::kEntityBlock;
  options.bootstrap.threads = 2;
  auto result = stats::AnalyzeMediation(std::move(input), options, should_stop);
  if (!result.ok()) return WithPreconditionSubject(result.status(), "model");

  mv1::AnalyzeMediationResponse response;
  for (const auto& e : result->mediators) {
    auto* out = response.add_mediators();
    out->set_mediator(e.mediator);
    SetPath(e.a, out->mutable_a());
    SetPath(e.b, out->mutable_b());
    SetPath(e.c, out->mutable_c());
    SetPath(e.c_prime, out->mutable_c_prime());
    out->set_indirect(e.indirect);
    SetZ(e.sobel, out->mutable_sobel());
    SetZ(e.aroian, out->mutable_aroian());
    SetZ(e.goodman, out->mutable_goodman());
    out->set_bootstrap_std_error(e.bootstrap_std_error);
    out->set_bootstrap_ci_lower(e.bootstrap_ci_lower);
    out->set_bootstrap_ci_upper(e.bootstrap_ci_upper);
    out->set_proportion_mediated(e.proportion_mediated);
    out->set_indirect_to_direct_ratio(e.indirect_to_direct_ratio);
    out->set_classification(ToProto(e.classification.kind));
    out->set_classification_reason(e.classification.reason);
    out->set_bootstrap_failures(static_cast<int32_t>(e.bootstrap_failures));
  }
  response.set_total_indirect(result->total_indirect);
  response.set_total_indirect_ci_lower(result->total_indirect_ci_lower);
  response.set_total_indirect_ci_upper(result->total_indirect_ci_upper);
  response.set_n_obs(static_cast<int32_t>(result->n_obs));
  response.set_n_entities(static_cast<int32_t>(result->n_entities));

  auto* provenance = response.mutable_provenance();
  StartProvenance(kServiceName, request.panel(), provenance);
  AddModelProvenance(*model, provenance);
  const stats::PanelFit& fit = result->total_fit;
  AddOption("small_sample_formula", fit.small_sample_formula, provenance);
  AddOption("distribution", fit.distribution, provenance);
  AddOption("mode", stats::ToString(options.mode), provenance);
  AddOption("alpha", options.alpha, provenance);
  AddOption("bootstrap.replications", static_cast<double>(options.bootstrap.replications), provenance);
  if (options.bootstrap.replications > 0) {
    provenance->add_seeds(options.bootstrap.seed);
    AddOption("bootstrap.seed", std::to_string(options.bootstrap.seed), provenance);
    AddOption("bootstrap.ci_level", options.bootstrap.ci_level, provenance);
    AddOption("bootstrap.ci_method", mv1::CiMethod_Name(ToProto(options.bootstrap.ci_method)), provenance);
    AddOption("bootstrap.resample",
              options.bootstrap.resample == stats::ResampleUnit::kObservation ? "RESAMPLE_OBSERVATION"
                                                                              : "RESAMPLE_ENTITY_BLOCK",
              provenance);
    AddOption("bootstrap.rng", "mt19937_64 per replicate, seeded SplitMix64(seed, replicate)", provenance);
  }
  AddOption("common_sample_rows", static_cast<double>(result->n_obs), provenance);
  for (const auto& [row, reason] : missing_rows) {
    auto* dropped = provenance->add_dropped_rows();
    dropped->set_row(row);
    dropped->set_reason(reason);
  }
  for (const auto& d : result->dropped_rows) {
    AddOption("dropped_rows", absl::StrCat(d.count, " (", d.reason, ")"), provenance);
  }
  for (const auto& note : result->notes) AddOption("note", note, provenance);
  return response;
}

}  // namespace govmetrics::contracts
