#include "services/reporting/downstream.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/rpc/status_mapping.h"

namespace govmetrics::reporting {
namespace {

// Used when the caller set no deadline: a study must still end.
constexpr auto kDefaultCallTimeout = std::chrono::minutes(10);

std::unique_ptr<grpc::ClientContext> ChildContext(grpc::ServerContext* parent) {
  std::unique_ptr<grpc::ClientContext> context;
  if (parent != nullptr) {
    // Propagates the deadline and cancellation of the caller's RPC.
    context = grpc::ClientContext::FromServerContext(*parent);
    const auto& metadata = parent->client_metadata();
    auto it = metadata.find("x-request-id");
    if (it != metadata.end()) {
      context->AddMetadata("x-request-id", std::string(it->second.data(), it->second.size()));
    }
  } else {
    context = std::make_unique<grpc::ClientContext>();
  }
  const auto cap = std::chrono::system_clock::now() + kDefaultCallTimeout;
  if (context->deadline() > cap) context->set_deadline(cap);
  return context;
}

absl::Status Describe(const grpc::Status& status, const char* dependency, const std::string& target,
                      const char* method) {
  absl::Status out = rpc::FromGrpcStatus(status);
  std::string message;
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE) {
    message = absl::StrFormat("%s service (%s) unavailable during %s: %s", dependency, target,
                              method, status.error_message());
  } else {
    message = absl::StrFormat("%s service %s failed: %s", dependency, method, status.error_message());
  }
  absl::Status renamed(out.code(), message);
  out.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    renamed.SetPayload(url, payload);
  });
  return renamed;
}

template <typename Response, typename Call>
absl::StatusOr<Response> Invoke(grpc::ServerContext* parent, const char* dependency,
                                const std::string& target, const char* method, Call call) {
  auto context = ChildContext(parent);
  Response response;
  grpc::Status status = call(context.get(), &response);
  if (!status.ok()) return Describe(status, dependency, target, method);
  return response;
}

}  // namespace

Downstream::Downstream(std::string index_target, std::string modeling_target)
    : index_target_(std::move(index_target)),
      modeling_target_(std::move(modeling_target)),
      index_(index::v1::IndexService::NewStub(
          MakeServiceChannel(index_target_, "govmetrics.index.v1.IndexService"))),
      modeling_(modeling::v1::ModelingService::NewStub(
          MakeServiceChannel(modeling_target_, "govmetrics.modeling.v1.ModelingService"))) {}

absl::StatusOr<index::v1::ComputeIndexResponse> Downstream::ComputeIndex(
    grpc::ServerContext* parent, const index::v1::ComputeIndexRequest& request) const {
  return Invoke<index::v1::ComputeIndexResponse>(
      parent, "index", index_target_, "ComputeIndex",
      [&](grpc::ClientContext* c, auto* r) { return index_->ComputeIndex(c, request, r); });
}

absl::StatusOr<modeling::v1::FitPanelModelResponse> Downstream::FitPanelModel(
    grpc::ServerContext* parent, const modeling::v1::FitPanelModelRequest& request) const {
  return Invoke<modeling::v1::FitPanelModelResponse>(
      parent, "modeling", modeling_target_, "FitPanelModel",
      [&](grpc::ClientContext* c, auto* r) { return modeling_->FitPanelModel(c, request, r); });
}

absl::StatusOr<modeling::v1::AnalyzeMediationResponse> Downstream::AnalyzeMediation(
    grpc::ServerContext* parent, const modeling::v1::AnalyzeMediationRequest& request) const {
  return Invoke<modeling::v1::AnalyzeMediationResponse>(
      parent, "modeling", modeling_target_, "AnalyzeMediation",
      [&](grpc::ClientContext* c, auto* r) { return modeling_->AnalyzeMediation(c, request, r); });
}

absl::StatusOr<modeling::v1::CompareGroupsResponse> Downstream::CompareGroups(
    grpc::ServerContext* parent, const modeling::v1::CompareGroupsRequest& request) const {
  return Invoke<modeling::v1::CompareGroupsResponse>(
      parent, "modeling", modeling_target_, "CompareGroups",
      [&](grpc::ClientContext* c, auto* r) { return modeling_->CompareGroups(c, request, r); });
}

absl::StatusOr<modeling::v1::DescribeVariablesResponse> Downstream::DescribeVariables(
    grpc::ServerContext* parent, const modeling::v1::DescribeVariablesRequest& request) const {
  return Invoke<modeling::v1::DescribeVariablesResponse>(
      parent, "modeling", modeling_target_, "DescribeVariables",
      [&](grpc::ClientContext* c, auto* r) { return modeling_->DescribeVariables(c, request, r); });
}

absl::StatusOr<modeling::v1::HausmanTestResponse> Downstream::HausmanTest(
    grpc::ServerContext* parent, const modeling::v1::HausmanTestRequest& request) const {
  return Invoke<modeling::v1::HausmanTestResponse>(
      parent, "modeling", modeling_target_, "HausmanTest",
      [&](grpc::ClientContext* c, auto* r) { return modeling_->HausmanTest(c, request, r); });
}

absl::StatusOr<index::v1::ComputeCouplingCoordinationResponse> Downstream::ComputeCouplingCoordination(
    grpc::ServerContext* parent, const index::v1::ComputeCouplingCoordinationRequest& request) const {
  return Invoke<index::v1::ComputeCouplingCoordinationResponse>(
      parent, "index", index_target_, "ComputeCouplingCoordination",
      [&](grpc::ClientContext* c, auto* r) { return index_->ComputeCouplingCoordination(c, request, r); });
}

absl::StatusOr<index::v1::AnalyzeDisparityResponse> Downstream::AnalyzeDisparity(
    grpc::ServerContext* parent, const index::v1::AnalyzeDisparityRequest& request) const {
  return Invoke<index::v1::AnalyzeDisparityResponse>(
      parent, "index", index_target_, "AnalyzeDisparity",
      [&](grpc::ClientContext* c, auto* r) { return index_->AnalyzeDisparity(c, request, r); });
}

absl::StatusOr<modeling::v1::AnalyzeSpatialAutocorrelationResponse> Downstream::AnalyzeSpatialAutocorrelation(
    grpc::ServerContext* parent, const modeling::v1::AnalyzeSpatialAutocorrelationRequest& request) const {
  return Invoke<modeling::v1::AnalyzeSpatialAutocorrelationResponse>(
      parent, "modeling", modeling_target_, "AnalyzeSpatialAutocorrelation",
      [&](grpc::ClientContext* c, auto* r) { return modeling_->AnalyzeSpatialAutocorrelation(c, request, r); });
}

absl::StatusOr<modeling::v1::FitSpatialPanelResponse> Downstream::FitSpatialPanel(
    grpc::ServerContext* parent, const modeling::v1::FitSpatialPanelRequest& request) const {
  return Invoke<modeling::v1::FitSpatialPanelResponse>(
      parent, "modeling", modeling_target_, "FitSpatialPanel",
      [&](grpc::ClientContext* c, auto* r) { return modeling_->FitSpatialPanel(c, request, r); });
}

absl::StatusOr<modeling::v1::FitThresholdModelResponse> Downstream::FitThresholdModel(
    grpc::ServerContext* parent, const modeling::v1::FitThresholdModelRequest& request) const {
  return Invoke<modeling::v1::FitThresholdModelResponse>(
      parent, "modeling", modeling_target_, "FitThresholdModel",
      [&](grpc::ClientContext* c, auto* r) { return modeling_->FitThresholdModel(c, request, r); });
}

absl::StatusOr<modeling::v1::FitDynamicPanelResponse> Downstream::FitDynamicPanel(
    grpc::ServerContext* parent, const modeling::v1::FitDynamicPanelRequest& request) const {
  return Invoke<modeling::v1::FitDynamicPanelResponse>(
      parent, "modeling", modeling_target_, "FitDynamicPanel",
      [&](grpc::ClientContext* c, auto* r) { return modeling_->FitDynamicPanel(c, request, r); });
}

}  // namespace govmetrics::reporting
