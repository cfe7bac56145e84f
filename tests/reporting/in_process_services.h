#ifndef GOVMETRICS_TESTS_REPORTING_IN_PROCESS_SERVICES_H_
#define GOVMETRICS_TESTS_REPORTING_IN_PROCESS_SERVICES_H_

// ServiceCalls answered by the services' own code (common/contracts), called in this
// process: the build tests record real responses at test time, without servers or
// sockets, and check each build function against them.

#include <fstream>
#include <sstream>
#include <string>

#include "tests/reference/reference_panel.h"
#include "common/contracts/describe_request.h"
#include "common/contracts/disparity_request.h"
#include "common/contracts/dynamic_panel_request.h"
#include "common/contracts/fit_request.h"
#include "common/contracts/group_request.h"
#include "common/contracts/index_request.h"
#include "common/contracts/mediation_request.h"
#include "common/contracts/spatial_panel_request.h"
#include "common/contracts/spatial_request.h"
#include "common/contracts/threshold_request.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/reporting/service_calls.h"
#include "services/reporting/study_pipeline.h"

namespace govmetrics::reporting::testing {

class InProcessServices final : public ServiceCalls {
 public:
  absl::StatusOr<index::v1::ComputeIndexResponse> ComputeIndex(
      grpc::ServerContext*, const index::v1::ComputeIndexRequest& request) const override {
    return contracts::ComputeIndex(request);
  }
  absl::StatusOr<modeling::v1::FitPanelModelResponse> FitPanelModel(
      grpc::ServerContext*, const modeling::v1::FitPanelModelRequest& request) const override {
    return contracts::FitPanelModel(request, nullptr);
  }
  absl::StatusOr<modeling::v1::AnalyzeMediationResponse> AnalyzeMediation(
      grpc::ServerContext*, const modeling::v1::AnalyzeMediationRequest& request) const override {
    return contracts::AnalyzeMediation(request, nullptr);
  }
  absl::StatusOr<modeling::v1::CompareGroupsResponse> CompareGroups(
      grpc::ServerContext*, const modeling::v1::CompareGroupsRequest& request) const override {
    return contracts::CompareGroups(request, nullptr);
  }
  absl::StatusOr<modeling::v1::DescribeVariablesResponse> DescribeVariables(
      grpc::ServerContext*, const modeling::v1::DescribeVariablesRequest& request) const override {
    return contracts::DescribeVariables(request);
  }
  absl::StatusOr<modeling::v1::HausmanTestResponse> HausmanTest(
      grpc::ServerContext*, const modeling::v1::HausmanTestRequest& request) const override {
    return contracts::HausmanTest(request, nullptr);
  }
  absl::StatusOr<index::v1::ComputeCouplingCoordinationResponse> ComputeCouplingCoordination(
      grpc::ServerContext*, const index::v1::ComputeCouplingCoordinationRequest& request) const override {
    return contracts::ComputeCouplingCoordination(request);
}

  absl::StatusOr<index::v1::AnalyzeDisparityResponse> AnalyzeDisparity(
      grpc::ServerContext*, const index::v1::AnalyzeDisparityRequest& request) const override {
    return contracts::AnalyzeDisparity(request, nullptr);
  }
  absl::StatusOr<modeling::v1::AnalyzeSpatialAutocorrelationResponse> AnalyzeSpatialAutocorrelation(
      grpc::ServerContext*, const modeling::v1::AnalyzeSpatialAutocorrelationRequest& request) const override {
    return contracts::AnalyzeSpatialAutocorrelation(request, nullptr);
  }
  absl::StatusOr<modeling::v1::FitSpatialPanelResponse> FitSpatialPanel(
      grpc::ServerContext*, const modeling::v1::FitSpatialPanelRequest& request) const override {
    return contracts::FitSpatialPanel(request, nullptr);
  }
  absl::StatusOr<modeling::v1::FitThresholdModelResponse> FitThresholdModel(
      grpc::ServerContext*, const modeling::v1::FitThresholdModelRequest& request) const override {
    return contracts::FitThresholdModel(request, nullptr);
  }
  absl::StatusOr<modeling::v1::FitDynamicPanelResponse> FitDynamicPanel(
      grpc::ServerContext*, const modeling::v1::FitDynamicPanelRequest& request) const override {
    return contracts::FitDynamicPanel(request);
  }
  std::string index_target() const override { return "in-process"; }
  std::string modeling_target() const override { return "in-process"; }
};

inline std::string ReadText(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A committed panel (CSV) and study spec (protobuf JSON), paths under the source tree.
inline absl::StatusOr<common::v1::Panel> LoadPanel(const std::string& csv, const std::string& entity = "entity",
                                                   const std::string& period = "year") {
  return govmetrics::ReadReferencePanel(csv, entity, period);
}

inline absl::StatusOr<v1::StudySpec> LoadSpec(const std::string& json) {
  v1::StudySpec spec;
  auto status = google::protobuf::util::JsonStringToMessage(
      ReadText(std::string(GOVMETRICS_SOURCE_DIR) + "/" + json), &spec);
  if (!status.ok()) return absl::InvalidArgumentError(std::string(status.message()));
  return spec;
}

// A study planned by the pipeline and answered in-process: what the build tests read.
struct RecordedStudy {
  v1::StudySpec spec;
  StudyDesign design;
  ResponseSet responses;
};

// Records `spec` (at `spec_json`, with `edit` applied: fewer draws, another language) on
// the panel at `csv`, with fewer bootstrap draws, permutations and effect draws (the point
// estimates do not depend on them).
template <typename Edit>
RecordedStudy* RecordStudy(const std::string& csv, const std::string& spec_json, Edit edit) {
  auto* study = new RecordedStudy;
  auto panel = LoadPanel(csv);
  auto spec = LoadSpec(spec_json);
  EXPECT_TRUE(panel.ok() && spec.ok());
  study->spec = *spec;
  study->spec.mutable_bootstrap()->set_replications(99);
  study->spec.set_permutations(99);
  study->spec.set_wild_bootstrap_replications(99);
  if (study->spec.has_threshold()) study->spec.mutable_threshold()->set_bootstrap_replications(99);
  if (study->spec.has_spatial()) study->spec.mutable_spatial()->set_effect_draws(199);
  edit(study->spec);
  auto design = DesignStudy(*panel, study->spec);
  EXPECT_TRUE(design.ok()) << design.status();
  study->design = std::move(*design);
  InProcessServices services;
  const absl::Status status = RunStudyRequests(study->design, services, nullptr, study->responses);
  EXPECT_TRUE(status.ok()) << status;
  return study;
}

}  // namespace govmetrics::reporting::testing

#endif  // GOVMETRICS_TESTS_REPORTING_IN_PROCESS_SERVICES_H_
