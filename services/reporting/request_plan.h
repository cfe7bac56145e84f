#ifndef GOVMETRICS_SERVICES_REPORTING_REQUEST_PLAN_H_
#define GOVMETRICS_SERVICES_REPORTING_REQUEST_PLAN_H_

// What a study asks the other services, before anything runs: each step adds its
// requests under names ("fit/baseline/full") to a RequestPlan; the runner
// (request_runner.h) answers them into a ResponseSet; each step's build function then
// reads its answers by the same names. A name planned twice (the baseline fit that the
// baseline and robustness steps both need) is computed once.

#include <map>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "govmetrics/index/v1/index_service.pb.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"

namespace govmetrics::reporting {

using ServiceRequest =
    std::variant<index::v1::ComputeIndexRequest, modeling::v1::FitPanelModelRequest,
                 modeling::v1::AnalyzeMediationRequest, modeling::v1::CompareGroupsRequest,
                 modeling::v1::DescribeVariablesRequest, modeling::v1::HausmanTestRequest,
                 index::v1::ComputeCouplingCoordinationRequest, index::v1::AnalyzeDisparityRequest,
                 modeling::v1::AnalyzeSpatialAutocorrelationRequest, modeling::v1::FitSpatialPanelRequest,
                 modeling::v1::FitThresholdModelRequest, modeling::v1::FitDynamicPanelRequest>;
using ServiceResponse =
    std::variant<index::v1::ComputeIndexResponse, modeling::v1::FitPanelModelResponse,
                 modeling::v1::AnalyzeMediationResponse, modeling::v1::CompareGroupsResponse,
                 modeling::v1::DescribeVariablesResponse, modeling::v1::HausmanTestResponse,
                 index::v1::ComputeCouplingCoordinationResponse, index::v1::AnalyzeDisparityResponse,
                 modeling::v1::AnalyzeSpatialAutocorrelationResponse, modeling::v1::FitSpatialPanelResponse,
                 modeling::v1::FitThresholdModelResponse, modeling::v1::FitDynamicPanelResponse>;

struct PlannedRequest {
  std::string key;
  std::string step;  // the step that first asked; names it in errors
  ServiceRequest request;
};

class RequestPlan {
 public:
  // Requests added from now on belong to `step` (for error messages).
  void BeginStep(std::string step) { step_ = std::move(step); }
  // Adds `request` under `key`; a key already planned keeps its first request.
  void Add(const std::string& key, ServiceRequest request);
  bool Contains(const std::string& key) const { return index_.count(key) > 0; }
  const std::vector<PlannedRequest>& requests() const { return requests_; }

 private:
  std::string step_;
  std::vector<PlannedRequest> requests_;
  std::map<std::string, size_t> index_;
};

// The answers, by request name. Read-only for the build functions.
class ResponseSet {
 public:
  void Put(const std::string& key, ServiceResponse response) { responses_[key] = std::move(response); }
  bool Contains(const std::string& key) const { return responses_.count(key) > 0; }

  // The response of type T under `key`; INTERNAL when the plan never asked for it
  // (a build function reading a name its plan did not add is a programming error).
  template <typename T>
  absl::StatusOr<const T*> Get(const std::string& key) const {
    auto it = responses_.find(key);
    if (it == responses_.end() || !std::holds_alternative<T>(it->second)) {
      return absl::InternalError(absl::StrCat("no response '", key, "' of the expected type"));
    }
    return &std::get<T>(it->second);
  }
  const std::map<std::string, ServiceResponse>& all() const { return responses_; }

 private:
  std::map<std::string, ServiceResponse> responses_;
};

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_REQUEST_PLAN_H_
