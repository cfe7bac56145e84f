#ifndef GOVMETRICS_SERVICES_REPORTING_STUDY_PIPELINE_H_
#define GOVMETRICS_SERVICES_REPORTING_STUDY_PIPELINE_H_

// Runs a whole study: indices -> descriptives -> baseline -> robustness -> mechanism ->
// heterogeneity -> rendered documents. Any failed step fails the study (never a partial
// report); a dependency that is down gives UNAVAILABLE naming it.

#include <functional>

#include "absl/status/statusor.h"
#include "govmetrics/reporting/v1/reporting_service.pb.h"
#include "grpcpp/server_context.h"
#include "services/reporting/downstream.h"

namespace govmetrics::reporting {

// Called after each finished step.
using ProgressCallback = std::function<void(const reporting::v1::Progress&)>;

absl::StatusOr<reporting::v1::RunStudyResponse> RunStudy(
    const common::v1::Panel& panel, const reporting::v1::StudySpec& spec,
    const Downstream& downstream, grpc::ServerContext* parent, const ProgressCallback& progress);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_STUDY_PIPELINE_H_
