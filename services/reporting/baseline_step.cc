// Step 2: the baseline two-way FE regression, without and with controls.
#include "absl/strings/str_cat.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {

absl::Status RunBaselineStep(StudyContext& study) {
  const auto model = study.BaseModel();
  auto plain = study.downstream->FitPanelModel(study.parent, study.FitRequest(study.y, {study.x}, model));
  if (!plain.ok()) return plain.status();
  std::vector<std::string> regressors = {study.x};
  regressors.insert(regressors.end(), study.controls.begin(), study.controls.end());
  auto full = study.downstream->FitPanelModel(study.parent, study.FitRequest(study.y, regressors, model));
  if (!full.ok()) return full.status();

  rv1::Section* section = study.AddSection("baseline", study.L("Baseline regression", "基准回归"));
  std::vector<RegressionColumn> columns = {{"(1)", &*plain, false, {}, ""},
                                           {"(2)", &*full, !study.controls.empty(), {}, ""}};
  rv1::Table* table = AddRegressionTable(study, "baseline",
                                         study.L("Baseline: two-way fixed effects", "基准回归：双向固定效应"),
                                         regressors, columns, true);
  section->add_table_ids(table->id());

  const auto* coef = FindCoefficient(*full, study.x);
  if (coef != nullptr) {
    auto* sentence = section->add_summary();
    const bool positive = coef->estimate() > 0;
    const bool significant = coef->p_value() < 0.05;
    sentence->set_text(absl::StrCat(
        study.L("With controls and entity and period fixed effects, the coefficient of ",
                "加入控制变量并控制个体与时间固定效应后，"),
        study.Label(study.x), study.L(" on ", "对"), study.Label(study.y),
        study.L(" is ", "的回归系数为 "), Fixed(coef->estimate()), " (",
        study.L("SE ", "标准误 "), Fixed(coef->std_error()), ", ", PText(coef->p_value()), ")",
        significant ? (positive ? study.L(": a significant positive effect.", "，显著为正。")
                                : study.L(": a significant negative effect.", "，显著为负。"))
                    : study.L(": not significant at the 5% level.", "，在 5% 水平上不显著。")));
    sentence->add_cell_refs(CellRef(*table, 0, 1));
    sentence->add_cell_refs(CellRef(*table, 1, 1));
    auto* headline = study.report.add_headlines();
    headline->set_id("baseline_effect");
    headline->set_value(coef->estimate());
    headline->set_p_value(coef->p_value());
    headline->set_text(absl::StrCat(study.L("Baseline effect of ", "基准效应："), study.Label(study.x),
                                    " = ", Fixed(coef->estimate()), StarsFor(coef->p_value()), " (",
                                    PText(coef->p_value()), ", N = ", full->n_obs(), ")"));
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
