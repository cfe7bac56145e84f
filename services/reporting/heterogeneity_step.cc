// Step 5: heterogeneity — the model per group and tests that the coefficient differs.
#include "absl/strings/str_cat.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {

absl::Status RunHeterogeneityStep(StudyContext& study) {
  if (study.spec->group_by().empty()) return absl::OkStatus();
  namespace mv1 = govmetrics::modeling::v1;
  mv1::CompareGroupsRequest request;
  *request.mutable_panel() = study.panel;
  request.set_dependent(study.y);
  request.add_regressors(study.x);
  for (const auto& c : study.controls) request.add_regressors(c);
  *request.mutable_model() = study.BaseModel();
  request.set_group_by(study.spec->group_by());
  request.add_compare(study.x);
  request.set_permutations(study.permutations);
  request.set_seed(study.seed);
  auto response = study.downstream->CompareGroups(study.parent, request);
  if (!response.ok()) return response.status();

  rv1::Section* section = study.AddSection("heterogeneity", study.L("Regional heterogeneity", "区域异质性"));
  std::vector<RegressionColumn> columns;
  for (const auto& g : response->groups()) {
    columns.push_back({study.Label(g.group()), &g.fit(), !study.controls.empty(), {}, ""});
  }
  std::vector<std::string> rows = {study.x};
  rv1::Table* table = AddRegressionTable(study, "heterogeneity",
                                         study.L("Heterogeneity by group", "分组回归"), rows, columns, true);
  section->add_table_ids(table->id());

  rv1::Table* diffs = study.AddTable("group_differences",
                                     study.L("Tests of coefficient differences", "组间系数差异检验"));
  diffs->set_stub_header(study.L("Groups", "组别"));
  for (const char* h : {study.L("Difference", "系数差"), study.L("Interacted Wald p", "交互项 Wald 检验 p"),
                        study.L("SUR (suest) p", "似无相关 (suest) p"), study.L("Permutation p", "费舍尔组合检验 p")}) {
    diffs->add_columns(h);
  }
  for (const auto& d : response->differences()) {
    const int row = AddRow(diffs, absl::StrCat(study.Label(d.group_a()), " − ", study.Label(d.group_b())),
                           rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = diffs->mutable_rows(row)->mutable_cells();
    *cells->Add() = CoefficientCell(d.difference(), d.interacted_wald().p_value());
    *cells->Add() = NumberCell(d.interacted_wald().p_value());
    *cells->Add() = NumberCell(d.seemingly_unrelated().p_value());
    *cells->Add() = NumberCell(d.permutation().p_value());
  }
  diffs->add_notes(absl::StrCat(study.L("Permutation test: ", "组合检验："), study.permutations,
                                study.L(" permutations of group labels across entities, seed ", " 次按个体置换组别，种子 "),
                                study.seed, study.L(".", "。")));
  section->add_table_ids(diffs->id());

  // Sentence: the groups ranked by the coefficient.
  std::vector<std::pair<double, std::string>> ranked;
  for (size_t i = 0; i < columns.size(); ++i) {
    const auto* c = FindCoefficient(*columns[i].fit, study.x);
    if (c) ranked.emplace_back(c->estimate(), columns[i].header);
  }
  std::sort(ranked.rbegin(), ranked.rend());
  if (!ranked.empty()) {
    std::string order;
    for (size_t i = 0; i < ranked.size(); ++i) {
      absl::StrAppend(&order, i ? " > " : "", ranked[i].second, " (", Fixed(ranked[i].first), ")");
    }
    auto* sentence = section->add_summary();
    sentence->set_text(absl::StrCat(study.L("The coefficient of ", ""), study.Label(study.x),
                                    study.L(" by group: ", " 的分组系数由大到小："), order, study.L(".", "。")));
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) sentence->add_cell_refs(CellRef(*table, 0, i));
    for (int r = 0; r < diffs->rows_size(); ++r) {
      const auto& d = response->differences(r);
      auto* s = section->add_summary();
      s->set_text(absl::StrCat(study.Label(d.group_a()), " − ", study.Label(d.group_b()),
                               study.L(": difference ", "：系数差 "), Fixed(d.difference()),
                               study.L(", permutation ", "，组合检验 "), PText(d.permutation().p_value()),
                               study.L(", interacted Wald ", "，交互项 Wald 检验 "),
                               PText(d.interacted_wald().p_value()), study.L(".", "。")));
      s->add_cell_refs(CellRef(*diffs, r, 0));
      s->add_cell_refs(CellRef(*diffs, r, 1));
      s->add_cell_refs(CellRef(*diffs, r, 3));
    }
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
