#ifndef GOVMETRICS_CLIENTS_CLI_FIT_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_FIT_COMMAND_H_

#include <string>
#include <vector>

namespace govmetrics::cli {

// `govmetrics fit ...`: one panel regression through ModelingService.FitPanelModel,
// printed as a regression table with every convention used.
int RunFitCommand(const std::vector<std::string>& argv);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_FIT_COMMAND_H_
