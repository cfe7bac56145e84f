// Instrument diagnostics of a 2SLS fit (under-, weak and over-identification,
// endogeneity, Anderson-Rubin), on the linear problem the estimator built
// (fixed effects already swept out), with xtivreg2's conventions for the
// absorbed degrees of freedom. Formulas and sources: docs/methods/iv.md.
#ifndef GOVMETRICS_COMMON_STATS_PANEL_IV_DIAGNOSTICS_H_
#define GOVMETRICS_COMMON_STATS_PANEL_IV_DIAGNOSTICS_H_

#include "absl/status/status.h"
#include "common/stats/panel_linear_problem.h"
#include "common/stats/panel_options.h"
#include "common/stats/panel_result.h"

namespace govmetrics::stats {

// Fills fit->iv_diagnostics from the solved problem `p` (its x holds the kept
// regressors in fit->coefficients order, z the excluded instruments). The
// variance estimator selects the convention: iid (Anderson LM, Sargan),
// heteroskedasticity-robust (HC0-HC3: Kleibergen-Paap, Hansen J) or one-way
// cluster-robust; other estimators get the iid statistics and a note.
absl::Status ComputeIvDiagnostics(const LinearProblem& p, const PanelModelOptions& options,
                                  PanelFit* fit);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_IV_DIAGNOSTICS_H_
