#ifndef GOVMETRICS_CLIENTS_CLI_MEDIATE_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_MEDIATE_COMMAND_H_

#include <string>
#include <vector>

namespace govmetrics::cli {

// `govmetrics mediate ...`: ModelingService.AnalyzeMediation on a CSV panel, printed as
// a path table (a, b, c, c'), indirect-effect tests, bootstrap CI and classification.
int RunMediateCommand(const std::vector<std::string>& argv);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_MEDIATE_COMMAND_H_
