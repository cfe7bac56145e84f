#include "services/reporting/reporting_service.h"

#include "common/rpc/rpc_call.h"
#include "common/workspace_client/dataset_field_paths.h"
#include "common/workspace_client/panel_source.h"
#include "services/reporting/study_pipeline.h"

namespace govmetrics::services {
namespace {

// A refusal in the caller's terms: by reference, paths name the dataset's rows and
// columns, not the panel the caller never sent (dataset_field_paths.h).
template <typename Request>
absl::Status StatusOfRequest(const Request& request, absl::Status status,
                             const common::v1::Panel& panel) {
  if (request.dataset().empty()) return status;
  return workspace_client::InDatasetTerms(std::move(status), workspace_client::NamesOf(panel));
}

}  // namespace

grpc::Status ReportingServiceImpl::RunStudy(grpc::ServerContext* context,
                                            const reporting::v1::RunStudyRequest* request,
                                            reporting::v1::RunStudyResponse* response) {
  return rpc::RunRpc(context, "RunStudy", [&](rpc::RpcStats* stats) {
    // A dataset is read once, whole (every step sends the whole panel downstream, so
    // every step's provenance fingerprint is the dataset's).
    auto panel = workspace_client::WholePanelOf(*context, *request, datasets_);
    if (!panel.ok()) return panel.status();
    stats->rows = panel->panel->entity_size();
    auto result = govmetrics::reporting::RunStudy(*panel->panel, request->spec(), downstream_,
                                                  context, nullptr);
    if (!result.ok()) return StatusOfRequest(*request, result.status(), *panel->panel);
    response->Swap(&*result);
    stats->input_fingerprint = response->provenance().input_fingerprint();
    return absl::OkStatus();
  });
}

grpc::Status ReportingServiceImpl::StreamStudy(
    grpc::ServerContext* context, const reporting::v1::StreamStudyRequest* request,
    grpc::ServerWriter<reporting::v1::StreamStudyResponse>* writer) {
  return rpc::RunRpc(context, "StreamStudy", [&](rpc::RpcStats* stats) {
    auto panel = workspace_client::WholePanelOf(*context, *request, datasets_);
    if (!panel.ok()) return panel.status();
    stats->rows = panel->panel->entity_size();
    auto result = govmetrics::reporting::RunStudy(
        *panel->panel, request->spec(), downstream_, context,
        [&](const reporting::v1::Progress& progress) {
          reporting::v1::StreamStudyResponse event;
          *event.mutable_progress() = progress;
          writer->Write(event);
        });
    if (!result.ok()) return StatusOfRequest(*request, result.status(), *panel->panel);
    reporting::v1::StreamStudyResponse last;
    last.mutable_result()->Swap(&*result);
    stats->input_fingerprint = last.result().provenance().input_fingerprint();
    if (!writer->Write(last)) return absl::CancelledError("client went away before the result");
    return absl::OkStatus();
  });
}

grpc::Status ReportingServiceImpl::ValidateStudy(grpc::ServerContext* context,
                                                 const reporting::v1::ValidateStudyRequest* request,
                                                 reporting::v1::ValidateStudyResponse* response) {
  return rpc::RunRpc(context, "ValidateStudy", [&](rpc::RpcStats* stats) {
    auto panel = workspace_client::WholePanelOf(*context, *request, datasets_);
    if (!panel.ok()) return panel.status();
    stats->rows = panel->panel->entity_size();
    auto result = govmetrics::reporting::ValidateStudy(*panel->panel, request->spec());
    if (!result.ok()) return StatusOfRequest(*request, result.status(), *panel->panel);
    response->Swap(&*result);
    return absl::OkStatus();
  });
}

}  // namespace govmetrics::services
