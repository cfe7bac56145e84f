#ifndef GOVMETRICS_COMMON_RPC_UNARY_REACTOR_H_
#define GOVMETRICS_COMMON_RPC_UNARY_REACTOR_H_

// How the index and modeling services serve their unary RPCs: gRPC's callback API, with
// each call's handler run where its size says it should.
//
// Why callback rather than sync: on the sync API every call crosses gRPC's thread
// manager (a poller thread takes the call, another thread becomes poller), which cost a
// 217-row fit about 60 microseconds of CPU more than the same work on the callback path
// that gRPC's own health service uses (docs/performance.md, "Load").
//
// Where the handler runs:
// - light calls (no resampling, a panel of at most --inline_max_cells rows x columns,
//   20,000 by default; a provincial study is 217 x 35) run inline on the gRPC thread
//   that received them: no hand-off at all;
// - everything else (bootstraps, permutations, big panels) runs on HeavyCallPool
//   (work_pool.h), so that minutes of computing never hold one of gRPC's few event
//   threads, which also serve health checks.
// Either way the call goes through RunRpc (rpc_call.h): admission verdict, status
// mapping, the log line, the request id.

#include <functional>

#include "absl/status/status.h"
#include "common/rpc/call_admission.h"
#include "common/rpc/rpc_call.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/server_callback.h"

namespace govmetrics::rpc {

// True when a call of this size runs on gRPC's thread; false for calls the interceptor
// did not measure (in-process use without the runtime's server): they are offloaded.
bool RunsInline(const Admission& admission);

// Runs `handler` (inline or on HeavyCallPool) through RunRpc and finishes the call.
// `handler` may use the request, the response and `context` until it returns.
// `offload` sends the call to the pool whatever its size: a handler that blocks on
// another service (a dataset read from the workspace) must never hold a gRPC thread.
grpc::ServerUnaryReactor* ServeUnary(grpc::CallbackServerContext* context, const char* method,
                                     std::function<absl::Status(RpcStats*)> handler,
                                     bool offload = false);

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_UNARY_REACTOR_H_
