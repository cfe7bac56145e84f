#ifndef GOVMETRICS_CLIENTS_CLI_PANEL_CSV_H_
#define GOVMETRICS_CLIENTS_CLI_PANEL_CSV_H_

// CSV <-> govmetrics.common.v1.Panel. A column whose every cell parses as a number (or
// is empty / NA / NaN / ".", Stata's missing) becomes a numeric Column with NaN for
// missing; any other column becomes a Label. The entity and period columns are named.

#include <string>

#include "absl/status/statusor.h"
#include "clients/cli/csv_table.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::cli {

absl::StatusOr<common::v1::Panel> PanelFromCsv(const CsvTable& table, const std::string& entity,
                                               const std::string& period);

// Formats a double for CSV with round-trip precision ("" for NaN).
std::string FormatNumber(double value);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_PANEL_CSV_H_
