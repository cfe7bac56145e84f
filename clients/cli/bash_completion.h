#ifndef GOVMETRICS_CLIENTS_CLI_BASH_COMPLETION_H_
#define GOVMETRICS_CLIENTS_CLI_BASH_COMPLETION_H_

// Bash completion generated from the CLI11 declarations themselves, so it can never
// disagree with the parser: subcommands, each one's options (hidden aliases left out),
// the allowed values of AddChoice options, file names after FILE/PEM/CSV/JSON options,
// directories after DIR options.
//   source <(govmetrics completion bash)

#include <string>

#include "CLI/CLI.hpp"

namespace govmetrics::cli {

std::string BashCompletionScript(const CLI::App& root);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_BASH_COMPLETION_H_
