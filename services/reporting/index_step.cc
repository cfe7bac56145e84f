// Step 1: the composite indices (explanatory, outcome, mediators given as indices).
#include "absl/strings/str_cat.h"
#include "services/reporting/render/message_catalog.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

index::v1::ComputeIndexRequest IndexRequest(const common::v1::Panel& panel, const rv1::IndexDefinition& definition) {
  index::v1::ComputeIndexRequest request;
  *request.mutable_panel() = panel;
  *request.mutable_indicators() = definition.indicators();
  request.set_method(definition.method());
  request.set_hierarchy(definition.hierarchy());
  if (definition.has_shift()) request.set_shift(definition.shift());
  request.set_missing_policy(definition.missing_policy());
  return request;
}

rv1::Table* WeightsTable(const StudyDesign& design, const std::string& name,
                         const index::v1::ComputeIndexResponse& response, ReportFragment& fragment) {
  rv1::Table* table = AddTable(fragment, absl::StrCat("weights_", name),
                               design.Text("indices.weights_title", {design.Label(name)}));
  table->set_stub_header(design.Text("indices.indicator"));
  for (const char* header : {"indices.dimension", "indices.entropy", "indices.divergence", "indices.weight",
                             "indices.weight_in_dimension"}) {
    table->add_columns(design.Text(header));
  }
  for (const auto& w : response.weights()) {
    const int row = AddRow(table, design.Label(w.column()), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = table->mutable_rows(row)->mutable_cells();
    *cells->Add() = TextCell(design.Label(w.dimension()));
    *cells->Add() = NumberCell(w.entropy(), 4);
    *cells->Add() = NumberCell(w.divergence(), 4);
    *cells->Add() = NumberCell(w.weight(), 4);
    *cells->Add() = NumberCell(w.weight_within_dimension(), 4);
  }
  for (const auto& d : response.dimension_weights()) {
    const int row = AddRow(table, design.Text("indices.dimension_row", {design.Label(d.dimension())}),
                           rv1::ROW_KIND_INFO);
    auto* cells = table->mutable_rows(row)->mutable_cells();
    for (int k = 0; k < 3; ++k) *cells->Add() = TextCell("");
    *cells->Add() = NumberCell(d.weight(), 4);
    *cells->Add() = TextCell("");
  }
  const std::string options =
      OptionsNote(design.language, response.provenance(), {"method", "pooling", "shift", "hierarchy"});
  if (!options.empty()) table->add_notes(options);
  return table;
}

rv1::Chart* WeightsChart(const StudyDesign& design, const std::string& name,
                         const index::v1::ComputeIndexResponse& response, ReportFragment& fragment) {
  rv1::Chart* chart = AddChart(fragment, absl::StrCat("weights_chart_", name),
                               design.Text("indices.weights_chart_title", {design.Label(name)}),
                               rv1::CHART_KIND_BAR);
  chart->set_x_label(design.Text("indices.weight"));
  auto* series = chart->add_series();
  series->set_name(design.Text("indices.weight"));
  for (const auto& w : response.weights()) {
    chart->add_categories(design.Label(w.column()));
    series->add_values(w.weight());
  }
  return chart;
}

void AddWeightsSummary(const StudyDesign& design, const std::string& name,
                       const index::v1::ComputeIndexResponse& response, const rv1::Table& table,
                       rv1::Section* section) {
  if (response.weights_size() == 0) return;
  int best = 0;
  for (int i = 0; i < response.weights_size(); ++i) {
    if (response.weights(i).weight() > response.weights(best).weight()) best = i;
  }
  const auto& w = response.weights(best);
  auto* sentence = section->add_summary();
  sentence->set_text(design.Text("indices.summary", {design.Label(name), absl::StrCat(response.weights_size()),
                                                     design.Label(w.column()), Fixed(w.weight(), 4)}));
  sentence->add_cell_refs(CellRef(table, best, 3));
}

}  // namespace

absl::Status PlanIndexColumns(const StudyDesign& design, RequestPlan& plan) {
  for (const auto& index : design.indices) plan.Add(index.key, IndexRequest(design.panel, index.definition));
  return absl::OkStatus();
}

absl::Status BuildIndexStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  rv1::Section* section = AddSection(fragment, "indices", design.Text("indices.section"));
  for (const auto& index : design.indices) {
    if (!design.IsStudyVariable(index.name)) continue;  // robustness rebuilds: no table
    auto response = responses.Get<index::v1::ComputeIndexResponse>(index.key);
    if (!response.ok()) return response.status();
    const rv1::Table* table = WeightsTable(design, index.name, **response, fragment);
    const rv1::Chart* chart = WeightsChart(design, index.name, **response, fragment);
    section->add_table_ids(table->id());
    section->add_chart_ids(chart->id());
    AddWeightsSummary(design, index.name, **response, *table, section);
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
