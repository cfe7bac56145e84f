#ifndef GOVMETRICS_CLIENTS_CLI_IV_TABLE_H_
#define GOVMETRICS_CLIENTS_CLI_IV_TABLE_H_

// The first stages and instrument diagnostics of an IV fit (docs/methods/iv.md) as
// tables: one first-stage table per endogenous regressor, then the diagnostics. Empty
// for other estimators.

#include <string>
#include <vector>

#include "clients/cli/result_table.h"
#include "govmetrics/modeling/v1/panel_model.pb.h"

namespace govmetrics::cli {

std::vector<ResultTable> IvTables(const modeling::v1::FitPanelModelResponse& fit);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_IV_TABLE_H_
