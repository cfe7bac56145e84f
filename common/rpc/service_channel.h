#ifndef GOVMETRICS_COMMON_RPC_SERVICE_CHANNEL_H_
#define GOVMETRICS_COMMON_RPC_SERVICE_CHANNEL_H_

// The channel one govmetrics server uses to call another (reporting -> index / modeling,
// workspace -> reporting, index / modeling / reporting -> workspace):
// - retries UNAVAILABLE only (gRPC service config), and balances round_robin over every
//   address a dns:/// name resolves to (a Kubernetes headless Service);
// - counts grpc_client_* metrics per call (client_interceptor.h).

#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"

namespace govmetrics::rpc {

// With DownstreamCredentials() (plaintext unless main() set them).
std::shared_ptr<grpc::Channel> MakeServiceChannel(const std::string& target,
                                                  const std::string& service_name);
// `args`: the caller's own channel arguments, to which these are added.
std::shared_ptr<grpc::Channel> MakeServiceChannel(
    const std::string& target, const std::string& service_name,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    grpc::ChannelArguments args = grpc::ChannelArguments());

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_SERVICE_CHANNEL_H_
