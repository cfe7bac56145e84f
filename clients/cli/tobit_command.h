#ifndef GOVMETRICS_CLIENTS_CLI_TOBIT_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_TOBIT_COMMAND_H_

// `govmetrics tobit`: FitCensoredModel (pooled or random-effects Tobit) with its
// coefficient table, variance parameters, tests and marginal effects.

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

void AddTobitCommand(CLI::App& root);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_TOBIT_COMMAND_H_
