#ifndef GOVMETRICS_SERVICES_REPORTING_SERVICE_CALLS_H_
#define GOVMETRICS_SERVICES_REPORTING_SERVICE_CALLS_H_

// The calls a study makes to IndexService and ModelingService, as an interface: the
// pipeline runs against Downstream (gRPC clients) in the service and against other
// implementations in tests (the service code called in-process, or a fake that records
// when each call starts and ends). Implementations must be safe to call from several
// threads at once: the request runner issues independent requests concurrently.

#include <string>

#include "absl/status/statusor.h"
#include "govmetrics/index/v1/index_service.pb.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"
#include "grpcpp/server_context.h"

namespace govmetrics::reporting {

class ServiceCalls {
 public:
  virtual ~ServiceCalls() = default;

  // `parent` is the caller's RPC (deadline, cancellation); it may be null.
  virtual absl::StatusOr<index::v1::ComputeIndexResponse> ComputeIndex(
      grpc::ServerContext* parent, const index::v1::ComputeIndexRequest& request) const = 0;
  virtual absl::StatusOr<modeling::v1::FitPanelModelResponse> FitPanelModel(
      grpc::ServerContext* parent, const modeling::v1::FitPanelModelRequest& request) const = 0;
  virtual absl::StatusOr<modeling::v1::AnalyzeMediationResponse> AnalyzeMediation(
      grpc::ServerContext* parent, const modeling::v1::AnalyzeMediationRequest& request) const = 0;
  virtual absl::StatusOr<modeling::v1::CompareGroupsResponse> CompareGroups(
      grpc::ServerContext* parent, const modeling::v1::CompareGroupsRequest& request) const = 0;
  virtual absl::StatusOr<modeling::v1::DescribeVariablesResponse> DescribeVariables(
      grpc::ServerContext* parent, const modeling::v1::DescribeVariablesRequest& request) const = 0;
  virtual absl::StatusOr<modeling::v1::HausmanTestResponse> HausmanTest(
      grpc::ServerContext* parent, const modeling::v1::HausmanTestRequest& request) const = 0;
  virtual absl::StatusOr<index::v1::ComputeCouplingCoordinationResponse> ComputeCouplingCoordination(
      grpc::ServerContext* parent, const index::v1::ComputeCouplingCoordinationRequest& request) const = 0;
  // Issue 16's sections: disparity, spatial autocorrelation, spatial panel, threshold.
  virtual absl::StatusOr<index::v1::AnalyzeDisparityResponse> AnalyzeDisparity(
      grpc::ServerContext* parent, const index::v1::AnalyzeDisparityRequest& request) const = 0;
  virtual absl::StatusOr<modeling::v1::AnalyzeSpatialAutocorrelationResponse> AnalyzeSpatialAutocorrelation(
      grpc::ServerContext* parent, const modeling::v1::AnalyzeSpatialAutocorrelationRequest& request) const = 0;
  virtual absl::StatusOr<modeling::v1::FitSpatialPanelResponse> FitSpatialPanel(
      grpc::ServerContext* parent, const modeling::v1::FitSpatialPanelRequest& request) const = 0;
  virtual absl::StatusOr<modeling::v1::FitThresholdModelResponse> FitThresholdModel(
      grpc::ServerContext* parent, const modeling::v1::FitThresholdModelRequest& request) const = 0;
  // The robustness menu's dynamic-panel GMM column.
  virtual absl::StatusOr<modeling::v1::FitDynamicPanelResponse> FitDynamicPanel(
      grpc::ServerContext* parent, const modeling::v1::FitDynamicPanelRequest& request) const = 0;

  // Where the calls go, for the report's provenance ("in-process" for test doubles).
  virtual std::string index_target() const = 0;
  virtual std::string modeling_target() const = 0;
};

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_SERVICE_CALLS_H_
