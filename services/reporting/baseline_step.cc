// Step 2: the baseline two-way FE regression, without and with controls.
#include "absl/strings/str_cat.h"
#include "common/stats/significance_stars.h"
#include "services/reporting/hausman_section.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kPlainKey[] = "fit/baseline/plain";  // y ~ x

const char* ConclusionKey(const mv1::Coefficient& coef) {
  if (coef.p_value() >= 0.05) return "baseline.not_significant";
  return coef.estimate() > 0 ? "baseline.positive" : "baseline.negative";
}

void AddEffectSummary(const StudyDesign& design, const mv1::FitPanelModelResponse& full,
                      const mv1::Coefficient& coef, const rv1::Table& table, rv1::Section* section,
                      ReportFragment& fragment) {
  auto* sentence = section->add_summary();
  sentence->set_text(design.Text("baseline.summary",
                                 {design.Label(design.x), design.Label(design.y), Fixed(coef.estimate()),
                                  Fixed(coef.std_error()), PText(coef.p_value()),
                                  design.Text(ConclusionKey(coef))}));
  sentence->add_cell_refs(CellRef(table, 0, 1));
  sentence->add_cell_refs(CellRef(table, 1, 1));
  auto* headline = fragment.add_headlines();
  headline->set_id("baseline_effect");
  headline->set_value(coef.estimate());
  headline->set_p_value(coef.p_value());
  headline->set_text(design.Text("baseline.headline",
                                 {design.Label(design.x), Fixed(coef.estimate()), stats::SignificanceStars(coef.p_value()),
                                  PText(coef.p_value()), absl::StrCat(full.n_obs())}));
}

}  // namespace

absl::Status PlanBaselineStep(const StudyDesign& design, RequestPlan& plan) {
  const auto model = design.BaseModel();
  plan.Add(kPlainKey, design.FitRequest(design.y, {design.x}, model));
  plan.Add(kBaselineFullKey, design.FitRequest(design.y, design.Regressors(design.x), model));
  plan.Add(kHausmanKey, HausmanRequest(design));
  return absl::OkStatus();
}

absl::Status BuildBaselineStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  auto plain = responses.Get<mv1::FitPanelModelResponse>(kPlainKey);
  if (!plain.ok()) return plain.status();
  auto full = responses.Get<mv1::FitPanelModelResponse>(kBaselineFullKey);
  if (!full.ok()) return full.status();

  rv1::Section* section = AddSection(fragment, "baseline", design.Text("baseline.section"));
  std::vector<RegressionColumn> columns = {{"(1)", *plain, false, {}, ""},
                                           {"(2)", *full, !design.controls.empty(), {}, ""}};
  rv1::Table* table = AddRegressionTable(design, fragment, "baseline", design.Text("baseline.title"),
                                         design.Regressors(design.x), columns, true);
  section->add_table_ids(table->id());
  if (const auto* coef = FindCoefficient(**full, design.x); coef != nullptr) {
    AddEffectSummary(design, **full, *coef, *table, section, fragment);
  }
  return AddHausmanTable(design, responses, section, fragment);
}

}  // namespace govmetrics::reporting
