#include "common/contracts/describe_request.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "common/stats/descriptive_statistics.h"

namespace govmetrics::contracts {

absl::StatusOr<modeling::v1::DescribeVariablesResponse> DescribeVariables(
    const modeling::v1::DescribeVariablesRequest& request) {
  auto panel = PanelView::Create(request.panel());
  if (!panel.ok()) return panel.status();
  FieldViolations violations;
  std::vector<int> columns;
  if (request.columns_size() == 0) violations.Add("columns", "at least one column is required");
  for (int i = 0; i < request.columns_size(); ++i) {
    auto column = panel->RequireColumn(request.columns(i), absl::StrCat("columns[", i, "]"), &violations);
    if (column) {
      panel->CheckFinite(*column, /*allow_missing=*/true, &violations);
      columns.push_back(*column);
    }
  }
  std::optional<int> group;
  if (!request.group_by().empty()) group = panel->RequireLabel(request.group_by(), "group_by", &violations);
  if (!violations.empty()) return violations.ToStatus();

  const int n = panel->rows();
  Eigen::MatrixXd x(n, static_cast<Eigen::Index>(columns.size()));
  for (size_t j = 0; j < columns.size(); ++j) x.col(j) = panel->ColumnValues(columns[j]);

  modeling::v1::DescribeVariablesResponse response;
  const auto summaries = stats::Summarize(x);
  for (size_t j = 0; j < columns.size(); ++j) {
    auto* v = response.add_variables();
    v->set_column(request.columns(j));
    v->set_n(summaries[j].n);
    v->set_mean(summaries[j].mean);
    v->set_sd(summaries[j].sd);
    v->set_min(summaries[j].min);
    v->set_max(summaries[j].max);
  }
  const auto correlation = stats::Correlate(x);
  response.set_correlation_n(correlation.n);
  for (Eigen::Index a = 0; a < correlation.r.rows(); ++a) {
    for (Eigen::Index b = 0; b < correlation.r.cols(); ++b) {
      response.add_correlations(correlation.r(a, b));
      response.add_correlation_p_values(correlation.p_value(a, b));
    }
  }
  if (group) {
    std::vector<std::string> levels;
    const std::vector<int> group_codes = panel->LabelCodes(*group, &levels);
    std::vector<int32_t> periods(panel->periods().begin(), panel->periods().end());
    std::sort(periods.begin(), periods.end());
    periods.erase(std::unique(periods.begin(), periods.end()), periods.end());
    std::map<int32_t, int> period_index;
    for (size_t t = 0; t < periods.size(); ++t) period_index[periods[t]] = static_cast<int>(t);
    std::vector<int> row_period(n);
    for (int r = 0; r < n; ++r) row_period[r] = period_index[panel->periods()[r]];
    for (size_t j = 0; j < columns.size(); ++j) {
      const Eigen::MatrixXd means =
          stats::CellMeans(x.col(j), group_codes, static_cast<int>(levels.size()), row_period,
                           static_cast<int>(periods.size()));
      for (size_t g = 0; g < levels.size(); ++g) {
        auto* out = response.add_group_means();
        out->set_column(request.columns(j));
        out->set_group(levels[g]);
        out->mutable_periods()->Add(periods.begin(), periods.end());
        for (Eigen::Index t = 0; t < means.cols(); ++t) out->add_means(means(g, t));
      }
    }
  }
  auto* provenance = response.mutable_provenance();
  StartProvenance("govmetrics.modeling.v1.ModelingService", request.panel(), provenance);
  AddOption("sd_denominator", "n - 1", provenance);
  AddOption("correlation_sample", "listwise", provenance);
  return response;
}

}  // namespace govmetrics::contracts
