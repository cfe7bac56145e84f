#ifndef GOVMETRICS_SERVICES_GATEWAY_DATASET_UPLOAD_H_
#define GOVMETRICS_SERVICES_GATEWAY_DATASET_UPLOAD_H_

// POST /v1/datasets:upload: a data file sent as the raw request body (CSV, Excel, Stata,
// SPSS, SAS: whatever common/files reads, chosen by the fileName parameter's extension)
// becomes a WorkspaceService.CreateDataset stream. Client streaming has no HTTP/1.1
// binding in google.api.http, so this one route is written by hand; the reading is
// common/files' (the same as the CLI's `dataset upload`), and the workspace validates
// and stores the panel as for any gRPC upload. docs/api.md, "Uploading a file".
//
// Memory: a CSV is forwarded as it arrives, one piece (csv_upload_chunker.h) at a time.
// The other formats need random access (a workbook's zip directory is at its end; Stata,
// SPSS and SAS headers point into the file), so their body is spooled to a temporary file
// as it arrives and read once complete: memory then grows with the file, up to the limit.
// Either way the dataset exists only if the whole body arrived and the workspace accepted
// every row: an upload cut short cancels the CreateDataset call, which stores nothing.

#include <memory>
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

// One CreateDataset call, written chunk by chunk as the body is read.
class CreateDatasetStream {
 public:
  CreateDatasetStream(grpc::Channel* channel, grpc::ClientContext* context, std::string display_name);
  // Sends `panel` in messages of at most `chunk_rows` rows; false once the workspace has
  // ended the call (Commit() then returns its reason).
  bool Write(const common::v1::Panel& panel, int chunk_rows = 50000);
  // The body is complete: the workspace stores the dataset (or says why not).
  grpc::Status Commit(workspace::v1::CreateDatasetResponse* response);
  // The body is not complete: cancels the call, so the workspace stores nothing.
  void Abort();

 private:
  grpc::ClientContext* context_;
  std::unique_ptr<workspace::v1::WorkspaceService::Stub> stub_;
  workspace::v1::CreateDatasetResponse response_;
  std::unique_ptr<grpc::ClientWriter<workspace::v1::CreateDatasetRequest>> writer_;
  std::string display_name_;
  bool sent_any_ = false;
  bool ended_by_server_ = false;
  bool finished_ = false;
};

// What reading and forwarding the body came to.
struct UploadOutcome {
  grpc::Status status;           // OK: `created` holds the dataset
  bool too_large = false;        // the body exceeded max_bytes (413)
  workspace::v1::CreateDatasetResponse created;
};

// Reads the body from `content` (at most `max_bytes`) and creates the dataset on `channel`
// with `context` (the caller's token and deadline).
UploadOutcome UploadBody(const httplib::ContentReader& content, const UploadParams& params, size_t max_bytes,
                         grpc::Channel* channel, grpc::ClientContext* context);

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_DATASET_UPLOAD_H_
