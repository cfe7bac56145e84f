#ifndef GOVMETRICS_CLIENTS_CLI_SPATIAL_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_SPATIAL_COMMAND_H_

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

// `govmetrics spatial-fit ...`: a fixed-effects spatial panel model (SAR, SEM, SDM, SAC)
// through ModelingService.FitSpatialPanel, printed as coefficient, effects and test tables.
void AddSpatialFitCommand(CLI::App& root);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_SPATIAL_COMMAND_H_
