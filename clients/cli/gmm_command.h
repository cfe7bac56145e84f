#ifndef GOVMETRICS_CLIENTS_CLI_GMM_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_GMM_COMMAND_H_

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

// `govmetrics gmm ...`: Arellano-Bond / Blundell-Bond dynamic panel GMM through
// ModelingService.FitDynamicPanel, printed as a coefficient table with the instrument
// count, Hansen, AR(1)/AR(2) and difference-in-Hansen tests.
void AddGmmCommand(CLI::App& root);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_GMM_COMMAND_H_
