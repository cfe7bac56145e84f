#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_PANEL_SOURCE_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_PANEL_SOURCE_H_

// Where a compute request's panel comes from: inline (`panel`) or by reference
// (`dataset`, read from the workspace). The one rule for both every compute request
// follows: exactly one of the two (both -> INVALID_ARGUMENT on "dataset"; neither is the
// request's own validation's "panel" error, as before datasets existed).

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/workspace_client/dataset_reader.h"
#include "google/protobuf/message.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "grpcpp/server_context.h"

namespace govmetrics::workspace_client {

// Checks `dataset` (the request's field) and reads it with `reader` (null: this server
// has no --workspace_address, FAILED_PRECONDITION). `has_panel`: the request also set a
// panel. `request`: what names the columns to read, or null for every column.
absl::StatusOr<DatasetPanel> ReadReferencedDataset(const grpc::ServerContextBase& caller,
                                                   const std::string& dataset, bool has_panel,
                                                   const google::protobuf::Message* request,
                                                   const DatasetReader* reader);

// The same checks, the columns `request` names read in columnar form, `engine_order`'s
// first (DatasetReader::ReadColumns).
absl::StatusOr<DatasetColumns> ReadReferencedColumns(const grpc::ServerContextBase& caller,
                                                     const std::string& dataset, bool has_panel,
                                                     const google::protobuf::Message& request,
                                                     const DatasetReader* reader,
                                                     const std::vector<std::string>& engine_order);

// The panel of a request with `panel` and `dataset` fields: its own panel when `dataset`
// is empty (not owned: lives as long as the request), otherwise the dataset's, whole.
template <typename Request>
absl::StatusOr<DatasetPanel> WholePanelOf(const grpc::ServerContextBase& caller,
                                          const Request& request, const DatasetReader* reader) {
  if (request.dataset().empty()) {
    return DatasetPanel{std::shared_ptr<const common::v1::Panel>(
                            std::shared_ptr<const common::v1::Panel>(), &request.panel()),
                        ""};
  }
  return ReadReferencedDataset(caller, request.dataset(), request.has_panel(), nullptr, reader);
}

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_PANEL_SOURCE_H_
