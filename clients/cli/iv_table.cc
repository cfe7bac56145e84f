#include "clients/cli/iv_table.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

std::string Num(double v, const char* format) { return std::isfinite(v) ? absl::StrFormat(format, v) : "-"; }

ResultTable FirstStageTable(const mv1::FirstStage& fs) {
  ResultTable table(absl::StrCat("first-stage-", fs.endogenous()), absl::StrCat("First stage of ", fs.endogenous()),
                    {fs.endogenous(), "coef", "std err"});
  for (const auto& c : fs.coefficients()) {
    table.AddRow({c.name(), Num(c.estimate(), "%.6f"), Num(c.std_error(), "%.6f")});
  }
  table.AddRule();
  const std::string df2 = fs.df2() > 0 ? absl::StrFormat("%.0f", fs.df2()) : "inf";
  table.AddRow({absl::StrFormat("F(%d, %s)", fs.df1(), df2), Num(fs.f_statistic(), "%.3f"), ""});
  table.AddRow({"p of F", Num(fs.p_value(), "%.4g"), ""});
  table.AddRow({"partial R2", Num(fs.partial_r_squared(), "%.4f"), ""});
  return table;
}

void AddTest(ResultTable& table, const std::string& purpose, const mv1::IvTest& t) {
  if (t.name().empty()) return;
  const std::string dist = t.df2() > 0 ? absl::StrFormat("F(%.0f, %.0f)", t.df1(), t.df2())
                                       : absl::StrFormat("chi2(%.0f)", t.df1());
  table.AddRow({purpose, t.name(), dist, Num(t.statistic(), "%.4f"), Num(t.p_value(), "%.4g")});
}

ResultTable DiagnosticsTable(const mv1::IvDiagnostics& d) {
  ResultTable table("iv-diagnostics", absl::StrCat("Instrument diagnostics (", d.convention(), ")"),
                    {"test", "statistic", "distribution", "value", "p"});
  AddTest(table, "under-identification", d.underidentification());
  table.AddRow({"weak identification", "Cragg-Donald Wald F", "", Num(d.cragg_donald_f(), "%.3f"), ""});
  if (std::isfinite(d.kleibergen_paap_f())) {
    table.AddRow({"weak identification", "Kleibergen-Paap rk Wald F", "", Num(d.kleibergen_paap_f(), "%.3f"), ""});
  }
  for (const auto& sy : d.stock_yogo()) {
    table.AddRow({"Stock-Yogo critical value", absl::StrFormat("%s %.0f%%", sy.criterion(), 100 * sy.threshold()), "",
                  Num(sy.critical_value(), "%.2f"), ""});
  }
  AddTest(table, "over-identification", d.overidentification());
  AddTest(table, "endogeneity", d.endogeneity());
  AddTest(table, "endogeneity", d.wu_hausman());
  AddTest(table, "weak-IV-robust", d.anderson_rubin());
  if (!d.anderson_rubin_set().empty()) {
    table.AddNote(absl::StrFormat("Anderson-Rubin confidence set: %s [%.6g, %.6g]", d.anderson_rubin_set(),
                                  d.anderson_rubin_lower(), d.anderson_rubin_upper()));
  }
  return table;
}

}  // namespace

std::vector<ResultTable> IvTables(const mv1::FitPanelModelResponse& fit) {
  std::vector<ResultTable> tables;
  for (const auto& fs : fit.first_stages()) tables.push_back(FirstStageTable(fs));
  if (fit.has_iv_diagnostics()) tables.push_back(DiagnosticsTable(fit.iv_diagnostics()));
  return tables;
}

}  // namespace govmetrics::cli
