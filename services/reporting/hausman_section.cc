#include "services/reporting/hausman_section.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr double kLevel = 0.05;  // the sentence's significance level

bool HasPeriodEffects(const mv1::ModelSpec& model) {
  return model.fixed_effects() == mv1::FIXED_EFFECTS_TWO_WAY || model.fixed_effects() == mv1::FIXED_EFFECTS_PERIOD;
}

// One 0/1 column per period but the first, added to `panel`; returns their names.
std::vector<std::string> AddPeriodDummies(common::v1::Panel& panel) {
  const std::set<int32_t> periods(panel.period().begin(), panel.period().end());
  std::vector<std::string> names;
  for (auto it = periods.begin(); it != periods.end(); ++it) {
    if (it == periods.begin()) continue;  // the base period
    auto* column = panel.add_columns();
    column->set_name(absl::StrCat("hausman_period_", *it));
    for (int32_t p : panel.period()) column->add_values(p == *it ? 1.0 : 0.0);
    names.push_back(column->name());
  }
  return names;
}

bool IsRegressionBased(const StudyDesign& design) {
  return design.spec->hausman() == mv1::HAUSMAN_METHOD_REGRESSION;
}

}  // namespace

mv1::HausmanTestRequest HausmanRequest(const StudyDesign& design) {
  const mv1::ModelSpec model = design.BaseModel();
  mv1::HausmanTestRequest request;
  *request.mutable_panel() = design.panel;
  request.set_dependent(design.y);
  for (const auto& r : design.Regressors(design.x)) request.add_regressors(r);
  // Period dummies in the classic test only: in the regression-based one their
  // within-transformed columns are collinear with the quasi-demeaned ones (balanced panel).
  if (HasPeriodEffects(model) && !IsRegressionBased(design)) {
    for (const auto& d : AddPeriodDummies(*request.mutable_panel())) request.add_regressors(d);
  }
  request.set_method(IsRegressionBased(design) ? mv1::HAUSMAN_METHOD_REGRESSION : mv1::HAUSMAN_METHOD_CLASSIC);
  if (IsRegressionBased(design)) *request.mutable_variance() = model.variance();
  return request;
}

absl::Status AddHausmanTable(const StudyDesign& design, const ResponseSet& responses, rv1::Section* section,
                             ReportFragment& fragment) {
  auto test = responses.Get<mv1::HausmanTestResponse>(kHausmanKey);
  if (!test.ok()) return test.status();
  const mv1::HausmanTestResponse& h = **test;
  rv1::Table* table = AddTable(fragment, "hausman", design.Text("hausman.title"));
  table->set_stub_header(design.Text("hausman.test"));
  for (const char* header : {"hausman.statistic", "hausman.df", "hausman.p_value"}) {
    table->add_columns(design.Text(header));
  }
  const int row = AddRow(table, design.Text("hausman.row"), rv1::ROW_KIND_UNSPECIFIED);
  auto* cells = table->mutable_rows(row)->mutable_cells();
  *cells->Add() = NumberCell(h.statistic(), 3);
  *cells->Add() = CountCell(h.df());
  *cells->Add() = NumberCell(h.p_value(), 4);
  table->add_notes(design.Text(IsRegressionBased(design) ? "hausman.note_regression" : "hausman.note_classic"));
  if (HasPeriodEffects(design.BaseModel())) {
    table->add_notes(design.Text(IsRegressionBased(design) ? "hausman.note_no_period_dummies"
                                                           : "hausman.note_period_dummies"));
  }
  section->add_table_ids(table->id());

  auto* sentence = section->add_summary();
  sentence->set_text(design.Text(
      "hausman.summary", {absl::StrCat(h.df()), Fixed(h.statistic(), 2), PText(h.p_value()),
                          design.Text(h.p_value() < kLevel ? "hausman.favours_fe" : "hausman.favours_re")}));
  sentence->add_cell_refs(CellRef(*table, row, 0));
  sentence->add_cell_refs(CellRef(*table, row, 2));
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
