#ifndef GOVMETRICS_SERVICES_GATEWAY_DATASET_UPLOAD_H_
#define GOVMETRICS_SERVICES_GATEWAY_DATASET_UPLOAD_H_

// POST /v1/datasets:upload: a data file sent as the raw request body (CSV, Excel, Stata,
// SPSS, SAS: whatever common/files reads, chosen by the fileName parameter's extension)
// becomes a WorkspaceService.CreateDataset stream. Client streaming has no HTTP/1.1
// binding in google.api.http, so this one route is written by hand; the reading is
// common/files' (the same as the CLI's `dataset upload`), and the workspace validates
// and stores the panel as for any gRPC upload. docs/api.md, "Uploading a file".

#include <string>

#include "absl/status/statusor.h"
#include "common/files/read_panel.h"
#include "govmetrics/workspace/v1/workspace_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"
#include "httplib.h"

namespace govmetrics::gateway {

struct UploadParams {
  std::string file_name;     // ?fileName= (default upload.csv): its extension picks the reader
  std::string display_name;  // ?displayName= (default: the file name)
  files::PanelFileOptions options;  // ?entity= ?period= ?sheet=
};

UploadParams UploadParamsOf(const httplib::Request& request);

// The panel in `body` (INVALID_ARGUMENT naming the file, row and column on bad input).
absl::StatusOr<common::v1::Panel> ReadUploadedPanel(const std::string& body, const UploadParams& params);

// Streams `panel` to CreateDataset in chunks of `chunk_rows` rows.
grpc::Status CreateDataset(grpc::Channel* channel, grpc::ClientContext* context,
                           const common::v1::Panel& panel, const std::string& display_name,
                           workspace::v1::CreateDatasetResponse* response, int chunk_rows = 50000);

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_DATASET_UPLOAD_H_
