#include "services/index/index_service.h"

#include "common/contracts/index_request.h"
#include "common/rpc/rpc_call.h"

namespace govmetrics::services {

grpc::Status IndexServiceImpl::ComputeIndex(grpc::ServerContext* context,
                                            const index::v1::ComputeIndexRequest* request,
                                            index::v1::ComputeIndexResponse* response) {
  return rpc::RunRpc(context, "ComputeIndex", [&](rpc::RpcStats* stats) {
    stats->rows = request->panel().entity_size();
    auto result = contracts::ComputeIndex(*request);
    if (!result.ok()) return result.status();
    response->Swap(&*result);
    return absl::OkStatus();
  });
}

grpc::Status IndexServiceImpl::ComputeCouplingCoordination(
    grpc::ServerContext* context, const index::v1::ComputeCouplingCoordinationRequest* request,
    index::v1::ComputeCouplingCoordinationResponse* response) {
  return rpc::RunRpc(context, "ComputeCouplingCoordination", [&](rpc::RpcStats* stats) {
    stats->rows = request->panel().entity_size();
    auto result = contracts::ComputeCouplingCoordination(*request);
    if (!result.ok()) return result.status();
    response->Swap(&*result);
    return absl::OkStatus();
  });
}

}  // namespace govmetrics::services
