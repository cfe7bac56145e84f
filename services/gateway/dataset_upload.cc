#include "services/gateway/dataset_upload.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/files/file_format.h"
#include "common/files/panel_rows.h"
#include "common/rpc/status_mapping.h"
#include "services/gateway/csv_upload_chunker.h"
#include "services/gateway/http_error.h"

namespace govmetrics::gateway {
namespace {

std::string Param(const httplib::Request& request, const char* name, const std::string& fallback) {
  return request.has_param(name) ? request.get_param_value(name) : fallback;
}

// A reader's refusal of the file names file, row and column in its message; its field is
// the body. Other failures (the workspace's) keep their own status.
grpc::Status UploadError(const absl::Status& status) {
  return status.code() == absl::StatusCode::kInvalidArgument ? InvalidRequest("body", status.message())
                                                             : rpc::ToGrpcStatus(status);
}

// A temporary file under $TMPDIR (or /tmp), removed when this goes away.
class SpoolFile {
 public:
  SpoolFile() {
    const char* dir = std::getenv("TMPDIR");
    path_ = absl::StrCat(dir != nullptr && *dir != '\0' ? dir : "/tmp", "/govmetrics-upload-XXXXXX");
    const int fd = mkstemp(path_.data());
    file_ = fd < 0 ? nullptr : fdopen(fd, "wb");
  }
  ~SpoolFile() {
    if (file_ != nullptr) std::fclose(file_);
    std::remove(path_.c_str());
  }
  SpoolFile(const SpoolFile&) = delete;
  SpoolFile& operator=(const SpoolFile&) = delete;

  bool ok() const { return file_ != nullptr; }
  bool Append(const char* data, size_t length) { return std::fwrite(data, 1, length, file_) == length; }
  // The bytes written, read back whole (the readers of these formats need random access).
  absl::StatusOr<std::string> ReadAll(int64_t max_bytes) {
    if (std::fflush(file_) != 0) return absl::InternalError("cannot write the upload's temporary file");
    return files::ReadFileBytes(path_, max_bytes);
  }

 private:
  std::string path_;
  FILE* file_ = nullptr;
};

// Pulls the body through `consume` (false stops it); `too_large` once past `max_bytes`.
bool ReadBody(const httplib::ContentReader& content, size_t max_bytes, bool* too_large,
              const std::function<bool(const char*, size_t)>& consume) {
  size_t received = 0;
  return content([&](const char* data, size_t length) {
    received += length;
    *too_large = received > max_bytes;
    return !*too_large && consume(data, length);
  });
}

UploadOutcome UploadCsv(const httplib::ContentReader& content, const UploadParams& params, size_t max_bytes,
                        CreateDatasetStream* upload) {
  UploadOutcome outcome;
  bool sent = true;
  CsvUploadChunker chunker(params, [&](common::v1::Panel chunk) {
    sent = upload->Write(chunk);
    return absl::OkStatus();
  });
  absl::Status read_status;
  const bool complete = ReadBody(content, max_bytes, &outcome.too_large, [&](const char* data, size_t length) {
    read_status = chunker.Feed(absl::string_view(data, length));
    return read_status.ok() && sent;
  });
  if (complete && read_status.ok()) read_status = chunker.Finish();
  if (!sent) {  // the workspace refused a chunk: its reason
    outcome.status = upload->Commit(&outcome.created);
  } else if (outcome.too_large || !complete || !read_status.ok()) {
    upload->Abort();
    outcome.status = !read_status.ok() ? UploadError(read_status)
                                       : InvalidRequest("body", "the request body could not be read to its end");
  } else {
    outcome.status = upload->Commit(&outcome.created);
  }
  return outcome;
}

UploadOutcome UploadSpooled(const httplib::ContentReader& content, const UploadParams& params, size_t max_bytes,
                            CreateDatasetStream* upload) {
  UploadOutcome outcome;
  SpoolFile spool;
  if (!spool.ok()) {
    upload->Abort();
    outcome.status = grpc::Status(grpc::StatusCode::INTERNAL, "cannot create the upload's temporary file (TMPDIR)");
    return outcome;
  }
  const bool complete = ReadBody(content, max_bytes, &outcome.too_large,
                                 [&](const char* data, size_t length) { return spool.Append(data, length); });
  auto panel = !complete ? absl::InvalidArgumentError("the request body could not be read to its end")
                         : [&]() -> absl::StatusOr<common::v1::Panel> {
                             auto bytes = spool.ReadAll(static_cast<int64_t>(max_bytes));
                             if (!bytes.ok()) return bytes.status();
                             if (bytes->empty()) return absl::InvalidArgumentError("the request body is empty: send the file's bytes as the body");
                             return files::ReadPanelBytes(*bytes, params.file_name, params.options);
                           }();
  if (!panel.ok()) {
    upload->Abort();
    outcome.status = UploadError(panel.status());
    return outcome;
  }
  upload->Write(*panel);
  outcome.status = upload->Commit(&outcome.created);
  return outcome;
}

}  // namespace

UploadParams UploadParamsOf(const httplib::Request& request) {
  UploadParams params;
  params.file_name = Param(request, "fileName", "upload.csv");
  params.display_name = Param(request, "displayName", params.file_name);
  params.options.entity = Param(request, "entity", params.options.entity);
  params.options.period = Param(request, "period", params.options.period);
  params.options.read.sheet = Param(request, "sheet", "");
  return params;
}

CreateDatasetStream::CreateDatasetStream(grpc::Channel* channel, grpc::ClientContext* context,
                                         std::string display_name)
    : context_(context),
      stub_(workspace::v1::WorkspaceService::NewStub(
          std::shared_ptr<grpc::Channel>(channel, [](grpc::Channel*) {}))),
      display_name_(std::move(display_name)) {
  writer_ = stub_->CreateDataset(context_, &response_);
}

bool CreateDatasetStream::Write(const common::v1::Panel& panel, int chunk_rows) {
  // At least one message per panel, so that an empty panel is the workspace's to reject.
  for (int first = 0; !ended_by_server_ && (first == 0 || first < panel.entity_size()); first += chunk_rows) {
    workspace::v1::CreateDatasetRequest message;
    if (!sent_any_) message.set_display_name(display_name_);
    *message.mutable_chunk() = files::PanelRows(panel, first, chunk_rows);
    sent_any_ = true;
    ended_by_server_ = !writer_->Write(message);  // Commit() then says why
  }
  return !ended_by_server_;
}

grpc::Status CreateDatasetStream::Commit(workspace::v1::CreateDatasetResponse* response) {
  if (!ended_by_server_) writer_->WritesDone();
  finished_ = true;
  grpc::Status status = writer_->Finish();
  if (status.ok()) *response = response_;
  return status;
}

void CreateDatasetStream::Abort() {
  if (finished_) return;
  context_->TryCancel();
  finished_ = true;
  writer_->Finish();  // CANCELLED: the workspace discards what it had
}

UploadOutcome UploadBody(const httplib::ContentReader& content, const UploadParams& params, size_t max_bytes,
                         grpc::Channel* channel, grpc::ClientContext* context) {
  auto format = files::FormatFromName(params.file_name);
  if (!format.ok()) {
    UploadOutcome refused;
    refused.status = InvalidRequest("fileName", format.status().message());
    return refused;
  }
  CreateDatasetStream upload(channel, context, params.display_name);
  return *format == files::FileFormat::kCsv ? UploadCsv(content, params, max_bytes, &upload)
                                            : UploadSpooled(content, params, max_bytes, &upload);
}

}  // namespace govmetrics::gateway
