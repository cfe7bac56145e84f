#ifndef GOVMETRICS_CLIENTS_CLI_COMPARE_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_COMPARE_COMMAND_H_

#include <string>
#include <vector>

namespace govmetrics::cli {

// `govmetrics compare ...`: ModelingService.CompareGroups on a CSV panel: the model per
// group side by side, then the pairwise difference tests (interacted Wald, suest,
// permutation).
int RunCompareCommand(const std::vector<std::string>& argv);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_COMPARE_COMMAND_H_
