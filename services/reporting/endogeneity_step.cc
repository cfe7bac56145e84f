// Step 7: endogeneity — the baseline model with controls re-estimated by two-stage least
// squares after the fixed effects are swept out (FE-IV), the explanatory variable
// instrumented by the spec's instruments or, by the lagged-regressor recipe, by its own
// lag (labelled as such, with the assumption it rests on). The first stage and every
// diagnostic (Kleibergen-Paap / Anderson LM, Cragg-Donald and Kleibergen-Paap Wald F with
// Stock-Yogo critical values, Hansen J / Sargan, C statistic, Anderson-Rubin) come from
// the modeling service's FitPanelModel response.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/reporting/iv_diagnostic_rows.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kIvKey[] = "fit/endogeneity/iv";

mv1::FitPanelModelRequest IvRequest(const StudyDesign& design) {
  mv1::ModelSpec model = design.BaseModel();
  model.set_estimator(mv1::ESTIMATOR_IV);
  const auto& section = design.spec->endogeneity();
  if (section.instruments().empty()) {
    auto* lag = model.add_transforms();
    lag->set_column(design.lagged_instrument);
    lag->set_lag(design.instrument_lag);
  }
  std::vector<std::string> exogenous(design.controls.begin(), design.controls.end());
  mv1::FitPanelModelRequest request = design.FitRequest(design.y, exogenous, model);
  request.add_endogenous(design.x);
  for (const auto& z : design.instruments) request.add_instruments(z);
  return request;
}

// The instruments as the report names them.
std::string InstrumentText(const StudyDesign& design) {
  if (design.spec->endogeneity().instruments().empty()) {
    return design.Text("endogeneity.lagged_instrument", {design.Label(design.x), absl::StrCat(design.instrument_lag)});
  }
  std::vector<std::string> labels;
  for (const auto& z : design.instruments) labels.push_back(design.Label(z));
  return absl::StrJoin(labels, ", ");
}

rv1::Table* EstimatesTable(const StudyDesign& design, const mv1::FitPanelModelResponse& ols,
                           const mv1::FitPanelModelResponse& iv, ReportFragment& fragment) {
  std::vector<RegressionColumn> columns = {{design.Text("endogeneity.ols_column"), &ols, !design.controls.empty(), {}, ""},
                                           {design.Text("endogeneity.iv_column"), &iv, !design.controls.empty(), {}, ""}};
  rv1::Table* table = AddRegressionTable(design, fragment, "endogeneity", design.Text("endogeneity.title"),
                                         design.Regressors(design.x), columns, true);
  table->add_notes(design.Text("endogeneity.instruments_note", {InstrumentText(design)}));
  if (design.spec->endogeneity().instruments().empty()) {
    table->add_notes(design.Text("endogeneity.lag_assumption", {design.Label(design.x)}));
  }
  return table;
}

// The first-stage regression of X: excluded instruments, then controls; F and partial R².
rv1::Table* FirstStageTable(const StudyDesign& design, const mv1::FirstStage& stage, ReportFragment& fragment) {
  rv1::Table* table = AddTable(fragment, "first_stage", design.Text("endogeneity.first_stage_title"));
  table->set_stub_header(design.Label(design.x));
  table->add_columns(design.Text("endogeneity.first_stage_column"));
  for (const auto& c : stage.coefficients()) {
    const std::string label = c.name() == design.lagged_instrument ? InstrumentText(design) : design.Label(c.name());
    const int row = AddRow(table, label, rv1::ROW_KIND_COEFFICIENT);
    *table->mutable_rows(row)->add_cells() = CoefficientCell(c.estimate(), c.p_value());
    const int se = AddRow(table, "", rv1::ROW_KIND_STD_ERROR);
    *table->mutable_rows(se)->add_cells() = StdErrorCell(c.std_error());
  }
  const int f = AddRow(table, design.Text("endogeneity.first_stage_f", {absl::StrCat(stage.df1())}), rv1::ROW_KIND_INFO);
  *table->mutable_rows(f)->add_cells() = CoefficientCell(stage.f_statistic(), stage.p_value());
  const int r2 = AddRow(table, design.Text("endogeneity.partial_r2"), rv1::ROW_KIND_INFO);
  *table->mutable_rows(r2)->add_cells() = NumberCell(stage.partial_r_squared(), 4);
  table->add_notes(design.Text("endogeneity.first_stage_note"));
  table->add_notes(design.Text("regression.stars_note"));
  return table;
}

// A row "<purpose>: <test>" with statistic, df and p.
void AddTestRow(const StudyDesign& design, const char* purpose, const mv1::IvTest& test, rv1::Table* table) {
  if (test.name().empty()) return;
  const int row = AddRow(table, absl::StrCat(design.Text(purpose), IvTestName(design, test.name())),
                         rv1::ROW_KIND_UNSPECIFIED);
  auto* cells = table->mutable_rows(row)->mutable_cells();
  *cells->Add() = NumberCell(test.statistic());
  *cells->Add() = TextCell(test.df2() > 0 ? absl::StrCat("F(", test.df1(), ", ", Fixed(test.df2(), 0), ")")
                                          : absl::StrCat("χ²(", test.df1(), ")"));
  *cells->Add() = NumberCell(test.p_value());
}

void AddValueRow(const std::string& label, double value, rv1::Table* table) {
  if (!std::isfinite(value)) return;
  const int row = AddRow(table, label, rv1::ROW_KIND_UNSPECIFIED);
  auto* cells = table->mutable_rows(row)->mutable_cells();
  *cells->Add() = NumberCell(value);
  *cells->Add() = TextCell("");
  *cells->Add() = TextCell("");
}

std::string AndersonRubinSet(const StudyDesign& design, const mv1::IvDiagnostics& d) {
  const std::string& set = d.anderson_rubin_set();
  if (set == "interval") return absl::StrCat("[", Fixed(d.anderson_rubin_lower()), ", ", Fixed(d.anderson_rubin_upper()), "]");
  if (set == "outside") {
    return absl::StrCat("(−∞, ", Fixed(d.anderson_rubin_lower()), "] ∪ [", Fixed(d.anderson_rubin_upper()), ", ∞)");
  }
  if (set == "everything") return "(−∞, ∞)";
  if (set == "empty") return "∅";
  return design.Text("endogeneity.not_computed");
}

rv1::Table* DiagnosticsTable(const StudyDesign& design, const mv1::IvDiagnostics& d, ReportFragment& fragment) {
  rv1::Table* table = AddTable(fragment, "iv_diagnostics", design.Text("endogeneity.diagnostics_title"));
  table->set_stub_header(design.Text("endogeneity.test"));
  for (const char* h : {"endogeneity.statistic", "endogeneity.df", "endogeneity.p_value"}) table->add_columns(design.Text(h));
  AddTestRow(design, "endogeneity.purpose_underidentification", d.underidentification(), table);
  AddValueRow(design.Text("endogeneity.cragg_donald"), d.cragg_donald_f(), table);
  AddValueRow(design.Text("endogeneity.kleibergen_paap_f"), d.kleibergen_paap_f(), table);
  for (const auto& cv : d.stock_yogo()) {
    const std::string key = absl::StrCat("endogeneity.stock_yogo_", cv.criterion());
    AddValueRow(design.Text(key.c_str(), {Fixed(100 * cv.threshold(), 0)}), cv.critical_value(), table);
  }
  AddTestRow(design, "endogeneity.purpose_overidentification", d.overidentification(), table);
  AddTestRow(design, "endogeneity.purpose_endogeneity", d.endogeneity(), table);
  AddTestRow(design, "endogeneity.purpose_weak_robust", d.anderson_rubin(), table);
  const int row = AddRow(table, design.Text("endogeneity.ar_set"), rv1::ROW_KIND_UNSPECIFIED);
  *table->mutable_rows(row)->add_cells() = TextCell(AndersonRubinSet(design, d));
  *table->mutable_rows(row)->add_cells() = TextCell("");
  *table->mutable_rows(row)->add_cells() = TextCell("");
  table->add_notes(design.Text("endogeneity.diagnostics_note", {d.convention()}));
  if (d.overidentification().name().empty()) table->add_notes(design.Text("endogeneity.exactly_identified"));
  return table;
}

int RowWithLabel(const rv1::Table& table, const std::string& label) {
  for (int r = 0; r < table.rows_size(); ++r) {
    if (table.rows(r).label() == label) return r;
  }
  return -1;
}

void AddSummaries(const StudyDesign& design, const mv1::FitPanelModelResponse& iv, const rv1::Table& estimates,
                  const rv1::Table& diagnostics, rv1::Section* section) {
  if (const auto* b = FindCoefficient(iv, design.x); b != nullptr) {
    auto* s = section->add_summary();
    s->set_text(design.Text("endogeneity.summary", {design.Label(design.x), InstrumentText(design), Fixed(b->estimate()),
                                                    Fixed(b->std_error()), PText(b->p_value())}));
    s->add_cell_refs(CellRef(estimates, 0, 1));
    s->add_cell_refs(CellRef(estimates, 0, 0));
  }
  const auto& d = iv.iv_diagnostics();
  const WeakIdentificationF weak = WeakIdentification(d);
  const double weak_f = weak.value;
  const int weak_row = RowWithLabel(diagnostics, design.Text(weak.label_key));
  const int endog_row = RowWithLabel(diagnostics, absl::StrCat(design.Text("endogeneity.purpose_endogeneity"),
                                                               IvTestName(design, d.endogeneity().name())));
  if (weak_row < 0 || endog_row < 0) return;
  auto* s = section->add_summary();
  s->set_text(design.Text("endogeneity.diagnostics_summary",
                          {Fixed(weak_f, 2), design.Text(weak_f >= 10 ? "endogeneity.strong" : "endogeneity.weak"),
                           Fixed(d.endogeneity().statistic()), PText(d.endogeneity().p_value()),
                           design.Text(d.endogeneity().p_value() < 0.05 ? "endogeneity.endogenous"
                                                                         : "endogeneity.exogenous")}));
  s->add_cell_refs(CellRef(diagnostics, weak_row, 0));
  s->add_cell_refs(CellRef(diagnostics, endog_row, 2));
}

}  // namespace

absl::Status PlanEndogeneityStep(const StudyDesign& design, RequestPlan& plan) {
  if (!design.spec->has_endogeneity()) return absl::OkStatus();
  plan.Add(kBaselineFullKey, design.FitRequest(design.y, design.Regressors(design.x), design.BaseModel()));
  plan.Add(kIvKey, IvRequest(design));
  return absl::OkStatus();
}

absl::Status BuildEndogeneityStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  if (!design.spec->has_endogeneity()) return absl::OkStatus();
  auto ols = responses.Get<mv1::FitPanelModelResponse>(kBaselineFullKey);
  if (!ols.ok()) return ols.status();
  auto iv = responses.Get<mv1::FitPanelModelResponse>(kIvKey);
  if (!iv.ok()) return iv.status();
  if ((*iv)->first_stages_size() != 1) return absl::InternalError(absl::StrCat(kIvKey, ": no first stage"));
  rv1::Section* section = AddSection(fragment, "endogeneity", design.Text("endogeneity.section"));
  const rv1::Table* estimates = EstimatesTable(design, **ols, **iv, fragment);
  section->add_table_ids(estimates->id());
  section->add_table_ids(FirstStageTable(design, (*iv)->first_stages(0), fragment)->id());
  const rv1::Table* diagnostics = DiagnosticsTable(design, (*iv)->iv_diagnostics(), fragment);
  section->add_table_ids(diagnostics->id());
  AddSummaries(design, **iv, *estimates, *diagnostics, section);
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
