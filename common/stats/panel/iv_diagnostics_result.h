// What the instrument diagnostics of a 2SLS fit report (filled by
// common/stats/panel/iv_diagnostics.cc). Conventions and sources:
// docs/methods/iv.md.
#ifndef GOVMETRICS_COMMON_STATS_PANEL_IV_DIAGNOSTICS_RESULT_H_
#define GOVMETRICS_COMMON_STATS_PANEL_IV_DIAGNOSTICS_RESULT_H_

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace govmetrics::stats {

// One test: a chi-square (df2 == 0) or an F(df1, df2) statistic.
struct IvTest {
  std::string name;  // e.g. "sargan", "hansen_j", "kleibergen_paap_lm"; empty = not computed
  double statistic = std::numeric_limits<double>::quiet_NaN();
  double df1 = 0;
  double df2 = 0;
  double p_value = std::numeric_limits<double>::quiet_NaN();
};

// A Stock-Yogo (2005) critical value for the Cragg-Donald / Kleibergen-Paap
// Wald F: criterion "2sls_relative_bias" (maximal bias relative to OLS) or
// "2sls_size" (maximal size of a nominal 5% Wald test), at `threshold`.
struct StockYogoCriticalValue {
  std::string criterion;
  double threshold = 0;
  double critical_value = 0;
};

// N observations, L instruments after the fixed effects are swept out
// (exogenous regressors + excluded, the intercept when pooled), L1 excluded,
// K1 endogenous, D degrees of freedom absorbed by the fixed effects (the
// dofminus of xtivreg2), M clusters.
struct IvDiagnostics {
  bool computed = false;
  // How the robust statistics were formed: "iid" (Anderson LM, Sargan),
  // "robust" (heteroskedasticity: Kleibergen-Paap, Hansen J), "cluster", or
  // "iid_only" when the variance estimator has no ivreg2 analogue (two-way
  // clustering, Driscoll-Kraay) and only the iid statistics are reported.
  std::string convention;
  int endogenous = 0;            // K1
  int excluded_instruments = 0;  // L1
  int instruments = 0;           // L
  int64_t df_absorbed = 0;       // D
  double df_resid = 0;           // N - L - D, denominator df of the F forms
  int64_t n_clusters = 0;        // M ("cluster" convention)
  // Under-identification: Anderson canonical-correlation LM (iid) or the
  // Kleibergen-Paap rk LM (robust, cluster); chi-square(L1 - K1 + 1).
  IvTest underidentification;
  // Weak identification.
  double cragg_donald_f = std::numeric_limits<double>::quiet_NaN();
  double kleibergen_paap_f = std::numeric_limits<double>::quiet_NaN();
  std::vector<StockYogoCriticalValue> stock_yogo;
  // Over-identification (L1 > K1): Sargan (iid) or Hansen J.
  IvTest overidentification;
  // Endogeneity of every endogenous regressor: C statistic
  // (difference-in-Sargan / difference-in-Hansen), chi-square(K1); and AER's
  // Wu-Hausman F (iid, regression-based).
  IvTest endogeneity;
  IvTest wu_hausman;
  // Anderson-Rubin test of H0: every endogenous coefficient is 0 (F form),
  // and for one endogenous regressor its confidence set at the model's level:
  // "interval" [lower, upper], "outside" (-inf, lower] U [upper, inf),
  // "everything", "empty", or "not_computed" (robust with L1 > 1).
  IvTest anderson_rubin;
  std::string anderson_rubin_set;
  double anderson_rubin_lower = std::numeric_limits<double>::quiet_NaN();
  double anderson_rubin_upper = std::numeric_limits<double>::quiet_NaN();
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_IV_DIAGNOSTICS_RESULT_H_
