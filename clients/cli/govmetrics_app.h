#ifndef GOVMETRICS_CLIENTS_CLI_GOVMETRICS_APP_H_
#define GOVMETRICS_CLIENTS_CLI_GOVMETRICS_APP_H_

// The whole `govmetrics` command line: every subcommand registered on one CLI11 App.
// main() is RunGovmetrics; tests and the completion generator use BuildGovmetricsApp.

#include <memory>

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

std::unique_ptr<CLI::App> BuildGovmetricsApp();

// Parses argv, runs the chosen subcommand, returns the process exit code (help and
// --version: 0; bad usage: 2; a failed call: 1).
int RunGovmetrics(int argc, char** argv);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_GOVMETRICS_APP_H_
