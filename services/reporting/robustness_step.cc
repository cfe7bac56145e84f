// Step 3: robustness checks of the baseline model (with controls), one column each (the
// menu: robustness_checks.h; the placebo: placebo_check.h; dynamic-panel GMM: gmm_check.h). The baseline fit is the
// baseline step's (planned under the same name, computed once).
#include <algorithm>
#include <cmath>
#include <deque>

#include "absl/strings/str_cat.h"
#include "services/reporting/gmm_check.h"
#include "services/reporting/iv_diagnostic_rows.h"
#include "services/reporting/placebo_check.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/robustness_checks.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

std::string CheckKey(int index) { return absl::StrCat("fit/robustness/", index); }

bool IsPlacebo(const rv1::RobustnessSpec& check) { return check.check() == rv1::ROBUSTNESS_CHECK_PLACEBO; }
bool IsGmm(const rv1::RobustnessSpec& check) { return check.check() == rv1::ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM; }

// A note under the table when the check changes the variance convention.
std::string CheckNote(const StudyDesign& design, const rv1::RobustnessSpec& check,
                      const mv1::FitPanelModelResponse& fit, const std::string& x_in_model) {
  switch (check.check()) {
    case rv1::ROBUSTNESS_CHECK_DRISCOLL_KRAAY:
    case rv1::ROBUSTNESS_CHECK_TWO_WAY_CLUSTER:
    case rv1::ROBUSTNESS_CHECK_VARIANCE:
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_ESTIMATOR:
      return ConventionNote(design, fit);
    default:
      break;
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
  bool placebo = false;
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
  int tests = 0;  // a placebo column is no test of the effect: it is summarised on its own
  for (const auto& check : checks) {
    if (check.placebo) continue;
    ++tests;
    const auto* c = FindCoefficient(*check.fit, check.x_in_model);
    if (base && c && (c->estimate() > 0) == (base->estimate() > 0) && c->p_value() < 0.05) ++same_sign_significant;
  }
  if (tests == 0) return;
  auto* sentence = section->add_summary();
  sentence->set_text(design.Text("robustness.summary", {absl::StrCat(same_sign_significant), absl::StrCat(tests)}));
  for (size_t i = 0; i < checks.size(); ++i) {
    if (!checks[i].placebo) sentence->add_cell_refs(CellRef(table, 0, static_cast<int>(i)));
  }
}

}  // namespace

absl::Status PlanRobustnessStep(const StudyDesign& design, RequestPlan& plan) {
  if (design.spec->robustness_size() == 0) return absl::OkStatus();
  plan.Add(kBaselineFullKey, design.FitRequest(design.y, design.Regressors(design.x), design.BaseModel()));
  for (int i = 0; i < design.spec->robustness_size(); ++i) {
    const auto& check = design.spec->robustness(i);
    if (IsPlacebo(check)) {
      PlanPlacebo(design, check, i, plan);
    } else if (IsGmm(check)) {
      plan.Add(CheckKey(i), GmmCheckRequest(design, check));
    } else {
      plan.Add(CheckKey(i), CheckRequest(design, check, ModelOfCheck(design, check)));
    }
  }
  return absl::OkStatus();
}

namespace {

// The placebo check's column (its stand-in fit kept in `placebo_fits`) and chart (its id
// appended to `chart_ids`).
absl::StatusOr<RegressionColumn> PlaceboColumn(const StudyDesign& design, int i, const ResponseSet& responses,
                                               const mv1::FitPanelModelResponse& baseline,
                                               std::deque<mv1::FitPanelModelResponse>& placebo_fits,
                                               ReportFragment& fragment, std::vector<std::string>& chart_ids) {
  const auto& check = design.spec->robustness(i);
  const auto* base = FindCoefficient(baseline, design.x);
  auto summary = SummarizePlacebo(design, check, i, responses, base ? base->estimate() : std::nan(""));
  if (!summary.ok()) return summary.status();
  placebo_fits.push_back(PlaceboColumnFit(*summary, baseline, design.x));
  chart_ids.push_back(AddPlaceboChart(design, *summary, i, fragment));
  const std::string header = absl::StrCat("(", i + 1, ") ", CheckHeader(design, check));
  const std::string note = design.Text("robustness.placebo_note", {absl::StrCat(summary->estimates.size()),
                                                                   Fixed(summary->p_value)});
  return RegressionColumn{header, &placebo_fits.back(), true, {}, note};
}

// The GMM check's column: its stand-in fit (kept in `stand_ins`) and diagnostic rows.
absl::StatusOr<RegressionColumn> GmmColumn(const StudyDesign& design, int i, const ResponseSet& responses,
                                           std::deque<mv1::FitPanelModelResponse>& stand_ins) {
  const auto& check = design.spec->robustness(i);
  auto response = responses.Get<mv1::FitDynamicPanelResponse>(CheckKey(i));
  if (!response.ok()) return response.status();
  stand_ins.push_back(GmmColumnFit(design, check, **response));
  RegressionColumn column{absl::StrCat("(", i + 1, ") ", CheckHeader(design, check)), &stand_ins.back(), true, {},
                          GmmNote(design, check)};
  column.diagnostics = GmmDiagnostics(design, **response);
  return column;
}

// A check fitted by FitPanelModel: its column, the row variable renamed to the column
// playing its role in the check's model; an IV column with its key instrument diagnostics.
absl::StatusOr<RegressionColumn> ModelColumn(const StudyDesign& design, int i, const ResponseSet& responses) {
  const auto& check = design.spec->robustness(i);
  const CheckModel model = ModelOfCheck(design, check);
  auto fit = responses.Get<mv1::FitPanelModelResponse>(CheckKey(i));
  if (!fit.ok()) return fit.status();
  RegressionColumn column{absl::StrCat("(", i + 1, ") ", CheckHeader(design, check)), *fit, true,
                          {{design.x, model.x_in_model}}, CheckNote(design, check, **fit, model.x_in_model)};
  column.entity_fe = model.entity_fe;
  column.period_fe = model.period_fe;
  if (!model.instruments.empty()) column.diagnostics = IvColumnDiagnostics(design, (*fit)->iv_diagnostics());
  return column;
}

// The most outcome lags any GMM column has (0 without a GMM column).
int MaxOutcomeLags(const StudyDesign& design) {
  int lags = 0;
  for (const auto& check : design.spec->robustness()) {
    if (IsGmm(check)) lags = std::max(lags, GmmOutcomeLags(check));
  }
  return lags;
}

// The rows of the table: the explanatory variable, and the outcome's lags when a GMM
// column has them.
std::vector<std::string> TableVariables(const StudyDesign& design) {
  std::vector<std::string> rows = {design.x};
  for (int lag = 1; lag <= MaxOutcomeLags(design); ++lag) rows.push_back(LaggedOutcomeName(design, lag));
  return rows;
}

// A lagged outcome's row reads "<outcome> (t−k)", not the service's "Lk.<y>".
void LabelLaggedOutcomeRows(const StudyDesign& design, rv1::Table* table) {
  for (int lag = 1; lag <= MaxOutcomeLags(design); ++lag) {
    const std::string service_name = design.Label(LaggedOutcomeName(design, lag));
    for (auto& row : *table->mutable_rows()) {
      if (row.label() != service_name) continue;
      row.set_label(lag == 1 ? design.Text("robustness.lagged_outcome", {design.Label(design.y)})
                             : design.Text("robustness.lagged_outcome_k", {design.Label(design.y), absl::StrCat(lag)}));
    }
  }
}

}  // namespace

absl::Status BuildRobustnessStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  if (design.spec->robustness_size() == 0) return absl::OkStatus();
  auto baseline = responses.Get<mv1::FitPanelModelResponse>(kBaselineFullKey);
  if (!baseline.ok()) return baseline.status();
  std::vector<CheckResult> checks;
  std::vector<RegressionColumn> columns;
  std::deque<mv1::FitPanelModelResponse> stand_ins;  // placebo and GMM stand-ins: stable addresses
  std::vector<std::string> placebo_charts;
  for (int i = 0; i < design.spec->robustness_size(); ++i) {
    const auto& check = design.spec->robustness(i);
    if (IsPlacebo(check)) {
      auto column = PlaceboColumn(design, i, responses, **baseline, stand_ins, fragment, placebo_charts);
      if (!column.ok()) return column.status();
      columns.push_back(*column);
      checks.push_back({CheckHeader(design, check), design.x, column->fit, true});
      continue;
    }
    auto column = IsGmm(check) ? GmmColumn(design, i, responses, stand_ins) : ModelColumn(design, i, responses);
    if (!column.ok()) return column.status();
    const std::string x_in_model = column->renames.empty() ? design.x : column->renames[0].second;
    checks.push_back({CheckHeader(design, check), x_in_model, column->fit});
    columns.push_back(*std::move(column));
  }
  rv1::Section* section = AddSection(fragment, "robustness", design.Text("robustness.section"));
  rv1::Table* table = AddRegressionTable(design, fragment, "robustness", design.Text("robustness.section"),
                                         TableVariables(design), columns, true);
  LabelLaggedOutcomeRows(design, table);
  section->add_table_ids(table->id());
  AddCoefficientChart(design, **baseline, checks, fragment, section);
  for (const auto& id : placebo_charts) section->add_chart_ids(id);
  AddAgreementSummary(design, **baseline, checks, *table, section);
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
