#ifndef GOVMETRICS_CLIENTS_CLI_INDEX_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_INDEX_COMMAND_H_

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

// `govmetrics index ...`: scores a CSV panel with IndexService.ComputeIndex, prints the
// weight table and writes the scores CSV.
void AddIndexCommand(CLI::App& root);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_INDEX_COMMAND_H_
