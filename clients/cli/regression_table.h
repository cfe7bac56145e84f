#ifndef GOVMETRICS_CLIENTS_CLI_REGRESSION_TABLE_H_
#define GOVMETRICS_CLIENTS_CLI_REGRESSION_TABLE_H_

// A FitPanelModelResponse as the `fit` subcommand shows it: the coefficient table with
// significance stars, the fit statistics, the IV first stages and diagnostics, and the
// conventions used (from provenance), on the terminal and as --out tables.

#include <string>

#include "clients/cli/table_output.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"

namespace govmetrics::cli {

// The tables and notes of a fit; `title` describes the model (DescribeSpec).
TableOutput RegressionOutput(const std::string& title, const std::string& dependent,
                             const modeling::v1::FitPanelModelResponse& fit);
// The terminal text of the same.
std::string RenderRegression(const std::string& title, const std::string& dependent,
                             const modeling::v1::FitPanelModelResponse& fit);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_REGRESSION_TABLE_H_
