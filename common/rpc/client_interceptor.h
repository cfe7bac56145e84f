#ifndef GOVMETRICS_COMMON_RPC_CLIENT_INTERCEPTOR_H_
#define GOVMETRICS_COMMON_RPC_CLIENT_INTERCEPTOR_H_

// grpc_client_* metrics (metrics.h) for calls a govmetrics binary makes to another one
// (reporting -> index / modeling). A channel built with InstrumentedChannel counts every
// call, once per call whatever the retries underneath (retries happen below interceptors).

#include <memory>
#include <string>

#include "grpcpp/grpcpp.h"
#include "grpcpp/support/client_interceptor.h"

namespace govmetrics::rpc {

class ClientMetricsInterceptorFactory
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override;
};

// CreateCustomChannel with the client metrics interceptor.
std::shared_ptr<grpc::Channel> InstrumentedChannel(
    const std::string& target, const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    const grpc::ChannelArguments& args);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_CLIENT_INTERCEPTOR_H_
