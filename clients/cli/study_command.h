#ifndef GOVMETRICS_CLIENTS_CLI_STUDY_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_STUDY_COMMAND_H_

#include <string>
#include <vector>

namespace govmetrics::cli {

// `govmetrics study --spec SPEC.json --data PANEL.csv ...`: runs a whole study through
// ReportingService.StreamStudy with a progress bar, writes every document under --out
// and prints the headline results.
int RunStudyCommand(const std::vector<std::string>& argv);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_STUDY_COMMAND_H_
