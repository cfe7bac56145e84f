#ifndef GOVMETRICS_SERVICES_INDEX_INDEX_SERVICE_H_
#define GOVMETRICS_SERVICES_INDEX_INDEX_SERVICE_H_

// IndexService adapter: validation and conversion live in common/contracts, the numerics
// in common/stats; this file only wires RPCs to them through common/rpc's RunRpc.

#include "govmetrics/index/v1/index_service.grpc.pb.h"

namespace govmetrics::services {

class IndexServiceImpl final : public index::v1::IndexService::CallbackService {
 public:
  grpc::ServerUnaryReactor* ComputeIndex(grpc::CallbackServerContext* context,
                                         const index::v1::ComputeIndexRequest* request,
                                         index::v1::ComputeIndexResponse* response) override;
  grpc::ServerUnaryReactor* ComputeCouplingCoordination(
      grpc::CallbackServerContext* context,
      const index::v1::ComputeCouplingCoordinationRequest* request,
      index::v1::ComputeCouplingCoordinationResponse* response) override;
};

inline constexpr char kIndexServiceName[] = "govmetrics.index.v1.IndexService";

}  // namespace govmetrics::services

#endif  // GOVMETRICS_SERVICES_INDEX_INDEX_SERVICE_H_
