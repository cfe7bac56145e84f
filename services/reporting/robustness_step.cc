// Step 3: robustness checks of the baseline model (with controls). The baseline fit is
// the baseline step's (planned under the same name, computed once).
#include "absl/strings/str_cat.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

// One check as model options; `x_in_model` is the explanatory variable's column in it
// (another column when the check rebuilds the index).
struct CheckModel {
  mv1::ModelSpec model;
  std::string x_in_model;
};

std::string CheckKey(int index) { return absl::StrCat("fit/robustness/", index); }

index::v1::WeightingMethod AlternativeMethod(const rv1::RobustnessSpec& check) {
  return check.alternative_method() == index::v1::WEIGHTING_METHOD_UNSPECIFIED ? index::v1::WEIGHTING_METHOD_CRITIC
                                                                               : check.alternative_method();
}

void WinsorizeModelVariables(const StudyDesign& design, double lo, double hi, mv1::ModelSpec& model) {
  std::vector<std::string> vars = {design.y, design.x};
  vars.insert(vars.end(), design.controls.begin(), design.controls.end());
  for (const auto& v : vars) {
    auto* t = model.add_transforms();
    t->set_column(v);
    t->mutable_winsorize()->set_lower(lo);
    t->mutable_winsorize()->set_upper(hi);
  }
}

double WinsorLower(const rv1::RobustnessSpec& check) { return check.winsor_lower() > 0 ? check.winsor_lower() : 0.01; }
double WinsorUpper(const rv1::RobustnessSpec& check) { return check.winsor_upper() > 0 ? check.winsor_upper() : 0.99; }
int Lag(const rv1::RobustnessSpec& check) { return check.lag() > 0 ? check.lag() : 1; }

absl::StatusOr<CheckModel> ModelOfCheck(const StudyDesign& design, const rv1::RobustnessSpec& check, int index) {
  CheckModel out{design.BaseModel(), design.x};
  mv1::ModelSpec& model = out.model;
  switch (check.check()) {
    case rv1::ROBUSTNESS_CHECK_LAGGED_REGRESSOR: {
      auto* t = model.add_transforms();
      t->set_column(design.x);
      t->set_lag(Lag(check));
      break;
    }
    case rv1::ROBUSTNESS_CHECK_WINSORIZED:
      WinsorizeModelVariables(design, WinsorLower(check), WinsorUpper(check), model);
      break;
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING:
      if (!design.spec->explanatory().has_index()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "spec.robustness[", index, "]: ALTERNATIVE_WEIGHTING needs the explanatory variable as an index"));
      }
      out.x_in_model = AlternativeIndexName(design.x, AlternativeMethod(check));
      break;
    case rv1::ROBUSTNESS_CHECK_DROP_SUBSET:
      // No built-in list: which entities are special depends on the data set (the demo
      // spec names the four municipalities itself).
      if (check.drop_entities().empty()) {
        return absl::InvalidArgumentError(
            absl::StrCat("spec.robustness[", index, "].drop_entities: name the entities to drop"));
      }
      for (const auto& e : check.drop_entities()) model.mutable_filter()->add_drop_entities(e);
      break;
    case rv1::ROBUSTNESS_CHECK_DRISCOLL_KRAAY:
      model.mutable_variance()->set_type(mv1::VARIANCE_TYPE_DRISCOLL_KRAAY);
      model.mutable_variance()->clear_cluster_by();
      break;
    case rv1::ROBUSTNESS_CHECK_TWO_WAY_CLUSTER:
      model.mutable_variance()->set_type(mv1::VARIANCE_TYPE_CLUSTER);
      model.mutable_variance()->clear_cluster_by();
      model.mutable_variance()->add_cluster_by("entity");
      model.mutable_variance()->add_cluster_by("period");
      break;
    case rv1::ROBUSTNESS_CHECK_WILD_CLUSTER_BOOTSTRAP: {
      auto* wild = model.mutable_variance()->mutable_wild_bootstrap();
      wild->set_enabled(true);
      wild->set_replications(design.wild_replications);
      wild->set_seed(design.seed);
      break;
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat("spec.robustness[", index, "].check is unspecified"));
  }
  return out;
}

// The column header: the analyst's label, else a description of the check.
std::string CheckHeader(const StudyDesign& design, const rv1::RobustnessSpec& check) {
  if (!check.label().empty()) return check.label();
  switch (check.check()) {
    case rv1::ROBUSTNESS_CHECK_LAGGED_REGRESSOR:
      return design.Text("robustness.lagged", {absl::StrCat(Lag(check))});
    case rv1::ROBUSTNESS_CHECK_WINSORIZED:
      return design.Text("robustness.winsorized", {Fixed(WinsorLower(check) * 100, 0), Fixed(WinsorUpper(check) * 100, 0)});
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING:
      return design.Text("robustness.reweighted",
                         {design.Text(absl::StrCat("robustness.method.",
                                                   index::v1::WeightingMethod_Name(AlternativeMethod(check)))
                                          .c_str())});
    case rv1::ROBUSTNESS_CHECK_DROP_SUBSET: return design.Text("robustness.drop_subset");
    case rv1::ROBUSTNESS_CHECK_DRISCOLL_KRAAY: return design.Text("robustness.driscoll_kraay");
    case rv1::ROBUSTNESS_CHECK_TWO_WAY_CLUSTER: return design.Text("robustness.two_way_cluster");
    case rv1::ROBUSTNESS_CHECK_WILD_CLUSTER_BOOTSTRAP: return design.Text("robustness.wild_bootstrap");
    default: return "";
  }
}

// A note under the table when the check changes the variance convention.
std::string CheckNote(const StudyDesign& design, const rv1::RobustnessSpec& check,
                      const mv1::FitPanelModelResponse& fit, const std::string& x_in_model) {
  if (check.check() == rv1::ROBUSTNESS_CHECK_DRISCOLL_KRAAY || check.check() == rv1::ROBUSTNESS_CHECK_TWO_WAY_CLUSTER) {
    return ConventionNote(design, fit);
  }
  std::string note;
  for (const auto& w : fit.wild_bootstrap()) {
    if (w.name() == x_in_model) {
      note = design.Text("robustness.wild_note", {Fixed(w.p_value()), absl::StrCat(w.replications())});
    }
  }
  return note;
}

struct CheckResult {
  std::string header;
  std::string x_in_model;
  const mv1::FitPanelModelResponse* fit;
};

void AddCoefficientChart(const StudyDesign& design, const mv1::FitPanelModelResponse& baseline,
                         const std::vector<CheckResult>& checks, ReportFragment& fragment, rv1::Section* section) {
  rv1::Chart* chart = AddChart(fragment, "robustness_coefficients",
                               design.Text("robustness.chart_title", {design.Label(design.x)}),
                               rv1::CHART_KIND_COEFFICIENT);
  chart->set_x_label(design.Text("robustness.chart_axis"));
  auto* series = chart->add_series();
  series->set_name(design.Label(design.x));
  auto add_point = [&](const std::string& label, const mv1::FitPanelModelResponse& fit, const std::string& name) {
    const auto* c = FindCoefficient(fit, name);
    if (c == nullptr) return;
    chart->add_categories(label);
    series->add_values(c->estimate());
    series->add_lower(c->ci_lower());
    series->add_upper(c->ci_upper());
    series->add_p_values(c->p_value());
  };
  add_point(design.Text("robustness.baseline"), baseline, design.x);
  for (const auto& check : checks) add_point(check.header, *check.fit, check.x_in_model);
  section->add_chart_ids(chart->id());
}

void AddAgreementSummary(const StudyDesign& design, const mv1::FitPanelModelResponse& baseline,
                         const std::vector<CheckResult>& checks, const rv1::Table& table, rv1::Section* section) {
  int same_sign_significant = 0;
  const auto* base = FindCoefficient(baseline, design.x);
  for (const auto& check : checks) {
    const auto* c = FindCoefficient(*check.fit, check.x_in_model);
    if (base && c && (c->estimate() > 0) == (base->estimate() > 0) && c->p_value() < 0.05) ++same_sign_significant;
  }
  auto* sentence = section->add_summary();
  sentence->set_text(design.Text("robustness.summary",
                                 {absl::StrCat(same_sign_significant), absl::StrCat(checks.size())}));
  for (size_t i = 0; i < checks.size(); ++i) sentence->add_cell_refs(CellRef(table, 0, static_cast<int>(i)));
}

}  // namespace

absl::Status PlanRobustnessStep(const StudyDesign& design, RequestPlan& plan) {
  if (design.spec->robustness_size() == 0) return absl::OkStatus();
  plan.Add(kBaselineFullKey, design.FitRequest(design.y, design.Regressors(design.x), design.BaseModel()));
  for (int i = 0; i < design.spec->robustness_size(); ++i) {
    auto check = ModelOfCheck(design, design.spec->robustness(i), i);
    if (!check.ok()) return check.status();
    plan.Add(CheckKey(i), design.FitRequest(design.y, design.Regressors(check->x_in_model), check->model));
  }
  return absl::OkStatus();
}

absl::Status BuildRobustnessStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  if (design.spec->robustness_size() == 0) return absl::OkStatus();
  auto baseline = responses.Get<mv1::FitPanelModelResponse>(kBaselineFullKey);
  if (!baseline.ok()) return baseline.status();
  std::vector<CheckResult> checks;
  std::vector<RegressionColumn> columns;
  for (int i = 0; i < design.spec->robustness_size(); ++i) {
    const auto& check = design.spec->robustness(i);
    auto model = ModelOfCheck(design, check, i);
    if (!model.ok()) return model.status();
    auto fit = responses.Get<mv1::FitPanelModelResponse>(CheckKey(i));
    if (!fit.ok()) return fit.status();
    checks.push_back({CheckHeader(design, check), model->x_in_model, *fit});
    columns.push_back({absl::StrCat("(", i + 1, ") ", checks.back().header), *fit, true,
                       {{design.x, model->x_in_model}}, CheckNote(design, check, **fit, model->x_in_model)});
  }
  rv1::Section* section = AddSection(fragment, "robustness", design.Text("robustness.section"));
  rv1::Table* table = AddRegressionTable(design, fragment, "robustness", design.Text("robustness.section"),
                                         {design.x}, columns, true);
  section->add_table_ids(table->id());
  AddCoefficientChart(design, **baseline, checks, fragment, section);
  AddAgreementSummary(design, **baseline, checks, *table, section);
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
