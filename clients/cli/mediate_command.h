#ifndef GOVMETRICS_CLIENTS_CLI_MEDIATE_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_MEDIATE_COMMAND_H_

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

// `govmetrics mediate ...`: ModelingService.AnalyzeMediation on a CSV panel, printed as
// a path table (a, b, c, c'), indirect-effect tests, bootstrap CI and classification.
void AddMediateCommand(CLI::App& root);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_MEDIATE_COMMAND_H_
