#ifndef GOVMETRICS_CLIENTS_CLI_PANEL_OPTIONS_H_
#define GOVMETRICS_CLIENTS_CLI_PANEL_OPTIONS_H_

// --data, --entity, --period (and --dataset): where a subcommand's panel comes from.
// Declared once so the options, and their defaults, are the same in every subcommand.

#include <string>
#include <utility>

#include "CLI/CLI.hpp"
#include "absl/status/statusor.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::cli {

struct PanelOptions {
  std::string data;
  std::string entity = "entity";
  std::string period = "year";
  std::string dataset;  // a stored dataset ("datasets/ID") instead of --data
};

// `data_description` says what the CSV holds for this subcommand.
void AddPanelOptions(CLI::App* command, PanelOptions* options,
                     const std::string& data_description = "panel in CSV (UTF-8, header row)");

// Reads --data and builds the Panel (errors name the file, row or column).
absl::StatusOr<common::v1::Panel> LoadPanel(const PanelOptions& options);

// --dataset NAME as the alternative to --data: the server reads the stored dataset from
// the workspace (compute by reference); --data is then no longer required.
void AddDatasetOption(CLI::App* command, PanelOptions* options);

// Exactly one of --data and --dataset, into the request's `panel` or `dataset`.
template <typename Request>
absl::Status SetPanelOrDataset(const PanelOptions& options, Request* request) {
  if (options.data.empty() == options.dataset.empty()) {
    return absl::InvalidArgumentError(
        "give either --data (a data file) or --dataset (a stored dataset, datasets/ID)");
  }
  if (!options.dataset.empty()) {
    request->set_dataset(options.dataset);
    return absl::OkStatus();
  }
  auto panel = LoadPanel(options);
  if (!panel.ok()) return panel.status();
  *request->mutable_panel() = std::move(*panel);
  return absl::OkStatus();
}

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_PANEL_OPTIONS_H_
