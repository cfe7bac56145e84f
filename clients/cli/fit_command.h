#ifndef GOVMETRICS_CLIENTS_CLI_FIT_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_FIT_COMMAND_H_

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

// `govmetrics fit ...`: one panel regression through ModelingService.FitPanelModel,
// printed as a regression table with every convention used.
void AddFitCommand(CLI::App& root);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_FIT_COMMAND_H_
