#include "common/rpc/client_interceptor.h"

#include <chrono>
#include <vector>

#include "common/rpc/metrics.h"
#include "grpcpp/create_channel.h"

namespace govmetrics::rpc {
namespace {

using grpc::experimental::ClientRpcInfo;
using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::InterceptorBatchMethods;

const char* TypeName(ClientRpcInfo::Type type) {
  switch (type) {
    case ClientRpcInfo::Type::UNARY: return "unary";
    case ClientRpcInfo::Type::CLIENT_STREAMING: return "client_stream";
    case ClientRpcInfo::Type::SERVER_STREAMING: return "server_stream";
    case ClientRpcInfo::Type::BIDI_STREAMING: return "bidi_stream";
    default: return "unknown";
  }
}

class ClientMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit ClientMetricsInterceptor(ClientRpcInfo* info)
      : metrics_(MethodMetrics::Get(MethodMetrics::Side::kClient, info->method(),
                                    TypeName(info->type()))) {}

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      start_ = std::chrono::steady_clock::now();
      metrics_->Started();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_MESSAGE)) {
      metrics_->MessageSent();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      metrics_->MessageReceived();
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_STATUS)) {
      const grpc::Status* status = methods->GetRecvStatus();
      metrics_->Handled(status != nullptr ? status->error_code() : grpc::StatusCode::UNKNOWN,
                        std::chrono::duration<double>(std::chrono::steady_clock::now() - start_)
                            .count());
    }
    methods->Proceed();
  }

 private:
  MethodMetrics* metrics_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

}  // namespace

grpc::experimental::Interceptor* ClientMetricsInterceptorFactory::CreateClientInterceptor(
    ClientRpcInfo* info) {
  return new ClientMetricsInterceptor(info);
}

std::shared_ptr<grpc::Channel> InstrumentedChannel(
    const std::string& target, const std::shared_ptr<grpc::ChannelCredentials>& credentials,
    const grpc::ChannelArguments& args) {
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> factories;
  factories.push_back(std::make_unique<ClientMetricsInterceptorFactory>());
  return grpc::experimental::CreateCustomChannelWithInterceptors(target, credentials, args,
                                                                 std::move(factories));
}

}  // namespace govmetrics::rpc
