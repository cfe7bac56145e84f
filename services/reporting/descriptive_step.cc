// Step 1b: descriptive statistics, correlations and index trends by group.
#include "absl/strings/str_cat.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kDescribeKey[] = "describe/variables";

rv1::Table* StatisticsTable(const StudyDesign& design, const mv1::DescribeVariablesResponse& response,
                            ReportFragment& fragment) {
  rv1::Table* table = AddTable(fragment, "descriptives", design.Text("descriptives.title"));
  table->set_stub_header(design.Text("descriptives.variable"));
  table->add_columns("N");
  for (const char* h : {"descriptives.mean", "descriptives.sd", "descriptives.min", "descriptives.max"}) {
    table->add_columns(design.Text(h));
  }
  for (const auto& v : response.variables()) {
    const int row = AddRow(table, design.Label(v.column()), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = table->mutable_rows(row)->mutable_cells();
    *cells->Add() = CountCell(v.n());
    *cells->Add() = NumberCell(v.mean());
    *cells->Add() = NumberCell(v.sd());
    *cells->Add() = NumberCell(v.min());
    *cells->Add() = NumberCell(v.max());
  }
  table->add_notes(design.Text("descriptives.sd_note"));
  return table;
}

// Lower triangle of Pearson correlations, stars from their p-values.
rv1::Table* CorrelationTable(const StudyDesign& design, const mv1::DescribeVariablesResponse& response,
                             ReportFragment& fragment) {
  rv1::Table* corr = AddTable(fragment, "correlations", design.Text("descriptives.correlations_title"));
  corr->set_stub_header(design.Text("descriptives.variable"));
  const int k = response.variables_size();
  for (int b = 0; b < k; ++b) corr->add_columns(absl::StrCat("(", b + 1, ")"));
  for (int a = 0; a < k; ++a) {
    const int row = AddRow(corr, absl::StrCat("(", a + 1, ") ", design.Label(response.variables(a).column())),
                           rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = corr->mutable_rows(row)->mutable_cells();
    for (int b = 0; b < k; ++b) {
      if (b > a) {
        *cells->Add() = TextCell("");
      } else {
        const double p = response.correlation_p_values(a * k + b);
        *cells->Add() = a == b ? NumberCell(1.0, 3) : CoefficientCell(response.correlations(a * k + b), p);
      }
    }
  }
  corr->add_notes(design.Text("descriptives.correlations_note", {absl::StrCat(response.correlation_n())}));
  return corr;
}

// Trends of the two main variables by group.
void AddTrendCharts(const StudyDesign& design, const mv1::DescribeVariablesResponse& response,
                    ReportFragment& fragment, rv1::Section* section) {
  for (const std::string& column : {design.x, design.y}) {
    rv1::Chart* chart = AddChart(fragment, absl::StrCat("trend_", column),
                                 design.Text("descriptives.trend_title", {design.Label(column)}),
                                 rv1::CHART_KIND_LINE);
    chart->set_x_label(design.Text("descriptives.period"));
    chart->set_y_label(design.Label(column));
    for (const auto& g : response.group_means()) {
      if (g.column() != column) continue;
      if (chart->categories_size() == 0) {
        for (int32_t p : g.periods()) chart->add_categories(absl::StrCat(p));
      }
      auto* series = chart->add_series();
      series->set_name(design.Label(g.group()));
      *series->mutable_values() = g.means();
    }
    section->add_chart_ids(chart->id());
  }
}

}  // namespace

absl::Status PlanDescriptiveStep(const StudyDesign& design, RequestPlan& plan) {
  mv1::DescribeVariablesRequest request;
  *request.mutable_panel() = design.panel;
  for (const std::string& c : {design.y, design.x}) request.add_columns(c);
  for (const auto& c : design.mediators) request.add_columns(c);
  for (const auto& c : design.controls) request.add_columns(c);
  request.set_group_by(design.spec->group_by());
  plan.Add(kDescribeKey, std::move(request));
  return absl::OkStatus();
}

absl::Status BuildDescriptiveStep(const StudyDesign& design, const ResponseSet& responses,
                                  ReportFragment& fragment) {
  auto response = responses.Get<mv1::DescribeVariablesResponse>(kDescribeKey);
  if (!response.ok()) return response.status();
  const auto& described = **response;
  rv1::Section* section = AddSection(fragment, "descriptives", design.Text("descriptives.title"));
  section->add_table_ids(StatisticsTable(design, described, fragment)->id());
  const rv1::Table* corr = CorrelationTable(design, described, fragment);
  section->add_table_ids(corr->id());
  if (described.variables_size() >= 2) {
    const int k = described.variables_size();
    auto* sentence = section->add_summary();
    sentence->set_text(design.Text("descriptives.summary",
                                   {design.Label(design.x), design.Label(design.y),
                                    Fixed(described.correlations(1 * k + 0)),
                                    PText(described.correlation_p_values(1 * k + 0))}));
    sentence->add_cell_refs(CellRef(*corr, 1, 0));
  }
  if (!design.spec->group_by().empty()) AddTrendCharts(design, described, fragment, section);
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
