#include "services/reporting/robustness_checks.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/stats/panel/estimator_registry.h"
#include "common/stats/panel/variance_registry.h"
#include "common/stats/transforms.h"
#include "services/reporting/gmm_check.h"
#include "services/reporting/panel_edits.h"
#include "services/reporting/render/message_catalog.h"
#include "services/reporting/spec_validation.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr int kDefaultPlaceboDraws = 200;

index::v1::WeightingMethod AlternativeMethod(const rv1::RobustnessSpec& check) {
  return check.alternative_method() == index::v1::WEIGHTING_METHOD_UNSPECIFIED ? index::v1::WEIGHTING_METHOD_CRITIC
                                                                               : check.alternative_method();
}

// The variables winsorising and trimming act on: outcome, explanatory and controls.
std::vector<std::string> ModelVariables(const StudyDesign& design, const CheckModel& m) {
  std::vector<std::string> vars = {m.y_in_model, m.x_in_model};
  vars.insert(vars.end(), design.controls.begin(), design.controls.end());
  return vars;
}

void WinsorizeModelVariables(const std::vector<std::string>& vars, double lo, double hi, mv1::ModelSpec& model) {
  for (const auto& v : vars) {
    auto* t = model.add_transforms();
    t->set_column(v);
    t->mutable_winsorize()->set_lower(lo);
    t->mutable_winsorize()->set_upper(hi);
  }
}

// Another estimator keeps the study's variance convention unless the check names one.
// IV keeps the two-way fixed effects; the others take their own default effects (random
// entity effects, none for pooled OLS and first differences).
void ApplyEstimator(const rv1::RobustnessSpec& check, CheckModel& out) {
  out.model.set_estimator(check.estimator());
  if (check.variance().type() != mv1::VARIANCE_TYPE_UNSPECIFIED) {
    *out.model.mutable_variance() = ResolvedVariance(check.variance());
  }
  if (check.estimator() == mv1::ESTIMATOR_IV) {
    out.instruments.assign(check.instruments().begin(), check.instruments().end());
    return;
  }
  out.model.set_fixed_effects(mv1::FIXED_EFFECTS_UNSPECIFIED);
  out.entity_fe = out.period_fe = false;
}

// Trend columns: one per entity but the first (in sorted order), whose trend the period
// effects and the other trends already span.
std::vector<std::string> TrendColumns(const common::v1::Panel& panel) {
  const std::set<std::string> entities(panel.entity().begin(), panel.entity().end());
  std::vector<std::string> names;
  for (auto it = entities.begin(); it != entities.end(); ++it) {
    if (it != entities.begin()) names.push_back(absl::StrCat("trend[", *it, "]"));
  }
  return names;
}

void AddTrendColumns(common::v1::Panel& panel) {
  const int first = panel.period_size() > 0 ? *std::min_element(panel.period().begin(), panel.period().end()) : 0;
  std::map<std::string, std::vector<double>> trends;
  for (const auto& name : TrendColumns(panel)) trends[name].assign(panel.entity_size(), 0.0);
  for (int row = 0; row < panel.entity_size(); ++row) {
    auto it = trends.find(absl::StrCat("trend[", panel.entity(row), "]"));
    if (it != trends.end()) it->second[row] = panel.period(row) - first;
  }
  for (const auto& [name, values] : trends) SetColumnValues(panel, name, values);
}

// Row values of an interaction of labels ("period" is the period): "East#2020"; missing
// when any part is.
void AddInteractionLabel(const rv1::FixedEffectTerm& term, common::v1::Panel& panel) {
  std::vector<std::string> values(panel.entity_size());
  for (int row = 0; row < panel.entity_size(); ++row) {
    std::vector<std::string> parts;
    for (const auto& label : term.labels()) {
      const auto* column = FindLabelValues(panel, label);
      parts.push_back(label == "period" ? absl::StrCat(panel.period(row)) : column ? column->Get(row) : "");
    }
    const bool missing = std::any_of(parts.begin(), parts.end(), [](const std::string& p) { return p.empty(); });
    values[row] = missing ? "" : absl::StrJoin(parts, "#");
  }
  SetLabelValues(panel, FixedEffectLabel(term), values);
}

// Rows grouped for quantiles: all rows, or the rows of each period.
std::vector<std::vector<int>> QuantileGroups(const common::v1::Panel& panel, bool by_period) {
  std::map<int, std::vector<int>> groups;
  for (int row = 0; row < panel.period_size(); ++row) groups[by_period ? panel.period(row) : 0].push_back(row);
  std::vector<std::vector<int>> out;
  for (auto& [key, rows] : groups) out.push_back(std::move(rows));
  return out;
}

std::vector<double> Pick(const google::protobuf::RepeatedField<double>& values, const std::vector<int>& rows) {
  std::vector<double> out;
  for (int row : rows) out.push_back(values.Get(row));
  return out;
}

// Winsorised within each period (stats::Winsorize on the period's rows). A period
// without finite values is left as it is.
void WinsorizeByPeriod(const std::vector<std::string>& vars, double lo, double hi, common::v1::Panel& panel) {
  const auto groups = QuantileGroups(panel, true);
  for (const auto& name : vars) {
    const auto* values = FindColumnValues(panel, name);
    if (values == nullptr) continue;
    std::vector<double> out(values->begin(), values->end());
    for (const auto& rows : groups) {
      auto clamped = stats::Winsorize(Pick(*values, rows), lo, hi, name);
      if (!clamped.ok()) continue;
      for (size_t k = 0; k < rows.size(); ++k) out[rows[k]] = (*clamped)[k];
    }
    SetColumnValues(panel, name, out);
  }
}

// Removes rows where any of `vars` lies outside its type-7 [lo, hi] quantiles (of the
// pooled sample, or of its period).
void Trim(const std::vector<std::string>& vars, double lo, double hi, bool by_period, common::v1::Panel& panel) {
  std::vector<bool> keep(panel.entity_size(), true);
  for (const auto& name : vars) {
    const auto* values = FindColumnValues(panel, name);
    if (values == nullptr) continue;
    for (const auto& rows : QuantileGroups(panel, by_period)) {
      std::vector<double> sorted;
      for (double v : Pick(*values, rows)) {
        if (std::isfinite(v)) sorted.push_back(v);
      }
      if (sorted.empty()) continue;
      std::sort(sorted.begin(), sorted.end());
      const double low = stats::QuantileType7(sorted, lo), high = stats::QuantileType7(sorted, hi);
      for (int row : rows) {
        const double v = values->Get(row);
        if (v < low || v > high) keep[row] = false;
      }
    }
  }
  KeepRows(panel, keep);
}

void ExcludePeriods(const rv1::RobustnessSpec& check, common::v1::Panel& panel) {
  const std::set<int> drop(check.drop_periods().begin(), check.drop_periods().end());
  std::vector<bool> keep(panel.period_size());
  for (int row = 0; row < panel.period_size(); ++row) keep[row] = drop.count(panel.period(row)) == 0;
  KeepRows(panel, keep);
}

void EditPanel(const StudyDesign& design, const rv1::RobustnessSpec& check, const CheckModel& m,
               common::v1::Panel& panel) {
  switch (check.check()) {
    case rv1::ROBUSTNESS_CHECK_WINSORIZED:
      if (check.by_period()) WinsorizeByPeriod(ModelVariables(design, m), WinsorLower(check), WinsorUpper(check), panel);
      break;
    case rv1::ROBUSTNESS_CHECK_TRIMMED:
      Trim(ModelVariables(design, m), WinsorLower(check), WinsorUpper(check), check.by_period(), panel);
      break;
    case rv1::ROBUSTNESS_CHECK_EXCLUDE_PERIODS:
      ExcludePeriods(check, panel);
      break;
    case rv1::ROBUSTNESS_CHECK_EXTRA_FIXED_EFFECTS:
      for (const auto& term : check.fixed_effects()) {
        if (term.labels_size() > 1) AddInteractionLabel(term, panel);
      }
      break;
    case rv1::ROBUSTNESS_CHECK_ENTITY_TRENDS:
      AddTrendColumns(panel);
      break;
    default:
      break;
  }
}

// The model options of the checks that change the variance convention.
void SetVarianceOfCheck(const StudyDesign& design, const rv1::RobustnessSpec& check, mv1::VarianceSpec& variance) {
  switch (check.check()) {
    case rv1::ROBUSTNESS_CHECK_DRISCOLL_KRAAY:
      variance.set_type(mv1::VARIANCE_TYPE_DRISCOLL_KRAAY);
      variance.clear_cluster_by();
      break;
    case rv1::ROBUSTNESS_CHECK_TWO_WAY_CLUSTER:
      variance.set_type(mv1::VARIANCE_TYPE_CLUSTER);
      variance.clear_cluster_by();
      variance.add_cluster_by("entity");
      variance.add_cluster_by("period");
      break;
    case rv1::ROBUSTNESS_CHECK_WILD_CLUSTER_BOOTSTRAP:
      variance.mutable_wild_bootstrap()->set_enabled(true);
      variance.mutable_wild_bootstrap()->set_replications(design.wild_replications);
      variance.mutable_wild_bootstrap()->set_seed(design.seed);
      break;
    case rv1::ROBUSTNESS_CHECK_VARIANCE:
      variance = ResolvedVariance(check.variance());
      break;
    default:
      break;
  }
}

// The checks whose change is a ModelSpec option (sample, transforms, effects).
void SetModelOfCheck(const StudyDesign& design, const rv1::RobustnessSpec& check, CheckModel& out) {
  mv1::ModelSpec& model = out.model;
  switch (check.check()) {
    case rv1::ROBUSTNESS_CHECK_LAGGED_REGRESSOR: {
      auto* t = model.add_transforms();
      t->set_column(out.x_in_model);
      t->set_lag(Lag(check));
      break;
    }
    case rv1::ROBUSTNESS_CHECK_WINSORIZED:
      if (!check.by_period()) {
        WinsorizeModelVariables(ModelVariables(design, out), WinsorLower(check), WinsorUpper(check), model);
      }
      break;
    case rv1::ROBUSTNESS_CHECK_DROP_SUBSET:
      // No built-in list: which entities are special depends on the data set (the demo
      // spec names the four municipalities itself).
      for (const auto& e : check.drop_entities()) model.mutable_filter()->add_drop_entities(e);
      break;
    case rv1::ROBUSTNESS_CHECK_EXCLUDE_LABEL_VALUES:
      model.mutable_filter()->set_label(check.drop_label());
      for (const auto& v : check.drop_label_values()) model.mutable_filter()->add_drop(v);
      break;
    case rv1::ROBUSTNESS_CHECK_EXTRA_FIXED_EFFECTS:
      for (const auto& term : check.fixed_effects()) model.add_absorb(FixedEffectLabel(term));
      break;
    default:
      break;
  }
}

std::string Percent(double quantile) { return Fixed(quantile * 100, quantile * 100 == std::floor(quantile * 100) ? 0 : 1); }

std::string SampleHeader(const StudyDesign& design, const rv1::RobustnessSpec& check) {
  if (check.check() == rv1::ROBUSTNESS_CHECK_EXCLUDE_PERIODS) {
    return design.Text("robustness.exclude_periods", {absl::StrJoin(check.drop_periods(), ", ")});
  }
  std::vector<std::string> values;
  for (const auto& v : check.drop_label_values()) values.push_back(design.Label(v));
  return design.Text("robustness.exclude_label", {design.Label(check.drop_label()), absl::StrJoin(values, ", ")});
}

std::string QuantileHeader(const StudyDesign& design, const rv1::RobustnessSpec& check) {
  const char* key = check.check() == rv1::ROBUSTNESS_CHECK_TRIMMED ? "robustness.trimmed" : "robustness.winsorized";
  const std::string header = design.Text(key, {Percent(WinsorLower(check)), Percent(WinsorUpper(check))});
  return check.by_period() ? design.Text("robustness.by_period", {header}) : header;
}

std::string EstimatorHeader(const StudyDesign& design, const rv1::RobustnessSpec& check) {
  const stats::EstimatorDefinition* estimator = stats::FindEstimatorByWireValue(check.estimator());
  return design.Text(absl::StrCat("robustness.estimator.", estimator ? estimator->name : "").c_str());
}

std::string VarianceHeader(const StudyDesign& design, const mv1::VarianceSpec& spec) {
  const mv1::VarianceSpec variance = ResolvedVariance(spec);
  const stats::VarianceDefinition* type = stats::FindVarianceByWireValue(variance.type());
  std::string text = OptionValueText(design.language, "variance", type ? type->name : "");
  if (variance.type() == mv1::VARIANCE_TYPE_CLUSTER) {
    text += OptionPhrase(design.language, "cluster_by", absl::StrJoin(variance.cluster_by(), ","));
  }
  return design.Text("robustness.variance", {text});
}

std::string FixedEffectsHeader(const StudyDesign& design, const rv1::RobustnessSpec& check) {
  std::vector<std::string> terms;
  for (const auto& term : check.fixed_effects()) {
    std::vector<std::string> parts;
    for (const auto& label : term.labels()) {
      parts.push_back(label == "period" ? design.Text("robustness.period") : design.Label(label));
    }
    terms.push_back(absl::StrJoin(parts, " × "));
  }
  return design.Text("robustness.extra_fe", {absl::StrJoin(terms, ", ")});
}

std::string VariableHeader(const StudyDesign& design, const rv1::RobustnessSpec& check) {
  const char* key = check.check() == rv1::ROBUSTNESS_CHECK_ALTERNATIVE_OUTCOME ? "robustness.alt_outcome"
                                                                               : "robustness.alt_explanatory";
  return design.Text(key, {design.Label(VariableColumn(check.variable(), ""))});
}

}  // namespace

std::string CheckHeader(const StudyDesign& design, const rv1::RobustnessSpec& check) {
  if (!check.label().empty()) return check.label();
  switch (check.check()) {
    case rv1::ROBUSTNESS_CHECK_LAGGED_REGRESSOR:
      return design.Text("robustness.lagged", {absl::StrCat(Lag(check))});
    case rv1::ROBUSTNESS_CHECK_WINSORIZED:
    case rv1::ROBUSTNESS_CHECK_TRIMMED:
      return QuantileHeader(design, check);
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING:
      return design.Text("robustness.reweighted",
                         {design.Text(absl::StrCat("robustness.method.",
                                                   index::v1::WeightingMethod_Name(AlternativeMethod(check)))
                                          .c_str())});
    case rv1::ROBUSTNESS_CHECK_DROP_SUBSET: return design.Text("robustness.drop_subset");
    case rv1::ROBUSTNESS_CHECK_DRISCOLL_KRAAY: return design.Text("robustness.driscoll_kraay");
    case rv1::ROBUSTNESS_CHECK_TWO_WAY_CLUSTER: return design.Text("robustness.two_way_cluster");
    case rv1::ROBUSTNESS_CHECK_WILD_CLUSTER_BOOTSTRAP: return design.Text("robustness.wild_bootstrap");
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY:
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_OUTCOME: return VariableHeader(design, check);
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR: return EstimatorHeader(design, check);
    case rv1::ROBUSTNESS_CHECK_EXTRA_FIXED_EFFECTS: return FixedEffectsHeader(design, check);
    case rv1::ROBUSTNESS_CHECK_ENTITY_TRENDS: return design.Text("robustness.entity_trends");
    case rv1::ROBUSTNESS_CHECK_VARIANCE: return VarianceHeader(design, check.variance());
    case rv1::ROBUSTNESS_CHECK_EXCLUDE_LABEL_VALUES:
    case rv1::ROBUSTNESS_CHECK_EXCLUDE_PERIODS: return SampleHeader(design, check);
    case rv1::ROBUSTNESS_CHECK_PLACEBO:
      return design.Text("robustness.placebo", {absl::StrCat(PlaceboDraws(check))});
    case rv1::ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM: return GmmHeader(design, check);
    default: return "";
  }
}

double WinsorLower(const rv1::RobustnessSpec& check) { return check.winsor_lower() > 0 ? check.winsor_lower() : 0.01; }
double WinsorUpper(const rv1::RobustnessSpec& check) { return check.winsor_upper() > 0 ? check.winsor_upper() : 0.99; }
int Lag(const rv1::RobustnessSpec& check) { return check.lag() > 0 ? check.lag() : 1; }
int PlaceboDraws(const rv1::RobustnessSpec& check) {
  return check.placebo_draws() > 0 ? check.placebo_draws() : kDefaultPlaceboDraws;
}

std::string FixedEffectLabel(const rv1::FixedEffectTerm& term) {
  if (term.labels_size() == 1 && term.labels(0) != "period") return term.labels(0);
  return absl::StrJoin(term.labels(), "#");
}

CheckModel ModelOfCheck(const StudyDesign& design, const rv1::RobustnessSpec& check) {
  CheckModel out;
  out.model = design.BaseModel();
  out.x_in_model = design.x;
  out.y_in_model = design.y;
  switch (check.check()) {
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING:
      out.x_in_model = AlternativeIndexName(design.x, AlternativeMethod(check));
      break;
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_EXPLANATORY:
      out.x_in_model = VariableColumn(check.variable(), "");
      break;
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_OUTCOME:
      out.y_in_model = VariableColumn(check.variable(), "");
      break;
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR:
      ApplyEstimator(check, out);
      break;
    case rv1::ROBUSTNESS_CHECK_ENTITY_TRENDS:
      out.extra_regressors = TrendColumns(design.panel);
      break;
    default:
      break;
  }
  SetModelOfCheck(design, check, out);
  SetVarianceOfCheck(design, check, *out.model.mutable_variance());
  return out;
}

mv1::FitPanelModelRequest CheckRequest(const StudyDesign& design, const rv1::RobustnessSpec& check,
                                       const CheckModel& m) {
  std::vector<std::string> regressors = m.instruments.empty() ? design.Regressors(m.x_in_model) : design.controls;
  regressors.insert(regressors.end(), m.extra_regressors.begin(), m.extra_regressors.end());
  mv1::FitPanelModelRequest request = design.FitRequest(m.y_in_model, regressors, m.model);
  if (!m.instruments.empty()) {
    request.add_endogenous(m.x_in_model);
    for (const auto& z : m.instruments) request.add_instruments(z);
  }
  EditPanel(design, check, m, *request.mutable_panel());
  return request;
}

}  // namespace govmetrics::reporting
