// Step 1b: descriptive statistics, correlations and index trends by group.
#include <cmath>

#include "absl/strings/str_cat.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {

absl::Status RunDescriptiveStep(StudyContext& study) {
  std::vector<std::string> columns = {study.y, study.x};
  columns.insert(columns.end(), study.mediators.begin(), study.mediators.end());
  columns.insert(columns.end(), study.controls.begin(), study.controls.end());
  modeling::v1::DescribeVariablesRequest request;
  *request.mutable_panel() = study.panel;
  for (const auto& c : columns) request.add_columns(c);
  request.set_group_by(study.spec->group_by());
  auto response = study.downstream->DescribeVariables(study.parent, request);
  if (!response.ok()) return response.status();

  rv1::Section* section = study.AddSection("descriptives", study.L("Descriptive statistics", "描述性统计"));
  rv1::Table* table = study.AddTable("descriptives", study.L("Descriptive statistics", "描述性统计"));
  table->set_stub_header(study.L("Variable", "变量"));
  for (const char* h : {"N", study.L("Mean", "均值"), study.L("SD", "标准差"), study.L("Min", "最小值"),
                        study.L("Max", "最大值")}) {
    table->add_columns(h);
  }
  for (const auto& v : response->variables()) {
    const int row = AddRow(table, study.Label(v.column()), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = table->mutable_rows(row)->mutable_cells();
    *cells->Add() = CountCell(v.n());
    *cells->Add() = NumberCell(v.mean());
    *cells->Add() = NumberCell(v.sd());
    *cells->Add() = NumberCell(v.min());
    *cells->Add() = NumberCell(v.max());
  }
  table->add_notes(study.L("SD uses the n - 1 denominator.", "标准差分母为 n - 1。"));
  section->add_table_ids(table->id());

  rv1::Table* corr = study.AddTable("correlations", study.L("Correlation matrix", "相关系数矩阵"));
  corr->set_stub_header(study.L("Variable", "变量"));
  const int k = response->variables_size();
  for (int b = 0; b < k; ++b) corr->add_columns(absl::StrCat("(", b + 1, ")"));
  for (int a = 0; a < k; ++a) {
    const int row = AddRow(corr, absl::StrCat("(", a + 1, ") ", study.Label(response->variables(a).column())),
                           rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = corr->mutable_rows(row)->mutable_cells();
    for (int b = 0; b < k; ++b) {
      if (b > a) {
        *cells->Add() = TextCell("");
      } else {
        const double p = response->correlation_p_values(a * k + b);
        *cells->Add() = a == b ? NumberCell(1.0, 3)
                               : CoefficientCell(response->correlations(a * k + b), p);
      }
    }
  }
  corr->add_notes(absl::StrCat(study.L("Pearson correlations on the listwise sample, N = ",
                                       "Pearson 相关系数（成列删除样本），N = "),
                               response->correlation_n(),
                               study.L("; * p<0.1, ** p<0.05, *** p<0.01.", "；* p<0.1，** p<0.05，*** p<0.01。")));
  section->add_table_ids(corr->id());
  if (k >= 2) {
    auto* sentence = section->add_summary();
    sentence->set_text(absl::StrCat(study.L("The simple correlation between ", ""), study.Label(study.x),
                                    study.L(" and ", " 与 "), study.Label(study.y),
                                    study.L(" is ", " 的简单相关系数为 "),
                                    Fixed(response->correlations(1 * k + 0)), " (",
                                    PText(response->correlation_p_values(1 * k + 0)), ")",
                                    study.L(".", "。")));
    sentence->add_cell_refs(CellRef(*corr, 1, 0));
  }

  // Trends of the two main variables by group.
  if (!study.spec->group_by().empty()) {
    for (const std::string& column : {study.x, study.y}) {
      rv1::Chart* chart = study.AddChart(
          absl::StrCat("trend_", column),
          absl::StrCat(study.Label(column), study.L(": mean by group and period", "：分组年度均值")),
          rv1::CHART_KIND_LINE);
      chart->set_x_label(study.L("Period", "年份"));
      chart->set_y_label(study.Label(column));
      for (const auto& g : response->group_means()) {
        if (g.column() != column) continue;
        if (chart->categories_size() == 0) {
          for (int32_t p : g.periods()) chart->add_categories(absl::StrCat(p));
        }
        auto* series = chart->add_series();
        series->set_name(study.Label(g.group()));
        *series->mutable_values() = g.means();
      }
      section->add_chart_ids(chart->id());
    }
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
