#ifndef GOVMETRICS_SERVICES_REPORTING_DOWNSTREAM_H_
#define GOVMETRICS_SERVICES_REPORTING_DOWNSTREAM_H_

// The reporting service's calls to IndexService and ModelingService.
// - Channels retry UNAVAILABLE only (gRPC service config), and balance round_robin over
//   every address a dns:/// name resolves to (a Kubernetes headless Service).
// - Every call's context is derived from the caller's ServerContext, so the caller's
//   deadline and cancellation reach the downstream call.
// - A failure names the dependency: "index service (dns:///...:50051) unavailable: ...".

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/rpc/service_channel.h"
#include "govmetrics/index/v1/index_service.grpc.pb.h"
#include "govmetrics/modeling/v1/modeling_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "services/reporting/service_calls.h"

namespace govmetrics::reporting {

class Downstream final : public ServiceCalls {
 public:
  Downstream(std::string index_target, std::string modeling_target);

  // `parent` may be null (no caller to inherit a deadline from; a default applies).
  absl::StatusOr<index::v1::ComputeIndexResponse> ComputeIndex(
      grpc::ServerContext* parent, const index::v1::ComputeIndexRequest& request) const override;
  absl::StatusOr<modeling::v1::FitPanelModelResponse> FitPanelModel(
      grpc::ServerContext* parent, const modeling::v1::FitPanelModelRequest& request) const override;
  absl::StatusOr<modeling::v1::AnalyzeMediationResponse> AnalyzeMediation(
      grpc::ServerContext* parent, const modeling::v1::AnalyzeMediationRequest& request) const override;
  absl::StatusOr<modeling::v1::CompareGroupsResponse> CompareGroups(
      grpc::ServerContext* parent, const modeling::v1::CompareGroupsRequest& request) const override;
  absl::StatusOr<modeling::v1::DescribeVariablesResponse> DescribeVariables(
      grpc::ServerContext* parent, const modeling::v1::DescribeVariablesRequest& request) const override;
  absl::StatusOr<modeling::v1::HausmanTestResponse> HausmanTest(
      grpc::ServerContext* parent, const modeling::v1::HausmanTestRequest& request) const override;
  absl::StatusOr<index::v1::ComputeCouplingCoordinationResponse> ComputeCouplingCoordination(
      grpc::ServerContext* parent, const index::v1::ComputeCouplingCoordinationRequest& request) const override;
  absl::StatusOr<index::v1::AnalyzeDisparityResponse> AnalyzeDisparity(
      grpc::ServerContext* parent, const index::v1::AnalyzeDisparityRequest& request) const override;
  absl::StatusOr<modeling::v1::AnalyzeSpatialAutocorrelationResponse> AnalyzeSpatialAutocorrelation(
      grpc::ServerContext* parent, const modeling::v1::AnalyzeSpatialAutocorrelationRequest& request) const override;
  absl::StatusOr<modeling::v1::FitSpatialPanelResponse> FitSpatialPanel(
      grpc::ServerContext* parent, const modeling::v1::FitSpatialPanelRequest& request) const override;
  absl::StatusOr<modeling::v1::FitThresholdModelResponse> FitThresholdModel(
      grpc::ServerContext* parent, const modeling::v1::FitThresholdModelRequest& request) const override;
  absl::StatusOr<modeling::v1::FitDynamicPanelResponse> FitDynamicPanel(
      grpc::ServerContext* parent, const modeling::v1::FitDynamicPanelRequest& request) const override;

  std::string index_target() const override { return index_target_; }
  std::string modeling_target() const override { return modeling_target_; }

 private:
  std::string index_target_;
  std::string modeling_target_;
  std::unique_ptr<index::v1::IndexService::Stub> index_;
  std::unique_ptr<modeling::v1::ModelingService::Stub> modeling_;
};

// Channel to a govmetrics service with the retry / load-balancing service config.
using rpc::MakeServiceChannel;

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_DOWNSTREAM_H_
