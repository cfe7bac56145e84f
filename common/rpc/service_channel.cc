#include "common/rpc/service_channel.h"

#include "absl/strings/str_cat.h"
#include "common/rpc/client_interceptor.h"
#include "common/rpc/tls_credentials.h"

namespace govmetrics::rpc {

std::shared_ptr<grpc::Channel> MakeServiceChannel(const std::string& target,
                                                  const std::string& service_name) {
  return MakeServiceChannel(target, service_name, DownstreamCredentials());
}

std::shared_ptr<grpc::Channel> MakeServiceChannel(
    const std::string& target, const std::string& service_name,
    const std::shared_ptr<grpc::ChannelCredentials>& credentials, grpc::ChannelArguments args) {
  args.SetMaxReceiveMessageSize(256 * 1024 * 1024);
  args.SetMaxSendMessageSize(256 * 1024 * 1024);
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 1);
  // Retry UNAVAILABLE only: every govmetrics RPC is a pure function of its request,
  // so a retry after a connection failure is safe; other codes are final answers.
  args.SetServiceConfigJSON(absl::StrCat(R"({
    "loadBalancingConfig": [{"round_robin": {}}],
    "methodConfig": [{
      "name": [{"service": ")", service_name, R"("}],
      "retryPolicy": {
        "maxAttempts": 4, "initialBackoff": "0.2s", "maxBackoff": "2s",
        "backoffMultiplier": 2, "retryableStatusCodes": ["UNAVAILABLE"]
      }
    }]
  })"));
  return InstrumentedChannel(target, credentials, args);
}

}  // namespace govmetrics::rpc
