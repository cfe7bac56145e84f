#include "clients/cli/dataset_command.h"

#include <algorithm>
#include <cstdio>
#include <memory>

#include "absl/strings/str_cat.h"
#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/panel_options.h"
#include "clients/cli/rpc_client.h"
#include "common/files/panel_rows.h"
#include "govmetrics/workspace/v1/workspace_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace wv1 = govmetrics::workspace::v1;

constexpr char kWorkspaceTarget[] = "127.0.0.1:50054";

struct DatasetOptions {
  PanelOptions panel;
  std::string display_name;
  int chunk_rows = 50000;
  std::string name;
  std::string agency;
  std::string owner;
  ConnectionOptions connection;
};

void PrintDataset(const wv1::Dataset& d) {
  std::printf("%s\n  display name  %s\n  owner         %s\n", d.name().c_str(),
              d.display_name().c_str(), d.owner_agency().c_str());
  std::printf("  rows          %lld (%lld entities x %lld periods, %s)\n",
              static_cast<long long>(d.row_count()), static_cast<long long>(d.entity_count()),
              static_cast<long long>(d.period_count()), d.balanced() ? "balanced" : "unbalanced");
  std::printf("  columns       %d numeric, %d labels\n  fingerprint   %s\n", d.columns_size(),
              d.labels_size(), d.fingerprint().c_str());
  std::string readers;
  for (const auto& r : d.readers()) absl::StrAppend(&readers, readers.empty() ? "" : ", ", r);
  if (!readers.empty()) std::printf("  shared with   %s\n", readers.c_str());
}

// Rows [first, first + count) of `panel` as one upload message.
wv1::CreateDatasetRequest ChunkOf(const common::v1::Panel& panel, int first, int count) {
  wv1::CreateDatasetRequest message;
  *message.mutable_chunk() = files::PanelRows(panel, first, count);
  return message;
}

int Upload(const CLI::App& command, const DatasetOptions& o) {
  auto panel = LoadPanel(o.panel);
  if (!panel.ok()) return UsageError(command, std::string(panel.status().message()));
  if (o.chunk_rows < 1) return UsageError(command, "--chunk-rows must be at least 1");
  auto connection = Connection::Open(o.connection);
  if (!connection.ok()) return UsageError(command, std::string(connection.status().message()));
  auto stub = wv1::WorkspaceService::NewStub(connection->channel());
  grpc::ClientContext context;
  connection->Prepare(&context);
  wv1::CreateDatasetResponse response;
  auto writer = stub->CreateDataset(&context, &response);
  for (int first = 0; first < panel->entity_size(); first += o.chunk_rows) {
    wv1::CreateDatasetRequest message = ChunkOf(*panel, first, o.chunk_rows);
    if (first == 0) message.set_display_name(o.display_name.empty() ? o.panel.data : o.display_name);
    if (!writer->Write(message)) break;  // the server ended the call: Finish says why
  }
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) return PrintRpcError(status);
  PrintDataset(response.dataset());
  return 0;
}

// Runs one unary workspace call with the options' connection; prints the error if any.
template <typename Call>
int CallWorkspace(const CLI::App& command, const ConnectionOptions& options, Call call) {
  auto connection = Connection::Open(options);
  if (!connection.ok()) return UsageError(command, std::string(connection.status().message()));
  auto stub = wv1::WorkspaceService::NewStub(connection->channel());
  grpc::ClientContext context;
  connection->Prepare(&context);
  grpc::Status status = call(*stub, &context);
  return status.ok() ? 0 : PrintRpcError(status);
}

int List(const CLI::App& command, const DatasetOptions& o) {
  return CallWorkspace(command, o.connection, [&](auto& stub, grpc::ClientContext* context) {
    wv1::ListDatasetsRequest request;
    request.set_owner_agency(o.owner);
    request.set_page_size(1000);
    wv1::ListDatasetsResponse response;
    grpc::Status status = stub.ListDatasets(context, request, &response);
    for (const auto& d : response.datasets()) {
      std::printf("%s  %-12s %10lld rows  %s\n", d.name().c_str(), d.owner_agency().c_str(),
                  static_cast<long long>(d.row_count()), d.display_name().c_str());
    }
    return status;
  });
}

void AddNameArgument(CLI::App* command, DatasetOptions* o) {
  command->add_option("name", o->name, "the dataset, datasets/ID")->required();
}

void AddUpload(CLI::App* group) {
  auto o = std::make_shared<DatasetOptions>();
  CLI::App* command = group->add_subcommand("upload", "upload a CSV panel as a new dataset");
  AddPanelOptions(command, &o->panel);
  command->add_option("--display-name", o->display_name, "free text (default: the file name)");
  command->add_option("--chunk-rows", o->chunk_rows, "rows per upload message");
  AddConnectionOptions(command, &o->connection, kWorkspaceTarget, 3600);
  SetRun(command, [command, o] { return Upload(*command, *o); });
}

void AddList(CLI::App* group) {
  auto o = std::make_shared<DatasetOptions>();
  CLI::App* command = group->add_subcommand("list", "datasets you own or that were shared with you");
  command->add_option("--owner", o->owner, "only datasets of this agency");
  AddConnectionOptions(command, &o->connection, kWorkspaceTarget, 60);
  SetRun(command, [command, o] { return List(*command, *o); });
}

void AddGet(CLI::App* group) {
  auto o = std::make_shared<DatasetOptions>();
  CLI::App* command = group->add_subcommand("get", "describe a dataset");
  AddNameArgument(command, o.get());
  AddConnectionOptions(command, &o->connection, kWorkspaceTarget, 60);
  SetRun(command, [command, o] {
    return CallWorkspace(*command, o->connection, [&](auto& stub, grpc::ClientContext* context) {
      wv1::GetDatasetRequest request;
      request.set_name(o->name);
      wv1::GetDatasetResponse response;
      grpc::Status status = stub.GetDataset(context, request, &response);
      if (status.ok()) PrintDataset(response.dataset());
      return status;
    });
  });
}

void AddShare(CLI::App* group, bool grant) {
  auto o = std::make_shared<DatasetOptions>();
  CLI::App* command = group->add_subcommand(
      grant ? "share" : "unshare",
      grant ? "let another agency read a dataset you own" : "revoke an agency's read access");
  AddNameArgument(command, o.get());
  command->add_option("agency", o->agency, "the agency")->required();
  AddConnectionOptions(command, &o->connection, kWorkspaceTarget, 60);
  SetRun(command, [command, o, grant] {
    return CallWorkspace(*command, o->connection, [&](auto& stub, grpc::ClientContext* context) {
      wv1::ShareDatasetResponse shared;
      wv1::UnshareDatasetResponse unshared;
      wv1::ShareDatasetRequest share;
      share.set_name(o->name);
      share.set_agency(o->agency);
      wv1::UnshareDatasetRequest unshare;
      unshare.set_name(o->name);
      unshare.set_agency(o->agency);
      grpc::Status status = grant ? stub.ShareDataset(context, share, &shared)
                                  : stub.UnshareDataset(context, unshare, &unshared);
      if (status.ok()) PrintDataset(grant ? shared.dataset() : unshared.dataset());
      return status;
    });
  });
}

void AddDelete(CLI::App* group) {
  auto o = std::make_shared<DatasetOptions>();
  CLI::App* command = group->add_subcommand("delete", "delete a dataset you own");
  AddNameArgument(command, o.get());
  AddConnectionOptions(command, &o->connection, kWorkspaceTarget, 60);
  SetRun(command, [command, o] {
    return CallWorkspace(*command, o->connection, [&](auto& stub, grpc::ClientContext* context) {
      wv1::DeleteDatasetRequest request;
      request.set_name(o->name);
      wv1::DeleteDatasetResponse response;
      grpc::Status status = stub.DeleteDataset(context, request, &response);
      if (status.ok()) std::printf("deleted %s\n", o->name.c_str());
      return status;
    });
  });
}

}  // namespace

void AddDatasetCommand(CLI::App& root) {
  CLI::App* group = root.add_subcommand("dataset", "datasets kept by the workspace service");
  group->require_subcommand(1);
  AddUpload(group);
  AddList(group);
  AddGet(group);
  AddShare(group, true);
  AddShare(group, false);
  AddDelete(group);
}

}  // namespace govmetrics::cli
