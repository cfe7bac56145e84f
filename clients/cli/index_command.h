#ifndef GOVMETRICS_CLIENTS_CLI_INDEX_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_INDEX_COMMAND_H_

#include <string>
#include <vector>

namespace govmetrics::cli {

// `govmetrics index ...`: scores a CSV panel with IndexService.ComputeIndex, prints the
// weight table and writes the scores CSV. Returns the process exit code.
int RunIndexCommand(const std::vector<std::string>& argv);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_INDEX_COMMAND_H_
