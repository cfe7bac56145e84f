#include "clients/cli/regression_table.h"

#include <cmath>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/cli/iv_table.h"
#include "clients/cli/moderation_table.h"
#include "common/stats/significance_stars.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

ResultTable CoefficientTable(const std::string& dependent, const mv1::FitPanelModelResponse& fit) {
  ResultTable table("coefficients", absl::StrCat("Coefficients (dependent variable: ", dependent, ")"),
                    {dependent, "coef", "std err", "t", "p", "[ci low", "ci high]", ""});
  for (const auto& c : fit.coefficients()) {
    table.AddRow({c.name(), absl::StrFormat("%.6f", c.estimate()),
                  absl::StrFormat("%.6f", c.std_error()), absl::StrFormat("%.3f", c.statistic()),
                  absl::StrFormat("%.4f", c.p_value()), absl::StrFormat("%.6f", c.ci_lower()),
                  absl::StrFormat("%.6f", c.ci_upper()), stats::SignificanceStars(c.p_value())});
  }
  return table;
}

// Name and value of each fit statistic, in the order shown.
std::vector<std::pair<std::string, std::string>> FitStatistics(const mv1::FitPanelModelResponse& fit) {
  std::vector<std::pair<std::string, std::string>> out = {
      {"N", absl::StrCat(fit.n_obs())},
      {"entities", absl::StrCat(fit.n_entities())},
      {"periods", absl::StrCat(fit.n_periods())},
      {"df_resid", absl::StrFormat("%.0f", fit.df_resid())},
      {"R2", absl::StrFormat("%.4f", fit.r_squared())},
      {"within R2", absl::StrFormat("%.4f", fit.r_squared_within())},
      {absl::StrFormat("F(%.0f, %.0f)", fit.f_df1(), fit.f_df2()), absl::StrFormat("%.3f", fit.f_statistic())},
      {"p of F", absl::StrFormat("%.4g", fit.f_p_value())}};
  if (fit.n_dropped_rows() > 0 || fit.n_singletons() > 0) {
    out.push_back({"rows dropped", absl::StrCat(fit.n_dropped_rows())});
    out.push_back({"singletons", absl::StrCat(fit.n_singletons())});
  }
  return out;
}

ResultTable StatisticsTable(const mv1::FitPanelModelResponse& fit) {
  ResultTable table("fit-statistics", "Fit statistics", {"statistic", "value"});
  for (const auto& [name, value] : FitStatistics(fit)) table.AddRow({name, value});
  return table;
}

// Dropped regressors and the conventions from provenance, one note each.
std::vector<std::string> FitNotes(const mv1::FitPanelModelResponse& fit) {
  std::vector<std::string> notes;
  for (const auto& d : fit.dropped_columns()) notes.push_back(absl::StrCat("dropped regressor ", d.name(), ": ", d.reason()));
  for (const auto& o : fit.provenance().resolved_options()) {
    if (o.name() == "estimator" || o.name() == "fixed_effects" || o.name() == "variance" ||
        o.name() == "cluster_by" || o.name() == "small_sample" || o.name() == "small_sample_formula" ||
        o.name() == "distribution") {
      notes.push_back(absl::StrCat(o.name(), ": ", o.value()));
    }
  }
  notes.push_back("* p<0.10, ** p<0.05, *** p<0.01");
  return notes;
}


// After the statistics: first stages and instrument diagnostics (IV), simple slopes
// (interactions).
std::vector<ResultTable> FollowingTables(const mv1::FitPanelModelResponse& fit) {
  std::vector<ResultTable> tables = IvTables(fit);
  for (ResultTable& table : ModerationTables(fit)) tables.push_back(std::move(table));
  return tables;
}

std::string RenderFollowingTables(const mv1::FitPanelModelResponse& fit) {
  std::string out;
  for (const ResultTable& table : FollowingTables(fit)) {
    absl::StrAppend(&out, "\n", table.table().title(), "\n", table.Render());
    for (const auto& note : table.table().notes()) absl::StrAppend(&out, "  ", note, "\n");
  }
  return out;
}

}  // namespace

TableOutput RegressionOutput(const std::string& title, const std::string& dependent,
                             const mv1::FitPanelModelResponse& fit) {
  TableOutput out(title);
  out.Add(CoefficientTable(dependent, fit));
  out.Add(StatisticsTable(fit));
  for (ResultTable& table : FollowingTables(fit)) out.Add(std::move(table));
  for (std::string& note : FitNotes(fit)) out.AddNote(std::move(note));
  return out;
}

std::string RenderRegression(const std::string& title, const std::string& dependent,
                             const mv1::FitPanelModelResponse& fit) {
  std::string out = absl::StrCat(title, "\n", CoefficientTable(dependent, fit).Render());
  int shown = 0;
  for (const auto& [name, value] : FitStatistics(fit)) {
    absl::StrAppend(&out, shown == 0 ? "" : (shown % 4 == 0 ? "\n" : "   "), name, " = ", value);
    ++shown;
  }
  absl::StrAppend(&out, "\n", RenderFollowingTables(fit));
  for (const std::string& note : FitNotes(fit)) absl::StrAppend(&out, "  ", note, "\n");
  return out;
}

}  // namespace govmetrics::cli
