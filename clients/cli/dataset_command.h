#ifndef GOVMETRICS_CLIENTS_CLI_DATASET_COMMAND_H_
#define GOVMETRICS_CLIENTS_CLI_DATASET_COMMAND_H_

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

// `govmetrics dataset upload|list|get|share|unshare|delete`: datasets kept by the
// workspace service (upload streams the CSV in chunks, so its size is not limited by one
// message).
void AddDatasetCommand(CLI::App& root);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_DATASET_COMMAND_H_
