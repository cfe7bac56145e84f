#include "common/rpc/unary_reactor.h"

#include <memory>
#include <utility>

#include "absl/flags/flag.h"
#include "common/rpc/metrics.h"
#include "common/rpc/server_flags.h"
#include "common/rpc/work_pool.h"

namespace govmetrics::rpc {

bool RunsInline(const Admission& admission) {
  if (!admission.status.ok()) return true;  // a refusal costs nothing to send
  if (!admission.size.has_value()) return false;
  const RequestSize& size = *admission.size;
  return size.replications == 0 &&
         size.rows * size.columns <= absl::GetFlag(FLAGS_inline_max_cells);
}

grpc::ServerUnaryReactor* ServeUnary(grpc::CallbackServerContext* context, const char* method,
                                     std::function<absl::Status(RpcStats*)> handler,
                                     bool offload) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  Admission admission = GetAdmission(context).value_or(Admission{});
  if (!(offload && admission.status.ok()) && RunsInline(admission)) {
    reactor->Finish(RunRpc(context, method, admission, handler));
    return reactor;
  }
  // The call (request, response, context) stays alive until Finish, which the pool
  // thread calls when the handler is done.
  OffloadedCallsCounter(method).Increment();
  HeavyCallPool().Submit(
      [reactor, context, method, admission = std::move(admission), handler = std::move(handler)] {
        reactor->Finish(RunRpc(context, method, admission, handler));
      });
  return reactor;
}

}  // namespace govmetrics::rpc
