#include "services/index/index_service.h"

#include "common/contracts/disparity_request.h"
#include "common/contracts/index_request.h"
#include "common/rpc/unary_reactor.h"
#include "common/workspace_client/serve_panel_rpc.h"

namespace govmetrics::services {

IndexServiceImpl::IndexServiceImpl(const workspace_client::DatasetReader* datasets)
    : datasets_(datasets) {
  SetMessageAllocatorFor_ComputeIndex(&compute_index_messages_);
  SetMessageAllocatorFor_ComputeCouplingCoordination(&compute_coupling_coordination_messages_);
  SetMessageAllocatorFor_AnalyzeDisparity(&analyze_disparity_messages_);
}

grpc::ServerUnaryReactor* IndexServiceImpl::ComputeIndex(
    grpc::CallbackServerContext* context, const index::v1::ComputeIndexRequest* request,
    index::v1::ComputeIndexResponse* response) {
  return workspace_client::ServePanelRpc(context, "ComputeIndex", request, response, datasets_,
                                         [](const auto& r) { return contracts::ComputeIndex(r); });
}

grpc::ServerUnaryReactor* IndexServiceImpl::ComputeCouplingCoordination(
    grpc::CallbackServerContext* context,
    const index::v1::ComputeCouplingCoordinationRequest* request,
    index::v1::ComputeCouplingCoordinationResponse* response) {
  return workspace_client::ServePanelRpc(context, "ComputeCouplingCoordination", request, response, datasets_,
                                         [](const auto& r) { return contracts::ComputeCouplingCoordination(r); });
}

grpc::ServerUnaryReactor* IndexServiceImpl::AnalyzeDisparity(
    grpc::CallbackServerContext* context, const index::v1::AnalyzeDisparityRequest* request,
    index::v1::AnalyzeDisparityResponse* response) {
  return workspace_client::ServePanelRpc(
      context, "AnalyzeDisparity", request, response, datasets_, [context](const auto& r) {
        const auto stop = rpc::StopPredicate(context);
        return contracts::AnalyzeDisparity(r, &stop);
      });
}

}  // namespace govmetrics::services
