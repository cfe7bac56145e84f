#ifndef GOVMETRICS_SERVICES_REPORTING_STUDY_PIPELINE_H_
#define GOVMETRICS_SERVICES_REPORTING_STUDY_PIPELINE_H_

// Runs a whole study: plan -> run -> build -> render. The spec is resolved into a
// StudyDesign; every step plans its requests (study_steps.h); the runner answers them
// concurrently in two rounds (the index columns, then the models on the panel holding
// them); each step's build function turns its responses into its part of the report, in
// step order; the report is rendered into the documents asked for. Any failed request
// fails the study (never a partial report); a dependency that is down gives UNAVAILABLE
// naming it.

#include <functional>

#include "absl/status/statusor.h"
#include "govmetrics/reporting/v1/reporting_service.pb.h"
#include "grpcpp/server_context.h"
#include "services/reporting/request_plan.h"
#include "services/reporting/service_calls.h"
#include "services/reporting/study_design.h"

namespace govmetrics::reporting {

// Called after each finished step.
using ProgressCallback = std::function<void(const reporting::v1::Progress&)>;

// Plan and run: the index columns (added to design.panel), then every step's requests.
absl::Status RunStudyRequests(StudyDesign& design, const ServiceCalls& services, grpc::ServerContext* parent,
                              ResponseSet& responses);
// Build: every step's fragment from `responses`, appended to `report` in step order.
absl::Status BuildStudyReport(const StudyDesign& design, const ResponseSet& responses,
                              const ProgressCallback& progress, reporting::v1::Report& report);

// Checks the panel and the spec (every problem at once: spec_validation.h) and plans the
// study without running it: the number of distinct requests and the steps that send them.
absl::StatusOr<reporting::v1::ValidateStudyResponse> ValidateStudy(const common::v1::Panel& panel,
                                                                   const reporting::v1::StudySpec& spec);

absl::StatusOr<reporting::v1::RunStudyResponse> RunStudy(
    const common::v1::Panel& panel, const reporting::v1::StudySpec& spec,
    const ServiceCalls& services, grpc::ServerContext* parent, const ProgressCallback& progress);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_STUDY_PIPELINE_H_
