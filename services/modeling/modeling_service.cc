#include "services/modeling/modeling_service.h"

#include "common/contracts/censored_request.h"
#include "common/contracts/describe_request.h"
#include "common/contracts/dynamic_panel_request.h"
#include "common/contracts/fit_request.h"
#include "common/contracts/group_request.h"
#include "common/contracts/mediation_request.h"
#include "common/contracts/spatial_panel_request.h"
#include "common/contracts/spatial_request.h"
#include "common/contracts/threshold_request.h"
#include "common/rpc/unary_reactor.h"
#include "common/workspace_client/serve_panel_rpc.h"

namespace govmetrics::services {

ModelingServiceImpl::ModelingServiceImpl(const workspace_client::DatasetReader* datasets)
    : datasets_(datasets) {
  SetMessageAllocatorFor_FitPanelModel(&fit_panel_model_messages_);
  SetMessageAllocatorFor_HausmanTest(&hausman_test_messages_);
  SetMessageAllocatorFor_AnalyzeMediation(&analyze_mediation_messages_);
  SetMessageAllocatorFor_CompareGroups(&compare_groups_messages_);
  SetMessageAllocatorFor_DescribeVariables(&describe_variables_messages_);
  SetMessageAllocatorFor_AnalyzeSpatialAutocorrelation(&analyze_spatial_autocorrelation_messages_);
  SetMessageAllocatorFor_FitSpatialPanel(&fit_spatial_panel_messages_);
  SetMessageAllocatorFor_FitDynamicPanel(&fit_dynamic_panel_messages_);
  SetMessageAllocatorFor_FitThresholdModel(&fit_threshold_model_messages_);
  SetMessageAllocatorFor_FitCensoredModel(&fit_censored_model_messages_);
}

grpc::ServerUnaryReactor* ModelingServiceImpl::FitPanelModel(
    grpc::CallbackServerContext* context, const modeling::v1::FitPanelModelRequest* request,
    modeling::v1::FitPanelModelResponse* response) {
  return workspace_client::ServeColumnarPanelRpc(
      context, "FitPanelModel", request, response, datasets_,
      request->dataset().empty() ? std::vector<std::string>() : contracts::EngineColumnOrder(*request),
      [context](const auto& r) {
        const auto stop = rpc::StopPredicate(context);
        return contracts::FitPanelModel(r, &stop);
      },
      [context](const auto& r, const contracts::ColumnarPanel& columns, std::string fingerprint,
                contracts::ColumnarPanel* consumable) {
        const auto stop = rpc::StopPredicate(context);
        return contracts::FitPanelModel(r, columns, std::move(fingerprint), &stop, consumable);
      });
}

grpc::ServerUnaryReactor* ModelingServiceImpl::HausmanTest(
    grpc::CallbackServerContext* context, const modeling::v1::HausmanTestRequest* request,
    modeling::v1::HausmanTestResponse* response) {
  return workspace_client::ServePanelRpc(
      context, "HausmanTest", request, response, datasets_, [context](const auto& r) {
        const auto stop = rpc::StopPredicate(context);
        return contracts::HausmanTest(r, &stop);
      });
}

grpc::ServerUnaryReactor* ModelingServiceImpl::AnalyzeMediation(
    grpc::CallbackServerContext* context, const modeling::v1::AnalyzeMediationRequest* request,
    modeling::v1::AnalyzeMediationResponse* response) {
  return workspace_client::ServePanelRpc(
      context, "AnalyzeMediation", request, response, datasets_, [context](const auto& r) {
        const auto stop = rpc::StopPredicate(context);
        return contracts::AnalyzeMediation(r, &stop);
      });
}

grpc::ServerUnaryReactor* ModelingServiceImpl::CompareGroups(
    grpc::CallbackServerContext* context, const modeling::v1::CompareGroupsRequest* request,
    modeling::v1::CompareGroupsResponse* response) {
  return workspace_client::ServePanelRpc(
      context, "CompareGroups", request, response, datasets_, [context](const auto& r) {
        const auto stop = rpc::StopPredicate(context);
        return contracts::CompareGroups(r, &stop);
      });
}

grpc::ServerUnaryReactor* ModelingServiceImpl::DescribeVariables(
    grpc::CallbackServerContext* context, const modeling::v1::DescribeVariablesRequest* request,
    modeling::v1::DescribeVariablesResponse* response) {
  return workspace_client::ServePanelRpc(context, "DescribeVariables", request, response, datasets_,
                                         [](const auto& r) { return contracts::DescribeVariables(r); });
}

grpc::ServerUnaryReactor* ModelingServiceImpl::AnalyzeSpatialAutocorrelation(
    grpc::CallbackServerContext* context,
    const modeling::v1::AnalyzeSpatialAutocorrelationRequest* request,
    modeling::v1::AnalyzeSpatialAutocorrelationResponse* response) {
  return workspace_client::ServePanelRpc(
      context, "AnalyzeSpatialAutocorrelation", request, response, datasets_, [context](const auto& r) {
        const auto stop = rpc::StopPredicate(context);
        return contracts::AnalyzeSpatialAutocorrelation(r, &stop);
      });
}

grpc::ServerUnaryReactor* ModelingServiceImpl::FitSpatialPanel(grpc::CallbackServerContext* context,
                                                                const modeling::v1::FitSpatialPanelRequest* request,
                                                                modeling::v1::FitSpatialPanelResponse* response) {
  return workspace_client::ServePanelRpc(
      context, "FitSpatialPanel", request, response, datasets_, [context](const auto& r) {
        const auto stop = rpc::StopPredicate(context);
        return contracts::FitSpatialPanel(r, &stop);
      });
}

grpc::ServerUnaryReactor* ModelingServiceImpl::FitDynamicPanel(
    grpc::CallbackServerContext* context, const modeling::v1::FitDynamicPanelRequest* request,
    modeling::v1::FitDynamicPanelResponse* response) {
  return workspace_client::ServePanelRpc(context, "FitDynamicPanel", request, response, datasets_,
                                         [](const auto& r) { return contracts::FitDynamicPanel(r); });
}

grpc::ServerUnaryReactor* ModelingServiceImpl::FitThresholdModel(
    grpc::CallbackServerContext* context, const modeling::v1::FitThresholdModelRequest* request,
    modeling::v1::FitThresholdModelResponse* response) {
  return workspace_client::ServePanelRpc(
      context, "FitThresholdModel", request, response, datasets_, [context](const auto& r) {
        const auto stop = rpc::StopPredicate(context);
        return contracts::FitThresholdModel(r, &stop);
      });
}

grpc::ServerUnaryReactor* ModelingServiceImpl::FitCensoredModel(
    grpc::CallbackServerContext* context, const modeling::v1::FitCensoredModelRequest* request,
    modeling::v1::FitCensoredModelResponse* response) {
  return workspace_client::ServePanelRpc(
      context, "FitCensoredModel", request, response, datasets_, [context](const auto& r) {
        const auto stop = rpc::StopPredicate(context);
        return contracts::FitCensoredModel(r, &stop);
      });
}

}  // namespace govmetrics::services
