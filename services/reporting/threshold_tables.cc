#include "services/reporting/threshold_tables.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

const char* TestLabelKey(int thresholds) {
  switch (thresholds) {
    case 1: return "threshold.single";
    case 2: return "threshold.double";
    default: return "threshold.triple";
  }
}

void AddCoefficientRows(const std::string& label, const mv1::Coefficient& c, rv1::Table* t) {
  const int row = AddRow(t, label, rv1::ROW_KIND_COEFFICIENT);
  *t->mutable_rows(row)->add_cells() = CoefficientCell(c.estimate(), c.p_value());
  const int se = AddRow(t, "", rv1::ROW_KIND_STD_ERROR);
  *t->mutable_rows(se)->add_cells() = StdErrorCell(c.std_error());
}

}  // namespace

int SelectedThresholds(const mv1::FitThresholdModelResponse& tests) {
  int k = 0;
  while (k < tests.tests_size() && tests.tests(k).p_value() < kThresholdTestLevel) ++k;
  return k;
}

rv1::Table* ThresholdTestsTable(const StudyDesign& design, const mv1::FitThresholdModelResponse& tests,
                                ReportFragment& fragment) {
  rv1::Table* t = AddTable(fragment, "threshold_tests", design.Text("threshold.tests_title"));
  t->set_stub_header(design.Text("threshold.model"));
  for (const char* h : {"threshold.f", "threshold.p", "threshold.critical_10", "threshold.critical_5",
                        "threshold.critical_1", "threshold.replications"}) {
    t->add_columns(design.Text(h));
  }
  for (const auto& test : tests.tests()) {
    const int row = AddRow(t, design.Text(TestLabelKey(test.thresholds())), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = t->mutable_rows(row)->mutable_cells();
    *cells->Add() = CoefficientCell(test.f_statistic(), test.p_value());
    *cells->Add() = NumberCell(test.p_value());
    for (double c : {test.critical_value_10(), test.critical_value_5(), test.critical_value_1()}) {
      *cells->Add() = NumberCell(c);
    }
    *cells->Add() = CountCell(test.replications());
  }
  t->add_notes(design.Text("threshold.tests_note", {absl::StrCat(design.seed)}));
  return t;
}

rv1::Table* ThresholdEstimatesTable(const StudyDesign& design, const mv1::FitThresholdModelResponse& model,
                                    ReportFragment& fragment) {
  rv1::Table* t = AddTable(fragment, "threshold_estimates", design.Text("threshold.estimates_title"));
  t->set_stub_header(design.Text("threshold.search"));
  for (const char* h : {"threshold.estimate", "threshold.ci_lower", "threshold.ci_upper"}) {
    t->add_columns(design.Text(h));
  }
  for (const auto& e : model.estimates()) {
    const int row = AddRow(t, e.stage(), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = t->mutable_rows(row)->mutable_cells();
    for (double v : {e.value(), e.ci_lower(), e.ci_upper()}) *cells->Add() = NumberCell(v, 4);
  }
  t->add_notes(design.Text("threshold.estimates_note", {Fixed(model.critical_lr(), 3)}));
  return t;
}

rv1::Table* RegimeSlopesTable(const StudyDesign& design, const mv1::FitThresholdModelResponse& model,
                              ReportFragment& fragment) {
  rv1::Table* t = AddTable(fragment, "threshold_slopes", design.Text("threshold.slopes_title"));
  t->set_stub_header(design.Label(design.y));
  t->add_columns(design.Text("threshold.threshold_model"));
  const auto& fit = model.regime_model();
  for (const auto& regime : model.regimes()) {
    const auto* c = FindCoefficient(fit, absl::StrCat(design.x, ":regime", regime.regime()));
    if (c != nullptr) AddCoefficientRows(absl::StrCat(design.Label(design.x), " (", regime.condition(), ")"), *c, t);
  }
  for (const auto& control : design.controls) {
    if (const auto* c = FindCoefficient(fit, control)) AddCoefficientRows(design.Label(control), *c, t);
  }
  const int fe = AddRow(t, design.Text("regression.entity_fe"), rv1::ROW_KIND_INFO);
  *t->mutable_rows(fe)->add_cells() = TextCell(design.Text("regression.yes"));
  const int n = AddRow(t, "N", rv1::ROW_KIND_INFO);
  *t->mutable_rows(n)->add_cells() = CountCell(fit.n_obs());
  const int r2 = AddRow(t, design.Text("regression.within_r2"), rv1::ROW_KIND_INFO);
  *t->mutable_rows(r2)->add_cells() = NumberCell(fit.r_squared_within());
  t->add_notes(ConventionNote(design, fit));
  t->add_notes(design.Text("regression.stars_note"));
  return t;
}

rv1::Chart* LrChart(const StudyDesign& design, const mv1::FitThresholdModelResponse& model, int e,
                    const std::string& threshold_variable, ReportFragment& fragment) {
  const auto& estimate = model.estimates(e);
  rv1::Chart* chart = AddChart(fragment, absl::StrCat("threshold_lr_", e + 1),
                               design.Text("threshold.lr_title", {estimate.stage(), Fixed(estimate.value(), 4)}),
                               rv1::CHART_KIND_XY);
  chart->set_x_label(design.Label(threshold_variable));
  chart->set_y_label(design.Text("threshold.lr"));
  auto* lr = chart->add_series();
  lr->set_name(design.Text("threshold.lr"));
  auto* critical = chart->add_series();
  critical->set_name(design.Text("threshold.critical_line"));
  for (int c = 0; c < estimate.candidates_size() && c < estimate.lr_size(); ++c) {
    chart->add_x_values(estimate.candidates(c));
    chart->add_categories(Fixed(estimate.candidates(c), 4));
    lr->add_values(estimate.lr(c));
    critical->add_values(model.critical_lr());
  }
  return chart;
}

void AddThresholdSummaries(const StudyDesign& design, const mv1::FitThresholdModelResponse& tests,
                           const mv1::FitThresholdModelResponse& model, int selected, const rv1::Table& test_table,
                           const rv1::Table& slopes, rv1::Section* section) {
  auto* verdict = section->add_summary();
  if (selected == 0 && tests.tests_size() > 0) {
    verdict->set_text(design.Text("threshold.none_summary",
                                  {Fixed(tests.tests(0).f_statistic()), PText(tests.tests(0).p_value())}));
    verdict->add_cell_refs(CellRef(test_table, 0, 0));
  } else {
    verdict->set_text(design.Text(
        "threshold.selected_summary",
        {absl::StrCat(selected), absl::StrJoin(model.thresholds(), ", ", [](std::string* out, double v) {
           absl::StrAppend(out, Fixed(v, 4));
         })}));
    for (int k = 0; k < selected; ++k) verdict->add_cell_refs(CellRef(test_table, k, 0));
  }
  std::vector<std::string> slopes_text;
  auto* sentence = section->add_summary();
  for (int j = 0; j < model.regimes_size() && 2 * j < slopes.rows_size(); ++j) {
    if (slopes.rows(2 * j).kind() != rv1::ROW_KIND_COEFFICIENT) break;
    slopes_text.push_back(absl::StrCat(model.regimes(j).condition(), ": ", slopes.rows(2 * j).cells(0).text()));
    sentence->add_cell_refs(CellRef(slopes, 2 * j, 0));
  }
  sentence->set_text(design.Text("threshold.slopes_summary",
                                 {design.Label(design.x), absl::StrJoin(slopes_text, design.Text("punct.separator"))}));
}

}  // namespace govmetrics::reporting
