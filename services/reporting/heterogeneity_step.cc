// Step 5: heterogeneity — the model per group and tests that the coefficient differs.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kGroupsKey[] = "groups/compare";

rv1::Table* DifferencesTable(const StudyDesign& design, const mv1::CompareGroupsResponse& response,
                             ReportFragment& fragment) {
  rv1::Table* diffs = AddTable(fragment, "group_differences", design.Text("heterogeneity.differences_title"));
  diffs->set_stub_header(design.Text("heterogeneity.groups"));
  for (const char* h : {"heterogeneity.difference", "heterogeneity.wald_p", "heterogeneity.suest_p",
                        "heterogeneity.permutation_p"}) {
    diffs->add_columns(design.Text(h));
  }
  for (const auto& d : response.differences()) {
    const int row = AddRow(diffs, absl::StrCat(design.Label(d.group_a()), " − ", design.Label(d.group_b())),
                           rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = diffs->mutable_rows(row)->mutable_cells();
    *cells->Add() = CoefficientCell(d.difference(), d.interacted_wald().p_value());
    *cells->Add() = NumberCell(d.interacted_wald().p_value());
    *cells->Add() = NumberCell(d.seemingly_unrelated().p_value());
    *cells->Add() = NumberCell(d.permutation().p_value());
  }
  diffs->add_notes(design.Text("heterogeneity.permutation_note",
                               {absl::StrCat(design.permutations), absl::StrCat(design.seed)}));
  return diffs;
}

// The groups ranked by the coefficient, then one sentence per tested difference.
void AddGroupSummaries(const StudyDesign& design, const mv1::CompareGroupsResponse& response,
                       const std::vector<RegressionColumn>& columns, const rv1::Table& table,
                       const rv1::Table& diffs, rv1::Section* section) {
  std::vector<std::pair<double, std::string>> ranked;
  for (const auto& column : columns) {
    if (const auto* c = FindCoefficient(*column.fit, design.x)) ranked.emplace_back(c->estimate(), column.header);
  }
  if (ranked.empty()) return;
  std::sort(ranked.rbegin(), ranked.rend());
  std::string order;
  for (size_t i = 0; i < ranked.size(); ++i) {
    absl::StrAppend(&order, i ? " > " : "", ranked[i].second, " (", Fixed(ranked[i].first), ")");
  }
  auto* sentence = section->add_summary();
  sentence->set_text(design.Text("heterogeneity.summary", {design.Label(design.x), order}));
  for (int i = 0; i < static_cast<int>(columns.size()); ++i) sentence->add_cell_refs(CellRef(table, 0, i));
  for (int r = 0; r < diffs.rows_size(); ++r) {
    const auto& d = response.differences(r);
    auto* s = section->add_summary();
    s->set_text(design.Text("heterogeneity.difference_summary",
                            {design.Label(d.group_a()), design.Label(d.group_b()), Fixed(d.difference()),
                             PText(d.permutation().p_value()), PText(d.interacted_wald().p_value())}));
    for (int col : {0, 1, 3}) s->add_cell_refs(CellRef(diffs, r, col));
  }
}

}  // namespace

absl::Status PlanHeterogeneityStep(const StudyDesign& design, RequestPlan& plan) {
  if (design.spec->group_by().empty()) return absl::OkStatus();
  mv1::CompareGroupsRequest request;
  *request.mutable_panel() = design.panel;
  request.set_dependent(design.y);
  for (const auto& r : design.Regressors(design.x)) request.add_regressors(r);
  *request.mutable_model() = design.BaseModel();
  request.set_group_by(design.spec->group_by());
  request.add_compare(design.x);
  request.set_permutations(design.permutations);
  request.set_seed(design.seed);
  plan.Add(kGroupsKey, std::move(request));
  return absl::OkStatus();
}

absl::Status BuildHeterogeneityStep(const StudyDesign& design, const ResponseSet& responses,
                                    ReportFragment& fragment) {
  if (design.spec->group_by().empty()) return absl::OkStatus();
  auto response = responses.Get<mv1::CompareGroupsResponse>(kGroupsKey);
  if (!response.ok()) return response.status();
  rv1::Section* section = AddSection(fragment, "heterogeneity", design.Text("heterogeneity.section"));
  std::vector<RegressionColumn> columns;
  for (const auto& g : (*response)->groups()) {
    columns.push_back({design.Label(g.group()), &g.fit(), !design.controls.empty(), {}, ""});
  }
  rv1::Table* table = AddRegressionTable(design, fragment, "heterogeneity", design.Text("heterogeneity.title"),
                                         {design.x}, columns, true);
  section->add_table_ids(table->id());
  const rv1::Table* diffs = DifferencesTable(design, **response, fragment);
  section->add_table_ids(diffs->id());
  AddGroupSummaries(design, **response, columns, *table, *diffs, section);
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
