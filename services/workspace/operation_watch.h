#ifndef GOVMETRICS_SERVICES_WORKSPACE_OPERATION_WATCH_H_
#define GOVMETRICS_SERVICES_WORKSPACE_OPERATION_WATCH_H_

// WatchOperation: follows a study operation by polling its row (the study may run on any
// replica, so the database is the only place its progress appears) and sends each new
// progress event once, then the finished operation. Events are sent by their index in the
// metadata, so none is lost however many arrive between two polls.

#include <string>

#include "absl/status/status.h"
#include "grpcpp/server_context.h"
#include "grpcpp/support/sync_stream.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"
#include "services/workspace/operation_store.h"

namespace govmetrics::workspace {

// Streams the caller's operation `request.name()` into `writer` until it is done; the
// call's deadline ends it with DEADLINE_EXCEEDED, a cancelled call with CANCELLED.
absl::Status WatchOperation(OperationStore* operations, const std::string& agency,
                            const v1::WatchOperationRequest& request, grpc::ServerContext* context,
                            grpc::ServerWriterInterface<v1::WatchOperationResponse>* writer);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_OPERATION_WATCH_H_
