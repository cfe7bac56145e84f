#ifndef GOVMETRICS_CLIENTS_CLI_RPC_CLIENT_H_
#define GOVMETRICS_CLIENTS_CLI_RPC_CLIENT_H_

// Error printing shared by the CLI subcommands (connections: connection.h).

#include <string>

#include "grpcpp/grpcpp.h"

namespace govmetrics::cli {

// Prints "error: CODE: message" and every BadRequest field violation; returns 1.
int PrintRpcError(const grpc::Status& status);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_RPC_CLIENT_H_
