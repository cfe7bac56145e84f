#ifndef GOVMETRICS_COMMON_RPC_RPC_CALL_H_
#define GOVMETRICS_COMMON_RPC_RPC_CALL_H_

// Every handler of every service runs through RunRpc: it times the call, turns the
// handler's absl::Status into a grpc::Status (status_mapping), and writes the one JSON
// log line per RPC (method, code, latency_ms, rows, request id). Keeping this in one
// place means services contain only validation, conversion and calls into stats.
// Metrics, authentication and limits happen in the server interceptor
// (server_interceptor.h), which sees every call with its full method name.

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "common/rpc/call_admission.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/status.h"

namespace govmetrics::rpc {

// What a handler may report for the log line.
struct RpcStats {
  long long rows = 0;             // Panel rows in the request.
  std::string input_fingerprint;  // SHA-256 of the input panel (the response's provenance)
};

// Runs `handler`, maps its status, logs: the audit line names agency, method, input
// fingerprint, rows, code and latency ("who ran what on which data"). When the server interceptor refused the call
// (UNAUTHENTICATED, RESOURCE_EXHAUSTED for a limit) the handler is not run and the refusal
// is returned and logged; the log line names the calling agency when tokens are on. Never lets an exception escape into gRPC: an
// unexpected exception becomes INTERNAL (and is logged) rather than a crash.
grpc::Status RunRpc(grpc::ServerContextBase* context, const char* method,
                    const std::function<absl::Status(RpcStats*)>& handler);
// The same, with the interceptor's verdict already looked up (ServeUnary needs it first).
grpc::Status RunRpc(grpc::ServerContextBase* context, const char* method,
                    const Admission& admission,
                    const std::function<absl::Status(RpcStats*)>& handler);

// A cancellation predicate for long computations: true once the client cancelled or the
// deadline passed. The stats layer polls it between iterations / replicates.
std::function<bool()> StopPredicate(grpc::ServerContextBase* context);

// Request id from `x-request-id` metadata (generated when absent).
std::string RequestIdOf(const grpc::ServerContextBase* context);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_RPC_CALL_H_
