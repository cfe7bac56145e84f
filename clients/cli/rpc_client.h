#ifndef GOVMETRICS_CLIENTS_CLI_RPC_CLIENT_H_
#define GOVMETRICS_CLIENTS_CLI_RPC_CLIENT_H_

// Channel creation and error printing shared by the CLI subcommands.

#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"

namespace govmetrics::cli {

// Plaintext channel with large message limits (panels can be big).
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target);

// Prints "error: CODE: message" and every BadRequest field violation; returns 1.
int PrintRpcError(const grpc::Status& status);

// Deadline for CLI calls (seconds), from --timeout.
void SetDeadline(grpc::ClientContext* context, double seconds);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_RPC_CLIENT_H_
