#include "services/workspace/workspace_service.h"

#include <memory>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/rpc/call_admission.h"
#include "common/rpc/rpc_call.h"
#include "services/workspace/audit_log.h"
#include "services/workspace/dataset_entity_codes.h"
#include "services/workspace/dataset_parts.h"
#include "services/workspace/dataset_upload.h"
#include "services/workspace/operation_watch.h"
#include "services/workspace/read_chunk_writer.h"
#include "services/workspace/read_slice.h"
#include "services/workspace/stored_chunk_writer.h"
#include "services/workspace/stored_entity_runs.h"

namespace govmetrics::services {
namespace {

using workspace::DatasetStore;

// After the last message: the checks across chunks, the last stored chunk, the commit.
absl::StatusOr<workspace::v1::Dataset> FinishUpload(
    DatasetStore& store, const std::string& id, workspace::DatasetUpload& upload,
    const std::function<absl::Status(bool)>& store_ready_chunks, rpc::RpcStats* stats) {
  auto shape = upload.Finish();
  if (!shape.ok()) return shape.status();
  stats->rows = shape->rows;
  if (auto stored = store_ready_chunks(true); !stored.ok()) return stored;
  return store.CommitUpload(id, *shape);
}

// Receives the stream into a new dataset; on any failure the partial upload is deleted.
absl::StatusOr<workspace::v1::Dataset> ReceiveUpload(
    DatasetStore& store, const std::string& agency, grpc::ServerContext* context,
    grpc::ServerReader<workspace::v1::CreateDatasetRequest>* reader, rpc::RpcStats* stats) {
  workspace::DatasetUpload upload;
  workspace::v1::CreateDatasetRequest message;
  std::string id;
  std::optional<workspace::StoredChunkWriter> writer;  // from the first message on
  auto store_ready_chunks = [&](bool final) -> absl::Status {
    while (auto chunk = upload.TakeStoredChunk(final)) {
      if (auto queued = writer->Write(*std::move(chunk)); !queued.ok()) return queued;
    }
    return final ? writer->Close() : absl::OkStatus();
  };
  absl::Status status = absl::OkStatus();
  for (int index = 0; status.ok() && reader->Read(&message); ++index) {
    status = upload.Add(message.chunk(), index);
    if (status.ok() && id.empty()) {
      auto begun = store.BeginUpload(agency, message.display_name(), upload.schema());
      if (begun.ok()) writer.emplace(&store, id = *begun);
      status = begun.status();
    }
    if (status.ok()) status = store_ready_chunks(false);
  }
  if (status.ok() && context->IsCancelled()) {
    status = absl::CancelledError("the client cancelled the upload; nothing was stored");
  }
  absl::StatusOr<workspace::v1::Dataset> dataset =
      status.ok() ? FinishUpload(store, id, upload, store_ready_chunks, stats)
                  : absl::StatusOr<workspace::v1::Dataset>(status);
  if (writer.has_value()) (void)writer->Close();  // no chunk lands after the abandon
  if (!dataset.ok() && !id.empty()) (void)store.AbandonUpload(id);
  return dataset;
}

// Which parts a read needs: entity and period always, then the named columns / labels
// (all when both lists are empty).
absl::StatusOr<std::vector<bool>> WantedParts(const common::v1::Panel& schema,
                                              const workspace::v1::ReadDatasetRequest& request) {
  const bool all = request.columns().empty() && request.labels().empty();
  std::vector<bool> wanted(workspace::PartCount(schema), all);
  wanted[workspace::kEntityPart] = wanted[workspace::kPeriodPart] = true;
  contracts::FieldViolations violations;
  auto mark = [&](const auto& names, const auto& items, auto part_of, const char* field) {
    for (int i = 0; i < names.size(); ++i) {
      int found = -1;
      for (int j = 0; j < items.size(); ++j) found = items[j].name() == names[i] ? j : found;
      if (found < 0) {
        violations.Add(absl::StrCat(field, "[", i, "]"),
                       absl::StrCat("the dataset has no ", field, " '", names[i], "'"));
      } else {
        wanted[part_of(found)] = true;
      }
    }
  };
  mark(request.columns(), schema.columns(), workspace::ColumnPart, "columns");
  mark(request.labels(), schema.labels(),
       [&](int l) { return workspace::LabelPart(schema, l); }, "labels");
  if (!violations.empty()) return violations.ToStatus();
  return wanted;
}

// The read's encoding; INVALID_ARGUMENT for a value this server does not know (a newer
// client's), rather than an answer in a form the client did not ask for.
absl::StatusOr<workspace::v1::ChunkEncoding> CheckedEncoding(
    const workspace::v1::ReadDatasetRequest& request) {
  switch (request.encoding()) {
    case workspace::v1::CHUNK_ENCODING_UNSPECIFIED:
    case workspace::v1::CHUNK_ENCODING_ROWS:
      return workspace::v1::CHUNK_ENCODING_ROWS;
    case workspace::v1::CHUNK_ENCODING_COLUMNAR:
      return workspace::v1::CHUNK_ENCODING_COLUMNAR;
    default:
      return contracts::InvalidField(
          "encoding", absl::StrCat("unknown chunk encoding ", request.encoding(),
                                   "; use CHUNK_ENCODING_ROWS or CHUNK_ENCODING_COLUMNAR"));
  }
}

}  // namespace

WorkspaceServiceImpl::WorkspaceServiceImpl(workspace::DatasetStore* datasets,
                                           workspace::OperationStore* operations,
                                           std::function<void()> on_study_created,
                                           size_t read_buffer_bytes)
    : datasets_(datasets),
      operations_(operations),
      on_study_created_(std::move(on_study_created)),
      read_buffers_(workspace::StringRecycler::Create(read_buffer_bytes)) {
  const int read_dataset = workspace::v1::ReadDatasetRequest::descriptor()
                               ->file()
                               ->FindServiceByName("WorkspaceService")
                               ->FindMethodByName("ReadDataset")
                               ->index();
  MarkMethodStreamed(read_dataset,
                     new grpc::internal::SplitServerStreamingHandler<
                         workspace::v1::ReadDatasetRequest, grpc::ByteBuffer>(
                         [this](grpc::ServerContext* context,
                                grpc::ServerSplitStreamer<workspace::v1::ReadDatasetRequest,
                                                          grpc::ByteBuffer>* stream) {
                           return StreamReadDataset(context, stream);
                         }));
}

std::string CallerAgency(const grpc::ServerContextBase* context) {
  auto admission = rpc::GetAdmission(context);
  if (admission.has_value() && !admission->agency.empty()) return admission->agency;
  return "anonymous";
}

grpc::Status WorkspaceServiceImpl::CreateDataset(
    grpc::ServerContext* context, grpc::ServerReader<workspace::v1::CreateDatasetRequest>* reader,
    workspace::v1::CreateDatasetResponse* response) {
  return rpc::RunRpc(context, "CreateDataset", [&](rpc::RpcStats* stats) -> absl::Status {
    auto dataset = ReceiveUpload(*datasets_, CallerAgency(context), context, reader, stats);
    if (!dataset.ok()) return dataset.status();
    *response->mutable_dataset() = *std::move(dataset);
    return absl::OkStatus();
  });
}

grpc::Status WorkspaceServiceImpl::GetDataset(grpc::ServerContext* context,
                                              const workspace::v1::GetDatasetRequest* request,
                                              workspace::v1::GetDatasetResponse* response) {
  return rpc::RunRpc(context, "GetDataset", [&](rpc::RpcStats*) -> absl::Status {
    auto dataset = datasets_->Get(CallerAgency(context), request->name());
    if (!dataset.ok()) return dataset.status();
    *response->mutable_dataset() = *std::move(dataset);
    return absl::OkStatus();
  });
}

grpc::Status WorkspaceServiceImpl::ListDatasets(grpc::ServerContext* context,
                                                const workspace::v1::ListDatasetsRequest* request,
                                                workspace::v1::ListDatasetsResponse* response) {
  return rpc::RunRpc(context, "ListDatasets", [&](rpc::RpcStats*) -> absl::Status {
    auto page = datasets_->List(CallerAgency(context), *request);
    if (!page.ok()) return page.status();
    *response = *std::move(page);
    return absl::OkStatus();
  });
}

grpc::Status WorkspaceServiceImpl::StreamReadDataset(
    grpc::ServerContext* context,
    grpc::ServerSplitStreamer<workspace::v1::ReadDatasetRequest, grpc::ByteBuffer>* stream) {
  // The request first: the server interceptor checks it (limits) as it arrives, and RunRpc
  // acts on that verdict.
  workspace::v1::ReadDatasetRequest request;
  const bool received = stream->Read(&request);
  return rpc::RunRpc(context, "ReadDataset", [&](rpc::RpcStats* stats) -> absl::Status {
    if (!received) return absl::CancelledError("the client sent no ReadDatasetRequest");
    auto encoding = CheckedEncoding(request);
    if (!encoding.ok()) return encoding.status();
    auto layout = datasets_->ReadableLayout(CallerAgency(context), request.name());
    if (!layout.ok()) return layout.status();
    auto wanted = WantedParts(layout->schema, request);
    if (!wanted.ok()) return wanted.status();
    auto range = workspace::SliceChunks(request.slice(), layout->chunks);
    if (!range.ok()) return range.status();
    const bool dataset_codes = workspace::HonoursDatasetEntityCodes(request, *encoding, *layout);
    if (workspace::SendsStoredEntityRuns(layout->entity_runs, *encoding, range->begin,
                                         dataset_codes)) {
      workspace::WantStoredRuns(layout->schema, &*wanted);
    }
    // A slice's rows keep their row numbers in the dataset (the reader puts each slice's
    // values in place as they come); its dictionaries start afresh at its first chunk,
    // but for the entities when it numbers the dataset's (then they continue the codes of
    // the entities before it).
    auto start = datasets_->RowsBefore(*layout, range->begin);
    if (!start.ok()) return start.status();
    workspace::ReadChunkWriter chunks(*encoding, request.run_length_codes(), layout->schema,
                                      *wanted, read_buffers_);
    if (dataset_codes && range->begin < range->end) {
      auto before = workspace::EntitiesBefore(*datasets_, *layout, range->begin);
      if (!before.ok()) return before.status();
      if (auto numbered = chunks.NumberDatasetEntities(*before); !numbered.ok()) return numbered;
    }
    grpc::ByteBuffer message;
    int64_t first_row = *start;
    for (int64_t seq = range->begin; seq < range->end; ++seq) {
      if (context->IsCancelled()) return absl::CancelledError("the client cancelled the read");
      auto rows = chunks.Next(*datasets_, *layout, seq, first_row, &message);
      if (!rows.ok()) return rows.status();
      first_row += *rows;
      if (!stream->Write(message)) return absl::CancelledError("the client went away");
    }
    stats->rows = first_row - *start;
    return absl::OkStatus();
  });
}

grpc::Status WorkspaceServiceImpl::DeleteDataset(grpc::ServerContext* context,
                                                 const workspace::v1::DeleteDatasetRequest* request,
                                                 workspace::v1::DeleteDatasetResponse*) {
  return rpc::RunRpc(context, "DeleteDataset", [&](rpc::RpcStats*) {
    return datasets_->Delete(CallerAgency(context), request->name());
  });
}

grpc::Status WorkspaceServiceImpl::ShareDataset(grpc::ServerContext* context,
                                                const workspace::v1::ShareDatasetRequest* request,
                                                workspace::v1::ShareDatasetResponse* response) {
  return rpc::RunRpc(context, "ShareDataset", [&](rpc::RpcStats*) -> absl::Status {
    auto dataset = datasets_->Share(CallerAgency(context), request->name(), request->agency(),
                                    /*grant=*/true);
    if (!dataset.ok()) return dataset.status();
    *response->mutable_dataset() = *std::move(dataset);
    return absl::OkStatus();
  });
}

grpc::Status WorkspaceServiceImpl::UnshareDataset(
    grpc::ServerContext* context, const workspace::v1::UnshareDatasetRequest* request,
    workspace::v1::UnshareDatasetResponse* response) {
  return rpc::RunRpc(context, "UnshareDataset", [&](rpc::RpcStats*) -> absl::Status {
    auto dataset = datasets_->Share(CallerAgency(context), request->name(), request->agency(),
                                    /*grant=*/false);
    if (!dataset.ok()) return dataset.status();
    *response->mutable_dataset() = *std::move(dataset);
    return absl::OkStatus();
  });
}

grpc::Status WorkspaceServiceImpl::CreateStudy(grpc::ServerContext* context,
                                               const workspace::v1::CreateStudyRequest* request,
                                               google::longrunning::Operation* response) {
  return rpc::RunRpc(context, "CreateStudy", [&](rpc::RpcStats*) -> absl::Status {
    auto operation = operations_->CreateStudy(CallerAgency(context), *request);
    if (!operation.ok()) return operation.status();
    *response = *std::move(operation);
    if (on_study_created_) on_study_created_();
    return absl::OkStatus();
  });
}

grpc::Status WorkspaceServiceImpl::WatchOperation(
    grpc::ServerContext* context, const workspace::v1::WatchOperationRequest* request,
    grpc::ServerWriter<workspace::v1::WatchOperationResponse>* writer) {
  return rpc::RunRpc(context, "WatchOperation", [&](rpc::RpcStats*) {
    return workspace::WatchOperation(operations_, CallerAgency(context), *request, context, writer);
  });
}

grpc::Status WorkspaceServiceImpl::ListAuditEvents(
    grpc::ServerContext* context, const workspace::v1::ListAuditEventsRequest* request,
    workspace::v1::ListAuditEventsResponse* response) {
  return rpc::RunRpc(context, "ListAuditEvents", [&](rpc::RpcStats*) -> absl::Status {
    auto page = workspace::ListAuditEvents(*datasets_->database(), CallerAgency(context), *request);
    if (!page.ok()) return page.status();
    *response = *std::move(page);
    return absl::OkStatus();
  });
}

}  // namespace govmetrics::services
