#include "common/contracts/iv_response.h"

#include <cmath>

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;

void FillTest(const stats::IvTest& t, mv1::IvTest* out) {
  if (t.name.empty()) return;
  out->set_name(t.name);
  out->set_statistic(t.statistic);
  out->set_df1(t.df1);
  out->set_df2(t.df2);
  out->set_p_value(t.p_value);
}

void FillDiagnostics(const stats::IvDiagnostics& d, mv1::IvDiagnostics* out) {
  out->set_convention(d.convention);
  out->set_endogenous(d.endogenous);
  out->set_excluded_instruments(d.excluded_instruments);
  out->set_instruments(d.instruments);
  out->set_df_absorbed(d.df_absorbed);
  out->set_df_resid(d.df_resid);
  out->set_n_clusters(d.n_clusters);
  FillTest(d.underidentification, out->mutable_underidentification());
  out->set_cragg_donald_f(d.cragg_donald_f);
  out->set_kleibergen_paap_f(d.kleibergen_paap_f);
  for (const auto& v : d.stock_yogo) {
    auto* sy = out->add_stock_yogo();
    sy->set_criterion(v.criterion);
    sy->set_threshold(v.threshold);
    sy->set_critical_value(v.critical_value);
  }
  FillTest(d.overidentification, out->mutable_overidentification());
  FillTest(d.endogeneity, out->mutable_endogeneity());
  FillTest(d.wu_hausman, out->mutable_wu_hausman());
  FillTest(d.anderson_rubin, out->mutable_anderson_rubin());
  out->set_anderson_rubin_set(d.anderson_rubin_set);
  out->set_anderson_rubin_lower(d.anderson_rubin_lower);
  out->set_anderson_rubin_upper(d.anderson_rubin_upper);
}

}  // namespace

void FillCoefficient(const stats::CoefficientEstimate& c, mv1::Coefficient* out) {
  out->set_name(c.name);
  out->set_estimate(c.estimate);
  out->set_std_error(c.std_error);
  out->set_statistic(c.statistic);
  out->set_p_value(c.p_value);
  out->set_ci_lower(c.ci_lower);
  out->set_ci_upper(c.ci_upper);
}

void FillIvResults(const stats::PanelFit& fit, mv1::FitPanelModelResponse* response) {
  for (const auto& s : fit.first_stage) {
    auto* out = response->add_first_stages();
    out->set_endogenous(s.endogenous);
    out->set_f_statistic(s.f_statistic);
    out->set_p_value(s.f_p_value);
    out->set_df1(s.df1);
    out->set_df2(std::isinf(s.df2) ? 0.0 : s.df2);
    out->set_partial_r_squared(s.partial_r_squared);
    for (const auto& c : s.coefficients) FillCoefficient(c, out->add_coefficients());
  }
  if (fit.iv_diagnostics.computed) FillDiagnostics(fit.iv_diagnostics, response->mutable_iv_diagnostics());
}

}  // namespace govmetrics::contracts
