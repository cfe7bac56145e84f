#ifndef GOVMETRICS_CLIENTS_CLI_PANEL_OPTIONS_H_
#define GOVMETRICS_CLIENTS_CLI_PANEL_OPTIONS_H_

// --data, --entity, --period: where a subcommand's panel comes from. Declared once so
// the options, and their defaults, are the same in every subcommand.

#include <string>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::cli {

struct PanelOptions {
  std::string data;
  std::string entity = "entity";
  std::string period = "year";
};

// `data_description` says what the CSV holds for this subcommand.
void AddPanelOptions(CLI::App* command, PanelOptions* options,
                     const std::string& data_description = "panel in CSV (UTF-8, header row)");

// Reads --data and builds the Panel (errors name the file, row or column).
absl::StatusOr<common::v1::Panel> LoadPanel(const PanelOptions& options);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_PANEL_OPTIONS_H_
