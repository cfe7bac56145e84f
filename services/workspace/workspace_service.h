#ifndef GOVMETRICS_SERVICES_WORKSPACE_WORKSPACE_SERVICE_H_
#define GOVMETRICS_SERVICES_WORKSPACE_WORKSPACE_SERVICE_H_

// WorkspaceService adapter: each RPC names the calling agency (CallerAgency) and hands
// over to the stores; RunRpc maps statuses and logs.
//
// Why the synchronous API here, when index and modeling use the callback API: every
// workspace call waits on the database or on a stream (uploads, reads, WaitOperation),
// which must not hold one of gRPC's few callback event threads; the sync API's own thread
// pool is where blocking work belongs, and its per-call overhead (tens of microseconds)
// is small next to a database round trip.

#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "google/longrunning/operations.pb.h"
#include "govmetrics/workspace/v1/workspace_service.grpc.pb.h"
#include "services/workspace/dataset_store.h"
#include "services/workspace/operation_store.h"
#include "services/workspace/recycled_strings.h"

namespace govmetrics::services {

// The agency the server runtime authenticated (bearer token, client certificate);
// "anonymous" when the server runs without authentication (local use).
std::string CallerAgency(const grpc::ServerContextBase* context);

class WorkspaceServiceImpl final : public workspace::v1::WorkspaceService::Service {
 public:
  // `on_study_created` (may be empty) wakes this replica's idle study workers. ReadDataset
  // streams share buffers of which at most `read_buffer_bytes` wait between messages
  // (recycled_strings.h; --read_buffer_pool_mb).
  WorkspaceServiceImpl(workspace::DatasetStore* datasets, workspace::OperationStore* operations,
                       std::function<void()> on_study_created,
                       size_t read_buffer_bytes = kDefaultReadBufferBytes);
  static constexpr size_t kDefaultReadBufferBytes = size_t{256} << 20;

  grpc::Status CreateDataset(grpc::ServerContext* context,
                             grpc::ServerReader<workspace::v1::CreateDatasetRequest>* reader,
                             workspace::v1::CreateDatasetResponse* response) override;
  grpc::Status GetDataset(grpc::ServerContext* context,
                          const workspace::v1::GetDatasetRequest* request,
                          workspace::v1::GetDatasetResponse* response) override;
  grpc::Status ListDatasets(grpc::ServerContext* context,
                            const workspace::v1::ListDatasetsRequest* request,
                            workspace::v1::ListDatasetsResponse* response) override;
  // ReadDataset. Its messages are written by hand from the stored bytes
  // (ColumnarChunkEncoder::EncodeResponse) and sent as grpc::ByteBuffers without a copy, so
  // the constructor registers this in place of the generated typed ReadDataset (as the
  // generated "split streaming" variant does, with ByteBuffer responses). Clients see the
  // same method and the same bytes.
  grpc::Status StreamReadDataset(
      grpc::ServerContext* context,
      grpc::ServerSplitStreamer<workspace::v1::ReadDatasetRequest, grpc::ByteBuffer>* stream);
  grpc::Status DeleteDataset(grpc::ServerContext* context,
                             const workspace::v1::DeleteDatasetRequest* request,
                             workspace::v1::DeleteDatasetResponse* response) override;
  grpc::Status ShareDataset(grpc::ServerContext* context,
                            const workspace::v1::ShareDatasetRequest* request,
                            workspace::v1::ShareDatasetResponse* response) override;
  grpc::Status UnshareDataset(grpc::ServerContext* context,
                              const workspace::v1::UnshareDatasetRequest* request,
                              workspace::v1::UnshareDatasetResponse* response) override;
  grpc::Status CreateStudy(grpc::ServerContext* context,
                           const workspace::v1::CreateStudyRequest* request,
                           google::longrunning::Operation* response) override;
  grpc::Status WatchOperation(grpc::ServerContext* context,
                              const workspace::v1::WatchOperationRequest* request,
                              grpc::ServerWriter<workspace::v1::WatchOperationResponse>* writer) override;
  grpc::Status ListAuditEvents(grpc::ServerContext* context,
                               const workspace::v1::ListAuditEventsRequest* request,
                               workspace::v1::ListAuditEventsResponse* response) override;

 private:
  workspace::DatasetStore* datasets_;
  workspace::OperationStore* operations_;
  std::function<void()> on_study_created_;
  std::shared_ptr<workspace::StringRecycler> read_buffers_;
};

inline constexpr char kWorkspaceServiceName[] = "govmetrics.workspace.v1.WorkspaceService";

}  // namespace govmetrics::services

#endif  // GOVMETRICS_SERVICES_WORKSPACE_WORKSPACE_SERVICE_H_
