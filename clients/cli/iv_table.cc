#include "clients/cli/iv_table.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

std::string TestLine(const std::string& label, const mv1::IvTest& t) {
  if (t.name().empty()) return "";
  const std::string dist = t.df2() > 0 ? absl::StrFormat("F(%.0f, %.0f)", t.df1(), t.df2())
                                       : absl::StrFormat("chi2(%.0f)", t.df1());
  return absl::StrFormat("  %-22s %-22s %s = %.4f (p = %.4g)\n", label, t.name(), dist,
                         t.statistic(), t.p_value());
}

std::string FirstStages(const mv1::FitPanelModelResponse& fit) {
  std::string out;
  for (const auto& fs : fit.first_stages()) {
    absl::StrAppend(&out, absl::StrFormat("first stage of %s: F(%d, %s) = %.3f (p = %.4g), partial R2 = %.4f\n",
                                          fs.endogenous(), fs.df1(),
                                          fs.df2() > 0 ? absl::StrFormat("%.0f", fs.df2()) : "inf",
                                          fs.f_statistic(), fs.p_value(), fs.partial_r_squared()));
    for (const auto& c : fs.coefficients()) {
      absl::StrAppend(&out, absl::StrFormat("    %-20s %12.6f  (%.6f)\n", c.name(), c.estimate(),
                                            c.std_error()));
    }
  }
  return out;
}

}  // namespace

std::string RenderIvDiagnostics(const mv1::FitPanelModelResponse& fit) {
  if (!fit.has_iv_diagnostics()) return FirstStages(fit);
  const mv1::IvDiagnostics& d = fit.iv_diagnostics();
  std::string out = FirstStages(fit);
  absl::StrAppend(&out, "instrument diagnostics (", d.convention(), "):\n");
  absl::StrAppend(&out, TestLine("under-identification", d.underidentification()));
  absl::StrAppend(&out, absl::StrFormat("  %-22s Cragg-Donald F = %.3f", "weak identification",
                                        d.cragg_donald_f()));
  if (d.kleibergen_paap_f() == d.kleibergen_paap_f()) {
    absl::StrAppend(&out, absl::StrFormat("   Kleibergen-Paap F = %.3f", d.kleibergen_paap_f()));
  }
  absl::StrAppend(&out, "\n");
  for (const auto& sy : d.stock_yogo()) {
    absl::StrAppend(&out, absl::StrFormat("    Stock-Yogo %s %.0f%%: %.2f\n", sy.criterion(),
                                          100 * sy.threshold(), sy.critical_value()));
  }
  absl::StrAppend(&out, TestLine("over-identification", d.overidentification()));
  absl::StrAppend(&out, TestLine("endogeneity", d.endogeneity()));
  absl::StrAppend(&out, TestLine("endogeneity", d.wu_hausman()));
  absl::StrAppend(&out, TestLine("weak-IV-robust", d.anderson_rubin()));
  if (!d.anderson_rubin_set().empty()) {
    absl::StrAppend(&out, absl::StrFormat("  Anderson-Rubin set: %s [%.6g, %.6g]\n",
                                          d.anderson_rubin_set(), d.anderson_rubin_lower(),
                                          d.anderson_rubin_upper()));
  }
  return out;
}

}  // namespace govmetrics::cli
