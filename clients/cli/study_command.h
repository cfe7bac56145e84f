#ifndef GOVMETRICS_CLIENTS_CLI_STUDY_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_STUDY_COMMAND_H_

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

// `govmetrics study --spec SPEC.json --data PANEL.csv ...`: runs a whole study through
// ReportingService.StreamStudy with a progress bar, writes every document under --out
// and prints the headline results.
void AddStudyCommand(CLI::App& root);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_STUDY_COMMAND_H_
