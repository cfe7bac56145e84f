#ifndef GOVMETRICS_CLIENTS_CLI_OPERATIONS_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_OPERATIONS_COMMAND_H_

#include <string>

#include "CLI/CLI.hpp"
#include "clients/cli/connection.h"

namespace govmetrics::cli {

// `govmetrics operations list|get|wait|cancel|delete`: study operations of the workspace
// (google.longrunning.Operations); `wait` writes the finished study's documents.
void AddOperationsCommand(CLI::App& root);

// Waits (WaitOperation, again and again) until study operation `name` is done, prints it
// and writes its documents under `out`. Returns the exit code (1: the study failed).
int WaitForStudy(const Connection& connection, const std::string& name, const std::string& out);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_OPERATIONS_COMMAND_H_
