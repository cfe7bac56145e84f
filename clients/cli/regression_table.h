#ifndef GOVMETRICS_CLIENTS_CLI_REGRESSION_TABLE_H_
#define GOVMETRICS_CLIENTS_CLI_REGRESSION_TABLE_H_

// Terminal rendering of a FitPanelModelResponse: coefficient table with significance
// stars, fit statistics and the conventions used (from provenance).

#include <string>

#include "govmetrics/modeling/v1/modeling_service.pb.h"

namespace govmetrics::cli {

std::string Stars(double p_value);
std::string RenderRegression(const std::string& title, const std::string& dependent,
                             const modeling::v1::FitPanelModelResponse& fit);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_REGRESSION_TABLE_H_
