#ifndef GOVMETRICS_COMMON_CONTRACTS_IV_RESPONSE_H_
#define GOVMETRICS_COMMON_CONTRACTS_IV_RESPONSE_H_

// stats results of an ESTIMATOR_IV fit -> FitPanelModelResponse: the coefficient rows,
// the first-stage tables and the instrument diagnostics.

#include <vector>

#include "common/stats/panel_result.h"
#include "govmetrics/modeling/v1/panel_model.pb.h"

namespace govmetrics::contracts {

void FillCoefficient(const stats::CoefficientEstimate& c, modeling::v1::Coefficient* out);

// First stages (any IV fit) and, when computed, the diagnostics.
void FillIvResults(const stats::PanelFit& fit, modeling::v1::FitPanelModelResponse* response);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_IV_RESPONSE_H_
