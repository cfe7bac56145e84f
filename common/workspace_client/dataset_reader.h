#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_DATASET_READER_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_DATASET_READER_H_

// How the compute services (index, modeling, reporting) read a dataset stored in the
// workspace when a request names one ("dataset": "datasets/{id}") instead of sending the
// panel inline: docs/api.md, "Compute by reference".
// - Access is the caller's: the call's bearer token goes to the workspace with its
//   deadline and request id, so the workspace answers NOT_FOUND / PERMISSION_DENIED for
//   a dataset the caller's agency may not read, exactly as it does to the caller.
// - GetDataset first (access, fingerprint, columns), then ReadDataset streams only the
//   columns the request names, into one Panel, or into columns (ReadColumns: the
//   COLUMNAR encoding, entity names sent once as codes); the PanelCache keeps recent ones.
// - The panel's provenance fingerprint is the dataset's (the fingerprint of the whole
//   uploaded panel), so it equals what the same call with the panel inline reports.
// - ReadColumns of a large dataset reads it over several streams at once
//   (`read_streams`, --dataset_read_streams), each a slice of its rows
//   (ReadDatasetRequest.slice) on a connection and thread of its own, decoded into
//   columns of its own and joined in order (slice_merger.h): one stream's receiving and
//   decoding keep one core busy, and the workspace sends faster than that. Each stream
//   asks for entity codes numbered across the dataset (ReadDatasetRequest.
//   dataset_entity_codes), so the join appends the slices' names and codes as they are;
//   a workspace or dataset that cannot number them so is joined through dictionaries
//   (slice_numbering.h tells which, per slice). The result is the same bit for bit as a
//   single stream's, and so are the facts each slice's thread gathered as its rows came
//   (contracts/columnar_checks.h, identifier_facts.h), joined at the slices' boundaries:
//   after the last byte no pass over every row runs that one stream skips.

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/contracts/columnar_panel.h"
#include "common/workspace_client/panel_cache.h"
#include "common/workspace_client/slice_numbering.h"
#include "google/protobuf/message.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "govmetrics/workspace/v1/workspace_service.grpc.pb.h"
#include "grpcpp/grpcpp.h"

namespace govmetrics::workspace_client {

class ColumnarChunkParser;

// A panel read from the workspace, with the stored dataset's fingerprint.
struct DatasetPanel {
  std::shared_ptr<const common::v1::Panel> panel;
  std::string fingerprint;
};

// The same, the read columns in columnar form (what the panel engine works on).
struct DatasetColumns {
  std::shared_ptr<const contracts::ColumnarPanel> columns;
  std::string fingerprint;
  // The same columns when nothing else holds them (too large for the cache): the caller
  // may consume them (contracts::ModelRequest::consumable_columns). Null otherwise.
  std::shared_ptr<contracts::ColumnarPanel> exclusive;
};

class DatasetReader {
 public:
  // `read_streams`: at most this many concurrent ReadDataset streams per ReadColumns
  // (1: a single stream, the only form a workspace older than ReadDatasetRequest.slice
  // serves).
  DatasetReader(std::string target, std::shared_ptr<grpc::ChannelCredentials> credentials,
                size_t cache_bytes, int read_streams = 1);

  // Reads dataset `name` on behalf of the caller of `caller`: the columns and labels
  // `request` names (request_columns.h), or all of them when `request` is null.
  absl::StatusOr<DatasetPanel> Read(const grpc::ServerContextBase& caller, const std::string& name,
                                    const google::protobuf::Message* request) const;

  // The same read streamed into columns: entity names become codes as the chunks arrive,
  // so no Panel of the whole dataset is ever built (compute by reference of large panels).
  // `engine_order`: the columns to lay out first, in that order (ColumnarPanelBuilder),
  // so a model's input can take them over as they are (contracts::EngineColumnOrder).
  absl::StatusOr<DatasetColumns> ReadColumns(const grpc::ServerContextBase& caller,
                                             const std::string& name,
                                             const google::protobuf::Message& request,
                                             const std::vector<std::string>& engine_order = {}) const;

  const std::string& target() const { return target_; }
  const PanelCache& cache() const { return cache_; }

 private:
  // A connection of its own for each concurrent stream of a read, with ReadDataset
  // registered on it.
  struct ReadChannel {
    std::shared_ptr<grpc::Channel> channel;
    grpc::internal::RpcMethod method;
  };

  absl::StatusOr<workspace::v1::Dataset> Describe(const grpc::ServerContextBase& caller,
                                                  const std::string& name) const;
  // Streams the read's messages (a ReadDatasetResponse, or its bytes: grpc::ByteBuffer)
  // over `channel` into `sink`, which returns the message's row count; an error from it
  // cancels the read (DATA_LOSS). Returns the rows received.
  template <typename Message>
  using ChunkSink = std::function<absl::StatusOr<int64_t>(Message& message)>;
  template <typename Message>
  absl::StatusOr<int64_t> ReceiveChunks(const ReadChannel& channel, grpc::ClientContext* context,
                                        const workspace::v1::Dataset& dataset,
                                        const workspace::v1::ReadDatasetRequest& read,
                                        const ChunkSink<Message>& sink) const;
  // The whole read on one stream, on the caller's behalf: every row must come.
  template <typename Message>
  absl::Status StreamChunks(const grpc::ServerContextBase& caller,
                            const workspace::v1::Dataset& dataset,
                            const workspace::v1::ReadDatasetRequest& read,
                            const ChunkSink<Message>& sink) const;
  // A single-stream COLUMNAR read into `parser`, parsed on a second thread (parse_behind.h).
  absl::Status ReceiveBehind(const grpc::ServerContextBase& caller,
                             const workspace::v1::Dataset& dataset,
                             const workspace::v1::ReadDatasetRequest& read,
                             ColumnarChunkParser& parser) const;
  // How many streams ReadColumns reads `dataset` over.
  int StreamsFor(const workspace::v1::Dataset& dataset) const;
  // One slice of a read over several streams: its row arrays and dictionaries, and where
  // its rows start in the read (its first message's first_row; -1 until it comes).
  struct Slice {
    std::unique_ptr<contracts::ColumnarPanelBuilder> builder;
    int64_t first_row = -1;
    int64_t rows = 0;
    SliceNumbering numbering;  // the dataset's entity codes, or the slice's own
  };
  // Slice `index` of `count` of the read into `slice`, its values into their rows of
  // `block`, on stream `index`'s connection; `received` counts the rows of all slices.
  absl::Status ReceiveSlice(int index, int count, grpc::ClientContext* context,
                            const workspace::v1::Dataset& dataset,
                            const workspace::v1::ReadDatasetRequest& read, Eigen::MatrixXd* block,
                            Slice* slice, std::atomic<int64_t>* received) const;
  // Each slice's rows start where the previous slices' end (DATA_LOSS otherwise): the
  // values each slice wrote in place are then the read's, in order.
  static absl::Status CheckSlicesTile(const workspace::v1::Dataset& dataset,
                                      const std::vector<Slice>& slices);
  // The slices, received, joined in order into one panel with `block` as its values
  // (slice_merger.h); DATA_LOSS naming the slice that does not join.
  static absl::StatusOr<std::shared_ptr<contracts::ColumnarPanel>> JoinSlices(
      const workspace::v1::Dataset& dataset, std::vector<Slice> slices, Eigen::MatrixXd block);
  // StreamColumns over `streams` (> 1) slices at once, joined into one panel.
  absl::StatusOr<std::shared_ptr<contracts::ColumnarPanel>> StreamColumnSlices(
      const grpc::ServerContextBase& caller, const workspace::v1::Dataset& dataset,
      const workspace::v1::ReadDatasetRequest& read, int streams,
      const std::vector<std::string>& engine_order) const;
  absl::StatusOr<std::shared_ptr<common::v1::Panel>> Stream(
      const grpc::ServerContextBase& caller, const workspace::v1::Dataset& dataset,
      const workspace::v1::ReadDatasetRequest& read) const;
  absl::StatusOr<std::shared_ptr<contracts::ColumnarPanel>> StreamColumns(
      const grpc::ServerContextBase& caller, const workspace::v1::Dataset& dataset,
      const workspace::v1::ReadDatasetRequest& read,
      const std::vector<std::string>& engine_order) const;
  // A read panel of either form; `exclusive` as in DatasetColumns.
  template <typename T>
  struct ReadResult {
    std::shared_ptr<const T> shared;
    std::string fingerprint;
    std::shared_ptr<T> exclusive;
  };
  // Describe (the access check), the columns `request` names, the cache, else `stream`.
  template <typename T, typename StreamFn>
  absl::StatusOr<ReadResult<T>> ReadCached(
      const grpc::ServerContextBase& caller, const std::string& name,
      const google::protobuf::Message* request, const char* form, StreamFn stream) const;
  absl::Status Failure(const grpc::Status& status, const std::string& name, const char* method) const;

  std::string target_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<workspace::v1::WorkspaceService::Stub> stub_;
  // ReadDataset, for reading its messages as bytes (ColumnarChunkParser) or as messages:
  // on channel_ first, then on one more connection for each further concurrent stream.
  std::vector<ReadChannel> read_channels_;
  mutable PanelCache cache_;
};

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_DATASET_READER_H_
