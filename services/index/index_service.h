#ifndef GOVMETRICS_SERVICES_INDEX_INDEX_SERVICE_H_
#define GOVMETRICS_SERVICES_INDEX_INDEX_SERVICE_H_

// IndexService adapter: validation and conversion live in common/contracts, the numerics
// in common/stats; this file only wires RPCs to them through common/rpc's ServeUnary
// (callback API; where each call runs: common/rpc/unary_reactor.h).

#include "common/rpc/arena_messages.h"
#include "common/workspace_client/dataset_reader.h"
#include "govmetrics/index/v1/index_service.grpc.pb.h"

namespace govmetrics::services {

class IndexServiceImpl final : public index::v1::IndexService::CallbackService {
 public:
  // Installs an arena allocator for every method (arena_messages.h). `datasets` reads
  // the datasets requests name instead of an inline panel (null: such requests are
  // refused); it must outlive the service.
  explicit IndexServiceImpl(const workspace_client::DatasetReader* datasets = nullptr);
  grpc::ServerUnaryReactor* ComputeIndex(grpc::CallbackServerContext* context,
                                         const index::v1::ComputeIndexRequest* request,
                                         index::v1::ComputeIndexResponse* response) override;
  grpc::ServerUnaryReactor* ComputeCouplingCoordination(
      grpc::CallbackServerContext* context,
      const index::v1::ComputeCouplingCoordinationRequest* request,
      index::v1::ComputeCouplingCoordinationResponse* response) override;
  grpc::ServerUnaryReactor* AnalyzeDisparity(grpc::CallbackServerContext* context,
                                             const index::v1::AnalyzeDisparityRequest* request,
                                             index::v1::AnalyzeDisparityResponse* response) override;

 private:
  const workspace_client::DatasetReader* datasets_;
  rpc::ArenaMessageAllocator<index::v1::ComputeIndexRequest, index::v1::ComputeIndexResponse>
      compute_index_messages_;
  rpc::ArenaMessageAllocator<index::v1::ComputeCouplingCoordinationRequest,
                             index::v1::ComputeCouplingCoordinationResponse>
      compute_coupling_coordination_messages_;
  rpc::ArenaMessageAllocator<index::v1::AnalyzeDisparityRequest, index::v1::AnalyzeDisparityResponse>
      analyze_disparity_messages_;
};

inline constexpr char kIndexServiceName[] = "govmetrics.index.v1.IndexService";

}  // namespace govmetrics::services

#endif  // GOVMETRICS_SERVICES_INDEX_INDEX_SERVICE_H_
