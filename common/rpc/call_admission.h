#ifndef GOVMETRICS_COMMON_RPC_CALL_ADMISSION_H_
#define GOVMETRICS_COMMON_RPC_CALL_ADMISSION_H_

// The verdict the server interceptor (server_interceptor.h) reaches about an API call
// before its handler runs: authenticated or not (and as which agency), within the
// request limits and the concurrency cap or not. A gRPC C++ server interceptor cannot fail a
// call, so the verdict is handed to RunRpc through this table, keyed by
// the call's ServerContext; RunRpc returns the rejection instead of running the handler.
// The interceptor removes the entry when the call ends (interceptors die with their
// context), so a reused context address never sees a stale verdict.

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "common/rpc/request_limits.h"
#include "grpcpp/server_context.h"

namespace govmetrics::rpc {

struct Admission {
  absl::Status status;  // OK, or why the call is refused.
  std::string agency;   // Authenticated agency id; empty when tokens are not required.
  std::string service;  // "govmetrics.index.v1.IndexService"
  // What the request asks for, measured by the same walk that checks the limits; how
  // ServeUnary decides whether the call runs inline (unary_reactor.h).
  std::optional<RequestSize> size;
};

void SetAdmission(const grpc::ServerContextBase* context, Admission admission);
// The verdict for `context`, if an interceptor recorded one (in-process handlers called
// without the runtime's server have none).
std::optional<Admission> GetAdmission(const grpc::ServerContextBase* context);
void ClearAdmission(const grpc::ServerContextBase* context);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_CALL_ADMISSION_H_
