#include "clients/cli/regression_table.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/cli/iv_table.h"
#include "clients/cli/text_table.h"

namespace govmetrics::cli {

std::string Stars(double p) {
  if (p < 0.01) return "***";
  if (p < 0.05) return "**";
  if (p < 0.1) return "*";
  return "";
}

std::string RenderRegression(const std::string& title, const std::string& dependent,
                             const modeling::v1::FitPanelModelResponse& fit) {
  TextTable table({dependent, "coef", "std err", "t", "p", "[ci low", "ci high]", ""});
  for (const auto& c : fit.coefficients()) {
    table.AddRow({c.name(), absl::StrFormat("%.6f", c.estimate()),
                  absl::StrFormat("%.6f", c.std_error()), absl::StrFormat("%.3f", c.statistic()),
                  absl::StrFormat("%.4f", c.p_value()), absl::StrFormat("%.6f", c.ci_lower()),
                  absl::StrFormat("%.6f", c.ci_upper()), Stars(c.p_value())});
  }
  std::string out = absl::StrCat(title, "\n", table.Render());
  absl::StrAppend(&out, absl::StrFormat("N = %d   entities = %d   periods = %d   df_resid = %.0f\n",
                                        fit.n_obs(), fit.n_entities(), fit.n_periods(),
                                        fit.df_resid()));
  absl::StrAppend(&out, absl::StrFormat("R2 = %.4f   within R2 = %.4f   F(%.0f, %.0f) = %.3f (p = %.4g)\n",
                                        fit.r_squared(), fit.r_squared_within(), fit.f_df1(),
                                        fit.f_df2(), fit.f_statistic(), fit.f_p_value()));
  if (fit.n_dropped_rows() > 0 || fit.n_singletons() > 0) {
    absl::StrAppend(&out, absl::StrFormat("rows dropped = %d   singletons = %d\n",
                                          fit.n_dropped_rows(), fit.n_singletons()));
  }
  for (const auto& d : fit.dropped_columns()) {
    absl::StrAppend(&out, "dropped regressor ", d.name(), ": ", d.reason(), "\n");
  }
  absl::StrAppend(&out, RenderIvDiagnostics(fit));
  for (const auto& o : fit.provenance().resolved_options()) {
    if (o.name() == "estimator" || o.name() == "fixed_effects" || o.name() == "variance" ||
        o.name() == "cluster_by" || o.name() == "small_sample" || o.name() == "small_sample_formula" ||
        o.name() == "distribution") {
      absl::StrAppend(&out, "  ", o.name(), ": ", o.value(), "\n");
    }
  }
  absl::StrAppend(&out, "  * p<0.10, ** p<0.05, *** p<0.01\n");
  return out;
}

}  // namespace govmetrics::cli
