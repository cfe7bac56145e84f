#ifndef GOVMETRICS_COMMON_RPC_SERVER_COMMAND_LINE_H_
#define GOVMETRICS_COMMON_RPC_SERVER_COMMAND_LINE_H_

// Flag parsing for every govmetrics server binary, so `--help` and `--version` behave
// the same in all of them:
//   --help      one-line usage, then every flag with its default: the runtime's flags
//               (common/rpc/server_flags.cc), the binary's own (services/*/main.cc)
//               and --flagfile. Abseil's default filter shows only flags defined in a
//               file named like the binary, which hid all of ours.
//   --helpfull  every flag, Abseil's included.
//   --version   our version and the linked gRPC and protobuf versions.
// Both exit 0, as a user who types them expects. A binary's main() calls
//   ParseServerCommandLine(argc, argv, "govmetrics-foo", "one line about the server");

#include <string>

namespace govmetrics::rpc {

// Parses the flags (unknown flags abort with Abseil's message); handles --help,
// --helpfull and --version by printing to stdout and exiting.
void ParseServerCommandLine(int argc, char** argv, const std::string& binary_name,
                            const std::string& summary);

// Whether a flag defined in `filename` (as normalised) belongs in --help.
bool IsGovmetricsFlagFile(const std::string& filename);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_SERVER_COMMAND_LINE_H_
