#ifndef GOVMETRICS_SERVICES_MODELING_MODELING_SERVICE_H_
#define GOVMETRICS_SERVICES_MODELING_MODELING_SERVICE_H_

// ModelingService adapter: every RPC is validate -> stats -> map, via common/contracts.

#include "common/rpc/arena_messages.h"
#include "common/workspace_client/dataset_reader.h"
#include "govmetrics/modeling/v1/modeling_service.grpc.pb.h"

namespace govmetrics::services {

class ModelingServiceImpl final : public modeling::v1::ModelingService::CallbackService {
 public:
  // Installs an arena allocator for every method (arena_messages.h). `datasets` reads
  // the datasets requests name instead of an inline panel (null: such requests are
  // refused); it must outlive the service.
  explicit ModelingServiceImpl(const workspace_client::DatasetReader* datasets = nullptr);
  grpc::ServerUnaryReactor* FitPanelModel(grpc::CallbackServerContext* context,
                                          const modeling::v1::FitPanelModelRequest* request,
                                          modeling::v1::FitPanelModelResponse* response) override;
  grpc::ServerUnaryReactor* HausmanTest(grpc::CallbackServerContext* context,
                                        const modeling::v1::HausmanTestRequest* request,
                                        modeling::v1::HausmanTestResponse* response) override;
  grpc::ServerUnaryReactor* AnalyzeMediation(
      grpc::CallbackServerContext* context, const modeling::v1::AnalyzeMediationRequest* request,
      modeling::v1::AnalyzeMediationResponse* response) override;
  grpc::ServerUnaryReactor* CompareGroups(grpc::CallbackServerContext* context,
                                          const modeling::v1::CompareGroupsRequest* request,
                                          modeling::v1::CompareGroupsResponse* response) override;
  grpc::ServerUnaryReactor* DescribeVariables(
      grpc::CallbackServerContext* context, const modeling::v1::DescribeVariablesRequest* request,
      modeling::v1::DescribeVariablesResponse* response) override;
  grpc::ServerUnaryReactor* AnalyzeSpatialAutocorrelation(
      grpc::CallbackServerContext* context,
      const modeling::v1::AnalyzeSpatialAutocorrelationRequest* request,
      modeling::v1::AnalyzeSpatialAutocorrelationResponse* response) override;
  grpc::ServerUnaryReactor* FitSpatialPanel(grpc::CallbackServerContext* context,
                                            const modeling::v1::FitSpatialPanelRequest* request,
                                            modeling::v1::FitSpatialPanelResponse* response) override;
  grpc::ServerUnaryReactor* FitDynamicPanel(grpc::CallbackServerContext* context,
                                            const modeling::v1::FitDynamicPanelRequest* request,
                                            modeling::v1::FitDynamicPanelResponse* response) override;
  grpc::ServerUnaryReactor* FitThresholdModel(
      grpc::CallbackServerContext* context, const modeling::v1::FitThresholdModelRequest* request,
      modeling::v1::FitThresholdModelResponse* response) override;
  grpc::ServerUnaryReactor* FitCensoredModel(
      grpc::CallbackServerContext* context, const modeling::v1::FitCensoredModelRequest* request,
      modeling::v1::FitCensoredModelResponse* response) override;

 private:
  const workspace_client::DatasetReader* datasets_;
  rpc::ArenaMessageAllocator<modeling::v1::FitPanelModelRequest,
                             modeling::v1::FitPanelModelResponse>
      fit_panel_model_messages_;
  rpc::ArenaMessageAllocator<modeling::v1::HausmanTestRequest, modeling::v1::HausmanTestResponse>
      hausman_test_messages_;
  rpc::ArenaMessageAllocator<modeling::v1::AnalyzeMediationRequest,
                             modeling::v1::AnalyzeMediationResponse>
      analyze_mediation_messages_;
  rpc::ArenaMessageAllocator<modeling::v1::CompareGroupsRequest,
                             modeling::v1::CompareGroupsResponse>
      compare_groups_messages_;
  rpc::ArenaMessageAllocator<modeling::v1::DescribeVariablesRequest,
                             modeling::v1::DescribeVariablesResponse>
      describe_variables_messages_;
  rpc::ArenaMessageAllocator<modeling::v1::AnalyzeSpatialAutocorrelationRequest,
                             modeling::v1::AnalyzeSpatialAutocorrelationResponse>
      analyze_spatial_autocorrelation_messages_;
  rpc::ArenaMessageAllocator<modeling::v1::FitSpatialPanelRequest, modeling::v1::FitSpatialPanelResponse>
      fit_spatial_panel_messages_;
  rpc::ArenaMessageAllocator<modeling::v1::FitDynamicPanelRequest,
                             modeling::v1::FitDynamicPanelResponse>
      fit_dynamic_panel_messages_;
  rpc::ArenaMessageAllocator<modeling::v1::FitThresholdModelRequest,
                             modeling::v1::FitThresholdModelResponse>
      fit_threshold_model_messages_;
  rpc::ArenaMessageAllocator<modeling::v1::FitCensoredModelRequest,
                             modeling::v1::FitCensoredModelResponse>
      fit_censored_model_messages_;
};

inline constexpr char kModelingServiceName[] = "govmetrics.modeling.v1.ModelingService";

}  // namespace govmetrics::services

#endif  // GOVMETRICS_SERVICES_MODELING_MODELING_SERVICE_H_
