#ifndef GOVMETRICS_COMMON_RPC_SERVER_INTERCEPTOR_H_
#define GOVMETRICS_COMMON_RPC_SERVER_INTERCEPTOR_H_

// One server interceptor, registered by server_runtime for every server, that sees every
// RPC with its full method name ("/pkg.Service/Method") and so needs no help from the
// service code:
// - metrics: grpc_server_* (metrics.h) for every call, health checks included;
// - bearer tokens: API calls (not grpc.health.v1 nor reflection) need
//   "authorization: Bearer TOKEN" from the token table, else UNAUTHENTICATED;
// - drain: once the server is draining, new API calls -> UNAVAILABLE;
// - concurrency: more than max_concurrent_rpcs API calls at once -> RESOURCE_EXHAUSTED;
// - request limits (request_limits.h) on the received request message.
// Rejections are recorded as the call's Admission and returned by RunRpc without running
// the handler; as a safety net a handler that does not use RunRpc still has its status
// replaced by the rejection.

#include <atomic>
#include <memory>
#include <string>

#include "common/rpc/auth_tokens.h"
#include "common/rpc/request_limits.h"
#include "grpcpp/support/server_interceptor.h"

namespace govmetrics::rpc {

struct AdmissionPolicy {
  RequestLimits limits;
  int max_concurrent_rpcs = 0;              // 0 = unlimited
  std::shared_ptr<const TokenTable> tokens;  // null = no bearer tokens required
  // Set by the drain after SIGTERM: new API calls are refused with UNAVAILABLE (which
  // clients retry elsewhere) while calls already admitted run on. Null = never drains.
  std::shared_ptr<const std::atomic<bool>> draining;
  std::string server_name;  // named in the draining refusal, e.g. "govmetrics-modeling"
};

// True for methods that are never authenticated, limited or counted against the cap:
// grpc.health.v1 (probes) and server reflection.
bool IsInfrastructureMethod(const char* full_method);

class GovmetricsServerInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit GovmetricsServerInterceptorFactory(AdmissionPolicy policy);
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

  // API calls in flight on this server.
  int in_flight() const { return in_flight_->load(); }

 private:
  std::shared_ptr<const AdmissionPolicy> policy_;
  std::shared_ptr<std::atomic<int>> in_flight_;
};

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_SERVER_INTERCEPTOR_H_
