#ifndef GOVMETRICS_SERVICES_REPORTING_GMM_CHECK_H_
#define GOVMETRICS_SERVICES_REPORTING_GMM_CHECK_H_

// The robustness menu's dynamic-panel GMM column (ROBUSTNESS_CHECK_DYNAMIC_PANEL_GMM):
// the outcome on its lags 1..outcome_lags (default 1), the explanatory variable and the
// controls, by
// ModelingService.FitDynamicPanel with the genre's defaults (system GMM, two-step with
// Windmeijer-corrected SEs, collapsed instruments from lags 2 and deeper of the outcome,
// period effects; docs/reporting.md, docs/methods/gmm.md). Its column in the robustness
// table is a stand-in FitPanelModelResponse (the explanatory variable's and the lagged
// outcome's coefficients, one per lag, N) plus the rows of the GMM diagnostics.

#include <string>
#include <vector>

#include "govmetrics/modeling/v1/modeling_service.pb.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

// Defaults of the check's options (one definition each: validation reads them too).
bool GmmSystem(const rv1::RobustnessSpec& check);
bool GmmTwoStep(const rv1::RobustnessSpec& check);
bool GmmCollapse(const rv1::RobustnessSpec& check);
int GmmMinLag(const rv1::RobustnessSpec& check);
// 0: every available lag.
int GmmMaxLag(const rv1::RobustnessSpec& check);
// The outcome's lags on the right-hand side are 1..GmmOutcomeLags.
int GmmOutcomeLags(const rv1::RobustnessSpec& check);

// The coefficient name of the outcome's lag `lag` in the response ("L2.<y>").
std::string LaggedOutcomeName(const StudyDesign& design, int lag);

modeling::v1::FitDynamicPanelRequest GmmCheckRequest(const StudyDesign& design, const rv1::RobustnessSpec& check);

// The column's stand-in fit: the response's coefficients of the explanatory variable and
// the outcome's lags (z-based p-values, normal intervals), N the observations of the
// level equation (system GMM, as xtabond2 counts them) or of the differenced equation,
// no within R².
modeling::v1::FitPanelModelResponse GmmColumnFit(const StudyDesign& design, const rv1::RobustnessSpec& check,
                                                 const modeling::v1::FitDynamicPanelResponse& response);

// The diagnostic rows of the column: instruments, AR(1), AR(2) and Hansen J p-values.
std::vector<DiagnosticCell> GmmDiagnostics(const StudyDesign& design,
                                           const modeling::v1::FitDynamicPanelResponse& response);

std::string GmmHeader(const StudyDesign& design, const rv1::RobustnessSpec& check);
// The table note: steps and standard errors, instruments, what N counts.
std::string GmmNote(const StudyDesign& design, const rv1::RobustnessSpec& check);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_GMM_CHECK_H_
