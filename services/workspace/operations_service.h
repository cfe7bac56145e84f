#ifndef GOVMETRICS_SERVICES_WORKSPACE_OPERATIONS_SERVICE_H_
#define GOVMETRICS_SERVICES_WORKSPACE_OPERATIONS_SERVICE_H_

// google.longrunning.Operations over the workspace's study operations (operation_store.h):
// an agency sees, waits on, cancels and deletes only its own operations.

#include "google/longrunning/operations.grpc.pb.h"
#include "services/workspace/operation_store.h"

namespace govmetrics::services {

class OperationsServiceImpl final : public google::longrunning::Operations::Service {
 public:
  explicit OperationsServiceImpl(workspace::OperationStore* operations) : operations_(operations) {}

  grpc::Status ListOperations(grpc::ServerContext* context,
                              const google::longrunning::ListOperationsRequest* request,
                              google::longrunning::ListOperationsResponse* response) override;
  grpc::Status GetOperation(grpc::ServerContext* context,
                            const google::longrunning::GetOperationRequest* request,
                            google::longrunning::Operation* response) override;
  grpc::Status DeleteOperation(grpc::ServerContext* context,
                               const google::longrunning::DeleteOperationRequest* request,
                               google::protobuf::Empty* response) override;
  grpc::Status CancelOperation(grpc::ServerContext* context,
                               const google::longrunning::CancelOperationRequest* request,
                               google::protobuf::Empty* response) override;
  grpc::Status WaitOperation(grpc::ServerContext* context,
                             const google::longrunning::WaitOperationRequest* request,
                             google::longrunning::Operation* response) override;

 private:
  workspace::OperationStore* operations_;
};

inline constexpr char kOperationsServiceName[] = "google.longrunning.Operations";

}  // namespace govmetrics::services

#endif  // GOVMETRICS_SERVICES_WORKSPACE_OPERATIONS_SERVICE_H_
