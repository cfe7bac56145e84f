#include "services/workspace/operations_service.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "common/contracts/field_violations.h"
#include "common/rpc/rpc_call.h"
#include "services/workspace/workspace_service.h"

namespace govmetrics::services {
namespace {

// WaitOperation without a timeout waits at most this long (or the call's deadline).
constexpr auto kDefaultWait = std::chrono::minutes(10);
constexpr auto kWaitPoll = workspace::kOperationPollInterval;

std::chrono::system_clock::time_point WaitUntil(grpc::ServerContext* context,
                                                const google::longrunning::WaitOperationRequest& request) {
  auto until = std::chrono::system_clock::now() + kDefaultWait;
  if (request.has_timeout()) {
    until = std::chrono::system_clock::now() +
            std::chrono::seconds(request.timeout().seconds()) +
            std::chrono::nanoseconds(request.timeout().nanos());
  }
  return std::min(until, context->deadline());
}

}  // namespace

grpc::Status OperationsServiceImpl::ListOperations(
    grpc::ServerContext* context, const google::longrunning::ListOperationsRequest* request,
    google::longrunning::ListOperationsResponse* response) {
  return rpc::RunRpc(context, "ListOperations", [&](rpc::RpcStats*) -> absl::Status {
    auto page = operations_->List(CallerAgency(context), *request);
    if (!page.ok()) return page.status();
    *response = *std::move(page);
    return absl::OkStatus();
  });
}

grpc::Status OperationsServiceImpl::GetOperation(
    grpc::ServerContext* context, const google::longrunning::GetOperationRequest* request,
    google::longrunning::Operation* response) {
  return rpc::RunRpc(context, "GetOperation", [&](rpc::RpcStats*) -> absl::Status {
    auto operation = operations_->Get(CallerAgency(context), request->name());
    if (!operation.ok()) return operation.status();
    *response = *std::move(operation);
    return absl::OkStatus();
  });
}

grpc::Status OperationsServiceImpl::DeleteOperation(
    grpc::ServerContext* context, const google::longrunning::DeleteOperationRequest* request,
    google::protobuf::Empty*) {
  return rpc::RunRpc(context, "DeleteOperation", [&](rpc::RpcStats*) {
    return operations_->Delete(CallerAgency(context), request->name());
  });
}

grpc::Status OperationsServiceImpl::CancelOperation(
    grpc::ServerContext* context, const google::longrunning::CancelOperationRequest* request,
    google::protobuf::Empty*) {
  return rpc::RunRpc(context, "CancelOperation", [&](rpc::RpcStats*) {
    return operations_->Cancel(CallerAgency(context), request->name());
  });
}

grpc::Status OperationsServiceImpl::WaitOperation(
    grpc::ServerContext* context, const google::longrunning::WaitOperationRequest* request,
    google::longrunning::Operation* response) {
  return rpc::RunRpc(context, "WaitOperation", [&](rpc::RpcStats*) -> absl::Status {
    if (request->timeout().seconds() < 0 || request->timeout().nanos() < 0) {
      return contracts::InvalidField("timeout", "must not be negative");
    }
    const auto until = WaitUntil(context, *request);
    const std::string agency = CallerAgency(context);
    while (true) {
      auto operation = operations_->Get(agency, request->name());
      // A database hiccup during a long wait is not the caller's problem: keep waiting.
      if (!operation.ok() && !absl::IsUnavailable(operation.status())) return operation.status();
      const bool timed_out = std::chrono::system_clock::now() + kWaitPoll >= until;
      if (operation.ok() && (operation->done() || timed_out)) {
        *response = *std::move(operation);
        return absl::OkStatus();
      }
      if (timed_out) return operation.status();
      if (context->IsCancelled()) return absl::CancelledError("the client stopped waiting");
      std::this_thread::sleep_for(kWaitPoll);
    }
  });
}

}  // namespace govmetrics::services
