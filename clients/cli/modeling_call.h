#ifndef GOVMETRICS_CLIENTS_CLI_MODELING_CALL_H_
#define GOVMETRICS_CLIENTS_CLI_MODELING_CALL_H_

// One ModelingService call of a subcommand, written once: open the connection from the
// subcommand's options (TLS, token, deadline), call, and turn each failure into the
// subcommand's exit code.

#include <string>

#include "CLI/CLI.hpp"
#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/rpc_client.h"
#include "govmetrics/modeling/v1/modeling_service.grpc.pb.h"

namespace govmetrics::cli {

template <typename Request, typename Response>
using ModelingRpc = grpc::Status (modeling::v1::ModelingService::Stub::*)(grpc::ClientContext*, const Request&,
                                                                          Response*);

// Returns 0 with *response filled. A connection that cannot be opened is a usage error of
// `command` (a bad certificate path, say); a failed call prints its status and details.
template <typename Request, typename Response>
int CallModeling(const CLI::App& command, const ConnectionOptions& options, ModelingRpc<Request, Response> rpc,
                 const Request& request, Response* response) {
  auto connection = Connection::Open(options);
  if (!connection.ok()) return UsageError(command, std::string(connection.status().message()));
  auto stub = modeling::v1::ModelingService::NewStub(connection->channel());
  grpc::ClientContext context;
  connection->Prepare(&context);
  const grpc::Status status = ((*stub).*rpc)(&context, request, response);
  return status.ok() ? 0 : PrintRpcError(status);
}

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_MODELING_CALL_H_
