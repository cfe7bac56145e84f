#include "common/workspace_client/panel_source.h"

#include "absl/strings/match.h"
#include "common/contracts/field_violations.h"

namespace govmetrics::workspace_client {

namespace {

// The one rule for a `dataset` field (panel_source.h).
absl::Status CheckReference(const std::string& dataset, bool has_panel, const DatasetReader* reader) {
  if (has_panel) {
    return contracts::InvalidField(
        "dataset", "set either panel (inline rows) or dataset (a stored dataset), not both");
  }
  if (!absl::StartsWith(dataset, "datasets/") || dataset.size() == 9 ||
      dataset.find('/', 9) != std::string::npos) {
    return contracts::InvalidField("dataset", "a dataset is named \"datasets/{id}\"");
  }
  if (reader == nullptr) {
    return contracts::FailedPreconditionOn(
        "dataset", "this server was started without --workspace_address, so it cannot read "
                   "stored datasets: send the panel inline");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<DatasetPanel> ReadReferencedDataset(const grpc::ServerContextBase& caller,
                                                   const std::string& dataset, bool has_panel,
                                                   const google::protobuf::Message* request,
                                                   const DatasetReader* reader) {
  if (absl::Status checked = CheckReference(dataset, has_panel, reader); !checked.ok()) return checked;
  return reader->Read(caller, dataset, request);
}

absl::StatusOr<DatasetColumns> ReadReferencedColumns(const grpc::ServerContextBase& caller,
                                                     const std::string& dataset, bool has_panel,
                                                     const google::protobuf::Message& request,
                                                     const DatasetReader* reader,
                                                     const std::vector<std::string>& engine_order) {
  if (absl::Status checked = CheckReference(dataset, has_panel, reader); !checked.ok()) return checked;
  return reader->ReadColumns(caller, dataset, request, engine_order);
}

}  // namespace govmetrics::workspace_client
