#include "common/contracts/threshold_request.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/contracts/balanced_panel.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/fit_request.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/threshold/threshold_model.h"

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kServiceName[] = "govmetrics.modeling.v1.ModelingService";
constexpr int kDefaultReplications = 300;

// Column indices of the model's variables.
struct ThresholdColumns {
  int y = -1;
  std::vector<int> regime_x;
  std::vector<int> controls;
  int q = -1;
};

void RequireFinite(const PanelView& panel, const std::string& name, const std::string& field,
                   FieldViolations* v, int* out) {
  if (auto c = panel.RequireColumn(name, field, v)) {
    *out = *c;
    panel.CheckFinite(*c, /*allow_missing=*/false, v);
  }
}

void ValidateOptions(const mv1::FitThresholdModelRequest& r, FieldViolations* v) {
  if (r.thresholds() < 0 || r.thresholds() > kMaxThresholds) v->Add("thresholds", "thresholds must be 1, 2 or 3 (0 means 1)");
  if (r.grid_quantiles() != 0 && (r.grid_quantiles() < 10 || r.grid_quantiles() > 100000)) {
    v->Add("grid_quantiles", "grid_quantiles must be 0 (400) or in 10..100000");
  }
  if (r.trim_size() > 3) v->Add("trim", "at most three trims (one per search stage)");
  const int quantiles = r.grid_quantiles() == 0 ? 400 : r.grid_quantiles();
  for (int i = 0; i < r.trim_size(); ++i) {
    if (!(r.trim(i) >= 1.0 / quantiles - 1e-12 && r.trim(i) < 0.25)) {
      v->Add(absl::StrCat("trim[", i, "]"), absl::StrCat("a trim must be in [1/grid_quantiles, 0.25) = [",
                                                         1.0 / quantiles, ", 0.25)"));
    }
  }
  if (r.bootstrap_replications() < -1 || r.bootstrap_replications() > stats::kMaxReplications) {
    v->Add("bootstrap_replications",
           absl::StrCat("bootstrap_replications must be -1 (none), 0 (300) or 1..", stats::kMaxReplications));
  }
  if (r.confidence_level() != 0 && !(r.confidence_level() > 0 && r.confidence_level() < 1)) {
    v->Add("confidence_level", "confidence_level must be in (0, 1) (0 means 0.95)");
  }
}

absl::StatusOr<ThresholdColumns> Validate(const mv1::FitThresholdModelRequest& r, const PanelView& panel) {
  FieldViolations v;
  ThresholdColumns c;
  RequireFinite(panel, r.dependent(), "dependent", &v, &c.y);
  if (r.regime_regressors_size() == 0) v.Add("regime_regressors", "at least one regime regressor is required");
  for (int i = 0; i < r.regime_regressors_size(); ++i) {
    RequireFinite(panel, r.regime_regressors(i), absl::StrCat("regime_regressors[", i, "]"), &v,
                  &c.regime_x.emplace_back());
  }
  for (int i = 0; i < r.regressors_size(); ++i) {
    RequireFinite(panel, r.regressors(i), absl::StrCat("regressors[", i, "]"), &v, &c.controls.emplace_back());
  }
  RequireFinite(panel, r.threshold_variable(), "threshold_variable", &v, &c.q);
  ValidateOptions(r, &v);
  if (auto status = v.ToStatus(); !status.ok()) return status;
  return c;
}

stats::ThresholdOptions ResolveOptions(const mv1::FitThresholdModelRequest& r, const stats::StopPredicate* stop) {
  stats::ThresholdOptions o;
  o.thresholds = r.thresholds() == 0 ? 1 : r.thresholds();
  if (r.grid_quantiles() != 0) o.quantiles = r.grid_quantiles();
  for (int i = 0; i < r.trim_size(); ++i) o.trim[static_cast<size_t>(i)] = r.trim(i);
  o.replications = r.bootstrap_replications() == 0 ? kDefaultReplications : std::max(0, r.bootstrap_replications());
  o.seed = r.seed();
  if (r.confidence_level() != 0) o.confidence_level = r.confidence_level();
  o.should_stop = stop;
  return o;
}

// Entity-major data, entities in name order.
stats::ThresholdData BuildData(const PanelView& panel, const BalancedPanel& balanced, const ThresholdColumns& c) {
  const int n = panel.n_entities();
  const int64_t periods = static_cast<int64_t>(balanced.periods.size());
  std::vector<int> entities(static_cast<size_t>(n));
  std::iota(entities.begin(), entities.end(), 0);
  std::sort(entities.begin(), entities.end(),
            [&](int a, int b) { return panel.entity_names()[a] < panel.entity_names()[b]; });
  stats::ThresholdData d;
  d.entities = n;
  d.periods = periods;
  const int64_t rows = n * periods;
  auto gather = [&](int column, double* out, int64_t stride) {
    const auto values = panel.ColumnValues(column);
    for (int64_t e = 0; e < n; ++e) {
      for (int64_t t = 0; t < periods; ++t) {
        out[(e * periods + t) * stride] = values[balanced.rows[static_cast<size_t>(t * n + entities[e])]];
      }
    }
  };
  d.y.resize(rows);
  gather(c.y, d.y.data(), 1);
  d.q.resize(rows);
  gather(c.q, d.q.data(), 1);
  d.regime_x.resize(rows, static_cast<Eigen::Index>(c.regime_x.size()));
  for (size_t j = 0; j < c.regime_x.size(); ++j) gather(c.regime_x[j], d.regime_x.col(j).data(), 1);
  d.controls.resize(rows, static_cast<Eigen::Index>(c.controls.size()));
  for (size_t j = 0; j < c.controls.size(); ++j) gather(c.controls[j], d.controls.col(j).data(), 1);
  return d;
}

// 0-based regime of a value: q <= g_1 -> 0, g_1 < q <= g_2 -> 1, ...
int RegimeOf(double q, const std::vector<double>& thresholds) {
  return static_cast<int>(std::lower_bound(thresholds.begin(), thresholds.end(), q) - thresholds.begin());
}

std::string RegimeCondition(int j, const std::vector<double>& g, const std::string& q) {
  if (j == 0) return absl::StrCat(q, " <= ", g[0]);
  if (static_cast<size_t>(j) == g.size()) return absl::StrCat(q, " > ", g.back());
  return absl::StrCat(g[static_cast<size_t>(j - 1)], " < ", q, " <= ", g[static_cast<size_t>(j)]);
}

// Invalid fields of the inner FitPanelModel request, renamed to this request's fields.
absl::Status RenameModelFields(const absl::Status& status) {
  if (status.code() != absl::StatusCode::kInvalidArgument) return WithPreconditionSubject(status, "regime_model");
  FieldViolations v;
  for (auto [field, description] : ViolationsOf(status)) {
    v.Add(absl::StartsWith(field, "model.") ? field.substr(6) : absl::StrCat("regime_model.", field), description);
  }
  return v.empty() ? status : v.ToStatus();
}

absl::StatusOr<mv1::FitPanelModelResponse> FitRegimeModel(const mv1::FitThresholdModelRequest& r,
                                                          const PanelView& panel, const ThresholdColumns& c,
                                                          const std::vector<double>& thresholds,
                                                          mv1::FitThresholdModelResponse* response,
                                                          const stats::StopPredicate* should_stop) {
  mv1::FitPanelModelRequest fit;
  *fit.mutable_panel() = r.panel();
  fit.set_dependent(r.dependent());
  for (const auto& z : r.regressors()) fit.add_regressors(z);
  const auto q = panel.ColumnValues(c.q);
  std::vector<int> counts(thresholds.size() + 1, 0);
  for (int row = 0; row < panel.rows(); ++row) ++counts[static_cast<size_t>(RegimeOf(q[row], thresholds))];
  for (size_t j = 0; j <= thresholds.size(); ++j) {
    auto* regime = response->add_regimes();
    regime->set_regime(static_cast<int32_t>(j + 1));
    regime->set_condition(RegimeCondition(static_cast<int>(j), thresholds, r.threshold_variable()));
    regime->set_observations(counts[j]);
    for (size_t k = 0; k < c.regime_x.size(); ++k) {
      const auto x = panel.ColumnValues(c.regime_x[k]);
      auto* column = fit.mutable_panel()->add_columns();
      column->set_name(absl::StrCat(r.regime_regressors(static_cast<int>(k)), ":regime", j + 1));
      for (int row = 0; row < panel.rows(); ++row) {
        column->add_values(RegimeOf(q[row], thresholds) == static_cast<int>(j) ? x[row] : 0.0);
      }
      fit.add_regressors(column->name());
    }
  }
  fit.mutable_model()->set_fixed_effects(mv1::FIXED_EFFECTS_ENTITY);
  fit.mutable_model()->set_estimator(mv1::ESTIMATOR_WITHIN);
  *fit.mutable_model()->mutable_variance() = r.variance();
  auto result = FitPanelModel(fit, should_stop);
  if (!result.ok()) return RenameModelFields(result.status());
  return result;
}

void FillEstimate(const stats::ThresholdEstimate& e, mv1::ThresholdEstimate* out) {
  out->set_stage(e.stage);
  out->set_value(e.value);
  out->set_ci_lower(e.ci_lower);
  out->set_ci_upper(e.ci_upper);
  out->set_ssr(e.ssr);
  for (size_t c = 0; c < e.candidates.size(); ++c) {
    if (!std::isfinite(e.lr[c])) continue;  // unidentified candidate
    out->add_candidates(e.candidates[c]);
    out->add_lr(e.lr[c]);
  }
}

void FillTest(const stats::ThresholdTest& t, mv1::ThresholdTest* out) {
  out->set_thresholds(t.thresholds);
  out->set_ssr_null(t.ssr_null);
  out->set_ssr(t.ssr);
  out->set_mse(t.mse);
  out->set_f_statistic(t.f_statistic);
  out->set_p_value(t.p_value);
  out->set_critical_value_10(t.critical_values[0]);
  out->set_critical_value_5(t.critical_values[1]);
  out->set_critical_value_1(t.critical_values[2]);
  out->set_replications(t.replications);
}

void FillProvenance(const mv1::FitThresholdModelRequest& r, const stats::ThresholdOptions& o,
                    common::v1::Provenance* provenance) {
  StartProvenance(kServiceName, r.panel(), provenance);
  AddOption("thresholds", static_cast<double>(o.thresholds), provenance);
  AddOption("grid_quantiles", static_cast<double>(o.quantiles), provenance);
  AddOption("grid", "quantiles of the distinct values of the threshold variable (Hansen's code)", provenance);
  AddOption("trim", absl::StrCat(o.trim[0], ", ", o.trim[1], ", ", o.trim[2]), provenance);
  AddOption("regimes", "regime 1: q <= g1; regime j: g(j-1) < q <= g(j)", provenance);
  AddOption("confidence_level", o.confidence_level, provenance);
  AddOption("bootstrap_replications", static_cast<double>(o.replications), provenance);
  if (o.replications > 0) {
    provenance->add_seeds(o.seed);
    AddOption("bootstrap.seed", std::to_string(o.seed), provenance);
    AddOption("bootstrap", "fixed regressors, within residuals resampled by entity (entities in name order)",
              provenance);
  }
}

void FillResponse(const stats::ThresholdFit& fit, mv1::FitThresholdModelResponse* response) {
  for (double g : fit.thresholds) response->add_thresholds(g);
  for (const auto& e : fit.stages) FillEstimate(e, response->add_estimates());
  for (const auto& t : fit.tests) FillTest(t, response->add_tests());
  response->set_ssr_linear(fit.ssr_linear);
  response->set_ssr(fit.ssr);
  response->set_critical_lr(fit.critical_lr);
  response->set_grid_size(fit.grid_size);
  response->set_distinct_values(fit.distinct_values);
}

}  // namespace

absl::StatusOr<mv1::FitThresholdModelResponse> FitThresholdModel(const mv1::FitThresholdModelRequest& request,
                                                                 const stats::StopPredicate* should_stop) {
  auto panel = PanelView::Create(request.panel());
  if (!panel.ok()) return panel.status();
  auto columns = Validate(request, *panel);
  if (!columns.ok()) return columns.status();
  auto balanced = Balance(*panel, "(the threshold regression needs every entity in every period)");
  if (!balanced.ok()) return balanced.status();
  const stats::ThresholdOptions options = ResolveOptions(request, should_stop);
  auto fit = stats::FitThresholdModel(BuildData(*panel, *balanced, *columns), options);
  if (!fit.ok()) {
    return fit.status().code() == absl::StatusCode::kInvalidArgument
               ? InvalidField("panel", std::string(fit.status().message()))
               : WithPreconditionSubject(fit.status(), "threshold_variable");
  }
  mv1::FitThresholdModelResponse response;
  FillResponse(*fit, &response);
  auto regime_model = FitRegimeModel(request, *panel, *columns, fit->thresholds, &response, should_stop);
  if (!regime_model.ok()) return regime_model.status();
  *response.mutable_regime_model() = *std::move(regime_model);
  FillProvenance(request, options, response.mutable_provenance());
  // The regime model ran on the request's panel plus derived regime columns: its input is
  // the caller's panel, whose fingerprint is the response's (the same whether the panel
  // came inline or by reference, where only the named columns were read).
  response.mutable_regime_model()->mutable_provenance()->set_input_fingerprint(
      response.provenance().input_fingerprint());
  return response;
}

}  // namespace govmetrics::contracts
