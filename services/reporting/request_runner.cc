#include "services/reporting/request_runner.h"

#include <algorithm>
#include <atomic>
#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/reporting/request_order.h"

namespace govmetrics::reporting {
namespace {

namespace iv1 = govmetrics::index::v1;
namespace mv1 = govmetrics::modeling::v1;

// One request to the matching service call.
absl::StatusOr<ServiceResponse> Call(const ServiceCalls& services, grpc::ServerContext* parent,
                                     const ServiceRequest& request) {
  auto lift = [](auto result) -> absl::StatusOr<ServiceResponse> {
    if (!result.ok()) return result.status();
    return ServiceResponse(std::move(*result));
  };
  if (const auto* r = std::get_if<iv1::ComputeIndexRequest>(&request)) return lift(services.ComputeIndex(parent, *r));
  if (const auto* r = std::get_if<mv1::FitPanelModelRequest>(&request)) return lift(services.FitPanelModel(parent, *r));
  if (const auto* r = std::get_if<mv1::AnalyzeMediationRequest>(&request)) {
    return lift(services.AnalyzeMediation(parent, *r));
  }
  if (const auto* r = std::get_if<mv1::CompareGroupsRequest>(&request)) return lift(services.CompareGroups(parent, *r));
  if (const auto* r = std::get_if<mv1::HausmanTestRequest>(&request)) return lift(services.HausmanTest(parent, *r));
  if (const auto* r = std::get_if<iv1::ComputeCouplingCoordinationRequest>(&request)) {
    return lift(services.ComputeCouplingCoordination(parent, *r));
  }
  if (const auto* r = std::get_if<iv1::AnalyzeDisparityRequest>(&request)) {
    return lift(services.AnalyzeDisparity(parent, *r));
  }
  if (const auto* r = std::get_if<mv1::AnalyzeSpatialAutocorrelationRequest>(&request)) {
    return lift(services.AnalyzeSpatialAutocorrelation(parent, *r));
  }
  if (const auto* r = std::get_if<mv1::FitSpatialPanelRequest>(&request)) {
    return lift(services.FitSpatialPanel(parent, *r));
  }
  if (const auto* r = std::get_if<mv1::FitThresholdModelRequest>(&request)) {
    return lift(services.FitThresholdModel(parent, *r));
  }
  if (const auto* r = std::get_if<mv1::FitDynamicPanelRequest>(&request)) {
    return lift(services.FitDynamicPanel(parent, *r));
  }
  return lift(services.DescribeVariables(parent, std::get<mv1::DescribeVariablesRequest>(request)));
}

// The step's name in front of the message; the payloads (BadRequest, ...) stay.
absl::Status Attribute(const absl::Status& status, const std::string& step) {
  absl::Status named(status.code(), absl::StrCat(step, " step: ", status.message()));
  status.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) { named.SetPayload(url, payload); });
  return named;
}

}  // namespace

absl::Status RunRequests(const RequestPlan& plan, const ServiceCalls& services,
                         grpc::ServerContext* parent, ResponseSet& responses, int max_in_flight) {
  const auto& requests = plan.requests();
  std::vector<std::optional<absl::StatusOr<ServiceResponse>>> results(requests.size());
  const std::vector<size_t> order = LongestFirst(requests);
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  auto worker = [&] {
    for (size_t n = next++; n < order.size(); n = next++) {
      const size_t i = order[n];
      if (failed.load() || (parent != nullptr && parent->IsCancelled())) return;
      results[i] = Call(services, parent, requests[i].request);
      if (!results[i]->ok()) failed.store(true);
    }
  };
  const size_t threads = std::min<size_t>(std::max(max_in_flight, 1), requests.size());
  std::vector<std::thread> pool;
  for (size_t t = 1; t < threads; ++t) pool.emplace_back(worker);
  worker();  // this thread works too
  for (auto& thread : pool) thread.join();

  if (parent != nullptr && parent->IsCancelled()) return absl::CancelledError("study cancelled by the caller");
  for (size_t i = 0; i < requests.size(); ++i) {
    if (results[i].has_value() && !results[i]->ok()) return Attribute(results[i]->status(), requests[i].step);
  }
  for (size_t i = 0; i < requests.size(); ++i) {
    if (!results[i].has_value()) return absl::AbortedError(absl::StrCat(requests[i].key, " was not run"));
    responses.Put(requests[i].key, std::move(**results[i]));
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
