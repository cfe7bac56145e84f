#include "services/index/index_service.h"

#include "common/contracts/disparity_request.h"
#include "common/contracts/index_request.h"
#include "common/rpc/unary_reactor.h"

namespace govmetrics::services {

IndexServiceImpl::IndexServiceImpl() {
  SetMessageAllocatorFor_ComputeIndex(&compute_index_messages_);
  SetMessageAllocatorFor_ComputeCouplingCoordination(&compute_coupling_coordination_messages_);
  SetMessageAllocatorFor_AnalyzeDisparity(&analyze_disparity_messages_);
}

grpc::ServerUnaryReactor* IndexServiceImpl::ComputeIndex(
    grpc::CallbackServerContext* context, const index::v1::ComputeIndexRequest* request,
    index::v1::ComputeIndexResponse* response) {
  return rpc::ServeUnary(context, "ComputeIndex", [=](rpc::RpcStats* stats) {
    stats->rows = request->panel().entity_size();
    auto result = contracts::ComputeIndex(*request);
    if (!result.ok()) return result.status();
    response->Swap(&*result);
    stats->input_fingerprint = response->provenance().input_fingerprint();
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IndexServiceImpl::ComputeCouplingCoordination(
    grpc::CallbackServerContext* context,
    const index::v1::ComputeCouplingCoordinationRequest* request,
    index::v1::ComputeCouplingCoordinationResponse* response) {
  return rpc::ServeUnary(context, "ComputeCouplingCoordination", [=](rpc::RpcStats* stats) {
    stats->rows = request->panel().entity_size();
    auto result = contracts::ComputeCouplingCoordination(*request);
    if (!result.ok()) return result.status();
    response->Swap(&*result);
    stats->input_fingerprint = response->provenance().input_fingerprint();
    return absl::OkStatus();
  });
}

grpc::ServerUnaryReactor* IndexServiceImpl::AnalyzeDisparity(
    grpc::CallbackServerContext* context, const index::v1::AnalyzeDisparityRequest* request,
    index::v1::AnalyzeDisparityResponse* response) {
  return rpc::ServeUnary(context, "AnalyzeDisparity", [=](rpc::RpcStats* stats) {
    stats->rows = request->panel().entity_size();
    const auto stop = rpc::StopPredicate(context);
    auto result = contracts::AnalyzeDisparity(*request, &stop);
    if (!result.ok()) return result.status();
    response->Swap(&*result);
    stats->input_fingerprint = response->provenance().input_fingerprint();
    return absl::OkStatus();
  });
}

}  // namespace govmetrics::services
