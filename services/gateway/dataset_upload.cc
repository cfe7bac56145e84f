#include "services/gateway/dataset_upload.h"

#include "common/files/panel_rows.h"

namespace govmetrics::gateway {
namespace {

std::string Param(const httplib::Request& request, const char* name, const std::string& fallback) {
  return request.has_param(name) ? request.get_param_value(name) : fallback;
}

}  // namespace

UploadParams UploadParamsOf(const httplib::Request& request) {
  UploadParams params;
  params.file_name = Param(request, "fileName", "upload.csv");
  params.display_name = Param(request, "displayName", params.file_name);
  params.options.entity = Param(request, "entity", params.options.entity);
  params.options.period = Param(request, "period", params.options.period);
  params.options.read.sheet = Param(request, "sheet", "");
  // The entity column is an identifier: "007" stays "007".
  params.options.read.text_columns.push_back(params.options.entity);
  return params;
}

absl::StatusOr<common::v1::Panel> ReadUploadedPanel(const std::string& body, const UploadParams& params) {
  if (body.empty()) return absl::InvalidArgumentError("the request body is empty: send the file's bytes as the body");
  return files::ReadPanelBytes(body, params.file_name, params.options);
}

grpc::Status CreateDataset(grpc::Channel* channel, grpc::ClientContext* context,
                           const common::v1::Panel& panel, const std::string& display_name,
                           workspace::v1::CreateDatasetResponse* response, int chunk_rows) {
  auto stub = workspace::v1::WorkspaceService::NewStub(std::shared_ptr<grpc::Channel>(channel, [](grpc::Channel*) {}));
  auto writer = stub->CreateDataset(context, response);
  // At least one message, so that an empty panel is the workspace's to reject.
  for (int first = 0; first == 0 || first < panel.entity_size(); first += chunk_rows) {
    workspace::v1::CreateDatasetRequest message;
    if (first == 0) message.set_display_name(display_name);
    *message.mutable_chunk() = files::PanelRows(panel, first, chunk_rows);
    if (!writer->Write(message)) break;  // the server ended the call; Finish() says why
  }
  writer->WritesDone();
  return writer->Finish();
}

}  // namespace govmetrics::gateway
