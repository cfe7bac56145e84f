#ifndef GOVMETRICS_COMMON_RPC_SERVER_INTERCEPTOR_H_
#define GOVMETRICS_COMMON_RPC_SERVER_INTERCEPTOR_H_

// One server interceptor, registered by server_runtime for every server, that sees every
// RPC with its full method name ("/pkg.Service/Method") and so needs no help from the
// service code:
// - metrics: grpc_server_* (metrics.h) for every call, health checks included;
// - who calls: with bearer tokens or an access policy, API calls (not grpc.health.v1
//   nor reflection) must name an agency, by token or by client certificate
//   (access_config.h), else UNAUTHENTICATED;
// - the access policy (access_policy.h): a method outside the agency's allow list ->
//   PERMISSION_DENIED naming agency and method;
// - drain: once the server is draining, new API calls -> UNAVAILABLE;
// - concurrency: more than max_concurrent_rpcs API calls at once -> RESOURCE_EXHAUSTED;
// - the agency's budget (agency_quota.h): rate and concurrency -> RESOURCE_EXHAUSTED
//   with QuotaFailure + RetryInfo;
// - request limits (request_limits.h) on the received request message, then the
//   agency's own lower limits;
// - per-agency metrics (govmetrics_agency_*).
// Rejections are recorded as the call's Admission and returned by RunRpc without running
// the handler; as a safety net a handler that does not use RunRpc still has its status
// replaced by the rejection.

#include <atomic>
#include <memory>
#include <string>

#include "common/rpc/access_config.h"
#include "common/rpc/access_policy.h"
#include "common/rpc/agency_quota.h"
#include "common/rpc/auth_tokens.h"
#include "common/rpc/request_limits.h"
#include "grpcpp/support/server_interceptor.h"

namespace govmetrics::rpc {

struct AdmissionPolicy {
  RequestLimits limits;
  int max_concurrent_rpcs = 0;              // 0 = unlimited
  // The access configuration the server starts with (a reload replaces it through
  // GovmetricsServerInterceptorFactory::access()).
  std::shared_ptr<const TokenTable> tokens;          // null = no bearer tokens required
  std::shared_ptr<const AccessPolicy> access_policy;  // null = no per-agency policy
  // Set by the drain after SIGTERM: new API calls are refused with UNAVAILABLE (which
  // clients retry elsewhere) while calls already admitted run on. Null = never drains.
  std::shared_ptr<const std::atomic<bool>> draining;
  std::string server_name;  // named in the draining refusal, e.g. "govmetrics-modeling"
};

// True for methods that are never authenticated, limited or counted against the cap:
// grpc.health.v1 (probes) and server reflection.
bool IsInfrastructureMethod(const char* full_method);

// What every call's interceptor shares with the factory.
struct InterceptorState {
  AdmissionPolicy policy;
  mutable std::atomic<int> in_flight{0};   // API calls admitted and not yet finished
  std::unique_ptr<AccessConfigHolder> access;  // tokens + policy; a reload replaces them
  mutable AgencyQuotas quotas;             // per-agency budgets, across reloads
};

class GovmetricsServerInterceptorFactory
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit GovmetricsServerInterceptorFactory(AdmissionPolicy policy);
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

  // API calls in flight on this server.
  int in_flight() const;
  // The tokens and policy in force; a reload Sets a new snapshot here.
  AccessConfigHolder& access() const;

 private:
  std::shared_ptr<const InterceptorState> state_;
};

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_SERVER_INTERCEPTOR_H_
