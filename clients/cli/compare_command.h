#ifndef GOVMETRICS_CLIENTS_CLI_COMPARE_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_COMPARE_COMMAND_H_

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

// `govmetrics compare ...`: ModelingService.CompareGroups on a CSV panel: the model per
// group side by side, then the pairwise difference tests (interacted Wald, suest,
// permutation).
void AddCompareCommand(CLI::App& root);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_COMPARE_COMMAND_H_
