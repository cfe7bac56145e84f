#include "clients/cli/operations_command.h"

#include <cstdio>
#include <memory>

#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/rpc_client.h"
#include "clients/cli/study_output.h"
#include "google/longrunning/operations.grpc.pb.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"

namespace govmetrics::cli {
namespace {

namespace lro = google::longrunning;
namespace wv1 = govmetrics::workspace::v1;

struct OperationOptions {
  std::string name;
  std::string out = "out";
  ConnectionOptions connection;
};

const char* StateName(wv1::StudyState state) {
  switch (state) {
    case wv1::STUDY_STATE_PENDING: return "PENDING";
    case wv1::STUDY_STATE_RUNNING: return "RUNNING";
    case wv1::STUDY_STATE_SUCCEEDED: return "SUCCEEDED";
    case wv1::STUDY_STATE_FAILED: return "FAILED";
    case wv1::STUDY_STATE_CANCELLED: return "CANCELLED";
    default: return "UNKNOWN";
  }
}

void PrintOperation(const lro::Operation& operation) {
  wv1::StudyMetadata metadata;
  operation.metadata().UnpackTo(&metadata);
  std::printf("%s  %s  dataset %s  attempts %d\n", operation.name().c_str(),
              StateName(metadata.state()), metadata.dataset().c_str(), metadata.attempts());
  if (metadata.progress_size() > 0) {
    const auto& last = metadata.progress(metadata.progress_size() - 1);
    std::printf("  progress %d/%d  %s\n", last.completed(), last.total(), last.message().c_str());
  }
  if (operation.has_error()) {
    std::printf("  error: %s (code %d)\n", operation.error().message().c_str(),
                operation.error().code());
  }
}

// Prints the operation; a finished study also writes its documents under `out`. Exit
// code 1 when the study failed or was cancelled.
int Report(const lro::Operation& operation, const std::string& out) {
  PrintOperation(operation);
  if (!operation.done()) return 0;
  if (operation.has_error()) return kExitFailure;
  reporting::v1::RunStudyResponse result;
  if (!operation.response().UnpackTo(&result)) {
    std::fprintf(stderr, "error: the operation's response is not a RunStudyResponse\n");
    return kExitFailure;
  }
  if (auto written = WriteDocuments(result, out); !written.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(written.message()).c_str());
    return kExitFailure;
  }
  PrintHeadlines(result, out);
  return 0;
}

template <typename Call>
int CallOperations(const CLI::App& command, const ConnectionOptions& options, Call call) {
  auto connection = Connection::Open(options);
  if (!connection.ok()) return UsageError(command, std::string(connection.status().message()));
  auto stub = lro::Operations::NewStub(connection->channel());
  grpc::ClientContext context;
  connection->Prepare(&context);
  return call(*stub, &context);
}

CLI::App* AddOne(CLI::App* group, const char* name, const char* description,
                 std::shared_ptr<OperationOptions> o, double timeout_s) {
  CLI::App* command = group->add_subcommand(name, description);
  command->add_option("name", o->name, "the operation, operations/ID")->required();
  AddConnectionOptions(command, &o->connection, "127.0.0.1:50054", timeout_s);
  return command;
}

void AddGet(CLI::App* group) {
  auto o = std::make_shared<OperationOptions>();
  CLI::App* command = AddOne(group, "get", "state of a study; writes its documents once done", o, 60);
  command->add_option("--out", o->out, "directory for the documents of a finished study");
  SetRun(command, [command, o] {
    return CallOperations(*command, o->connection, [&](auto& stub, grpc::ClientContext* context) {
      lro::GetOperationRequest request;
      request.set_name(o->name);
      lro::Operation operation;
      grpc::Status status = stub.GetOperation(context, request, &operation);
      return status.ok() ? Report(operation, o->out) : PrintRpcError(status);
    });
  });
}

void AddWait(CLI::App* group) {
  auto o = std::make_shared<OperationOptions>();
  CLI::App* command = AddOne(group, "wait", "wait until a study is done, then write its documents",
                             o, 3600);
  command->add_option("--out", o->out, "directory for the documents");
  SetRun(command, [command, o] {
    auto connection = Connection::Open(o->connection);
    if (!connection.ok()) return UsageError(*command, std::string(connection.status().message()));
    return WaitForStudy(*connection, o->name, o->out);
  });
}

void AddCancelOrDelete(CLI::App* group, bool cancel) {
  auto o = std::make_shared<OperationOptions>();
  CLI::App* command = AddOne(group, cancel ? "cancel" : "delete",
                             cancel ? "cancel a pending or running study"
                                    : "forget a finished study and its result",
                             o, 60);
  SetRun(command, [command, o, cancel] {
    return CallOperations(*command, o->connection, [&](auto& stub, grpc::ClientContext* context) {
      google::protobuf::Empty empty;
      lro::CancelOperationRequest cancel_request;
      cancel_request.set_name(o->name);
      lro::DeleteOperationRequest delete_request;
      delete_request.set_name(o->name);
      grpc::Status status = cancel ? stub.CancelOperation(context, cancel_request, &empty)
                                   : stub.DeleteOperation(context, delete_request, &empty);
      if (!status.ok()) return PrintRpcError(status);
      std::printf("%s %s\n", cancel ? "cancelling" : "deleted", o->name.c_str());
      return 0;
    });
  });
}

void AddList(CLI::App* group) {
  auto o = std::make_shared<OperationOptions>();
  CLI::App* command = group->add_subcommand("list", "your study operations, newest first");
  AddConnectionOptions(command, &o->connection, "127.0.0.1:50054", 60);
  SetRun(command, [command, o] {
    return CallOperations(*command, o->connection, [&](auto& stub, grpc::ClientContext* context) {
      lro::ListOperationsRequest request;
      request.set_page_size(1000);
      lro::ListOperationsResponse response;
      grpc::Status status = stub.ListOperations(context, request, &response);
      if (!status.ok()) return PrintRpcError(status);
      for (const auto& operation : response.operations()) PrintOperation(operation);
      return 0;
    });
  });
}

}  // namespace

int WaitForStudy(const Connection& connection, const std::string& name, const std::string& out) {
  auto stub = lro::Operations::NewStub(connection.channel());
  lro::WaitOperationRequest request;
  request.set_name(name);
  request.mutable_timeout()->set_seconds(50);  // each wait well inside the call deadline
  while (true) {
    grpc::ClientContext context;
    connection.Prepare(&context);
    lro::Operation operation;
    grpc::Status status = stub->WaitOperation(&context, request, &operation);
    if (!status.ok()) return PrintRpcError(status);
    if (operation.done()) return Report(operation, out);
  }
}

void AddOperationsCommand(CLI::App& root) {
  CLI::App* group = root.add_subcommand("operations", "study operations of the workspace service");
  group->require_subcommand(1);
  AddList(group);
  AddGet(group);
  AddWait(group);
  AddCancelOrDelete(group, true);
  AddCancelOrDelete(group, false);
}

}  // namespace govmetrics::cli
