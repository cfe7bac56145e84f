#include "common/workspace_client/dataset_reader.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/rpc/bulk_read_channel.h"
#include "common/rpc/call_admission.h"
#include "common/rpc/service_channel.h"
#include "common/rpc/status_mapping.h"
#include "common/stats/huge_pages.h"
#include "common/workspace_client/columnar_chunk_parser.h"
#include "common/workspace_client/concurrent_streams.h"
#include "common/workspace_client/parse_behind.h"
#include "common/workspace_client/request_columns.h"
#include "common/workspace_client/response_header.h"
#include "common/workspace_client/slice_merger.h"

namespace govmetrics::workspace_client {
namespace {

using common::v1::Panel;
using ReadMessage = workspace::v1::ReadDatasetResponse;

// Used when the caller set no deadline: a read must still end.
constexpr auto kDefaultReadTimeout = std::chrono::minutes(30);

std::string MetadataValue(const grpc::ServerContextBase& caller, const char* key) {
  const auto& metadata = caller.client_metadata();
  auto it = metadata.find(key);
  return it == metadata.end() ? "" : std::string(it->second.data(), it->second.size());
}

// The workspace call's context: the caller's deadline, cancellation, bearer token and
// request id. A caller the server identified by client certificate has no token to
// pass on, and the workspace must not take it for this server: refused.
absl::StatusOr<std::unique_ptr<grpc::ClientContext>> CallerContext(
    const grpc::ServerContextBase& caller) {
  const std::string authorization = MetadataValue(caller, "authorization");
  auto admission = rpc::GetAdmission(&caller);
  if (authorization.empty() && admission.has_value() && !admission->agency.empty()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "a dataset is read with the caller's bearer token, and this call (agency ",
        admission->agency, ") authenticated without one (client certificate): send a token "
        "or the panel inline"));
  }
  auto context = grpc::ClientContext::FromServerContext(caller);
  if (!authorization.empty()) context->AddMetadata("authorization", authorization);
  const std::string request_id = MetadataValue(caller, "x-request-id");
  if (!request_id.empty()) context->AddMetadata("x-request-id", request_id);
  const auto cap = std::chrono::system_clock::now() + kDefaultReadTimeout;
  if (context->deadline() > cap) context->set_deadline(cap);
  return context;
}

// `read` in the COLUMNAR encoding with entity codes and periods as runs where shorter
// (one value per row from a workspace older than run_length_codes: the parser takes both).
workspace::v1::ReadDatasetRequest ColumnarRequest(const workspace::v1::ReadDatasetRequest& read) {
  workspace::v1::ReadDatasetRequest columnar = read;
  columnar.set_encoding(workspace::v1::CHUNK_ENCODING_COLUMNAR);
  columnar.set_run_length_codes(true);
  return columnar;
}

std::string CacheKey(const std::string& fingerprint, const workspace::v1::ReadDatasetRequest& read) {
  return absl::StrCat(fingerprint, "|", absl::StrJoin(read.columns(), ","), "|",
                      absl::StrJoin(read.labels(), ","));
}

// Lays out the panel the read fills: the columns and labels it asked for, in the
// dataset's order (the order ReadDataset streams them in), with room for every row up
// front, so a large panel does not grow by doubling (and twice the memory) as it streams.
void Layout(const workspace::v1::Dataset& dataset, const workspace::v1::ReadDatasetRequest& read,
            Panel* panel) {
  const bool all = read.columns().empty() && read.labels().empty();
  const auto& columns = all ? dataset.columns() : read.columns();
  const auto& labels = all ? dataset.labels() : read.labels();
  const int rows = static_cast<int>(dataset.row_count());
  panel->mutable_entity()->Reserve(rows);
  panel->mutable_period()->Reserve(rows);
  for (const std::string& name : columns) {
    auto* column = panel->add_columns();
    column->set_name(name);
    column->mutable_values()->Reserve(rows);
  }
  for (const std::string& name : labels) {
    auto* label = panel->add_labels();
    label->set_name(name);
    label->mutable_values()->Reserve(rows);
  }
}

bool SameLayout(const Panel& chunk, const Panel& panel) {
  if (chunk.columns_size() != panel.columns_size() || chunk.labels_size() != panel.labels_size()) {
    return false;
  }
  for (int c = 0; c < chunk.columns_size(); ++c) {
    if (chunk.columns(c).name() != panel.columns(c).name()) return false;
  }
  for (int l = 0; l < chunk.labels_size(); ++l) {
    if (chunk.labels(l).name() != panel.labels(l).name()) return false;
  }
  return true;
}

// Appends a chunk's rows to `panel`, moving the strings out of the chunk.
void AppendChunk(Panel& chunk, Panel* panel) {
  for (auto& entity : *chunk.mutable_entity()) panel->add_entity(std::move(entity));
  panel->mutable_period()->Add(chunk.period().begin(), chunk.period().end());
  for (int c = 0; c < chunk.columns_size(); ++c) {
    const auto& values = chunk.columns(c).values();
    panel->mutable_columns(c)->mutable_values()->Add(values.begin(), values.end());
  }
  for (int l = 0; l < chunk.labels_size(); ++l) {
    for (auto& value : *chunk.mutable_labels(l)->mutable_values()) {
      panel->mutable_labels(l)->add_values(std::move(value));
    }
  }
}

size_t BytesOf(const Panel& panel) { return panel.SpaceUsedLong(); }
size_t BytesOf(const contracts::ColumnarPanel& panel) { return panel.Bytes(); }

constexpr char kWorkspaceService[] = "govmetrics.workspace.v1.WorkspaceService";

// Messages (2 MiB each) received and waiting to be parsed, at most: enough for the
// parser to never wait on the receiver's jitter, bounded next to gRPC's 32 MiB window.
constexpr size_t kMessagesParsedBehind = 8;
constexpr char kReadDataset[] = "/govmetrics.workspace.v1.WorkspaceService/ReadDataset";

// A slice smaller than this is not worth a stream of its own: below it, a read takes
// milliseconds on one stream, and each stream costs the workspace an access check and a
// thread here.
constexpr int64_t kMinRowsPerStream = 1 << 16;

// The channel of the read's stream `stream` (> 0): a connection of its own (a channel
// with its own subchannel pool does not share the first one's), so that the streams'
// bytes are received by different threads rather than queued on one socket.
std::shared_ptr<grpc::Channel> ExtraReadChannel(
    const std::string& target, const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  grpc::ChannelArguments args = rpc::BulkReadChannelArguments();
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return rpc::MakeServiceChannel(target, kWorkspaceService, credentials, args);
}

// Rows reserved for a slice after the first, whose size is known only once it has come:
// its share with room to spare (slices are whole stored chunks, so they differ by about
// one); only the rows that come are touched, and more than this grows the arrays.
int64_t SliceRowsGuess(int64_t rows, int streams) {
  return std::min(rows, 2 * (rows / streams) + kMinRowsPerStream);
}

// The numeric columns and labels a read returns, in the dataset's order (the order
// ReadDataset streams them in).
struct ReadNames {
  std::vector<std::string> columns;
  std::vector<std::string> labels;
};
ReadNames NamesRead(const workspace::v1::Dataset& dataset,
                    const workspace::v1::ReadDatasetRequest& read) {
  const bool all = read.columns().empty() && read.labels().empty();
  const auto& columns = all ? dataset.columns() : read.columns();
  const auto& labels = all ? dataset.labels() : read.labels();
  return {{columns.begin(), columns.end()}, {labels.begin(), labels.end()}};
}

absl::Status CheckRowCount(const workspace::v1::Dataset& dataset, int64_t rows) {
  if (rows == dataset.row_count()) return absl::OkStatus();
  return absl::DataLossError(absl::StrCat("dataset ", dataset.name(), ": the workspace sent ",
                                          rows, " rows of ", dataset.row_count()));
}

}  // namespace

DatasetReader::DatasetReader(std::string target,
                             std::shared_ptr<grpc::ChannelCredentials> credentials,
                             size_t cache_bytes, int read_streams)
    : target_(std::move(target)),
      channel_(rpc::MakeServiceChannel(target_, kWorkspaceService, credentials,
                                       rpc::BulkReadChannelArguments())),
      stub_(workspace::v1::WorkspaceService::NewStub(channel_)),
      cache_(cache_bytes) {
  for (int stream = 0; stream < std::max(read_streams, 1); ++stream) {
    auto channel = stream == 0 ? channel_ : ExtraReadChannel(target_, credentials);
    grpc::internal::RpcMethod method(kReadDataset, grpc::internal::RpcMethod::SERVER_STREAMING,
                                     channel);
    read_channels_.push_back({std::move(channel), method});
  }
}

absl::Status DatasetReader::Failure(const grpc::Status& status, const std::string& name,
                                    const char* method) const {
  absl::Status out = rpc::FromGrpcStatus(status);
  const std::string message =
      status.error_code() == grpc::StatusCode::UNAVAILABLE
          ? absl::StrCat("workspace (", target_, ") unavailable during ", method, " of ", name,
                         ": ", status.error_message())
          : absl::StrCat("dataset ", name, ": ", status.error_message());
  absl::Status renamed(out.code(), message);
  out.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
    renamed.SetPayload(url, payload);
  });
  return renamed;
}

absl::StatusOr<workspace::v1::Dataset> DatasetReader::Describe(const grpc::ServerContextBase& caller,
                                                               const std::string& name) const {
  auto context = CallerContext(caller);
  if (!context.ok()) return context.status();
  workspace::v1::GetDatasetRequest request;
  request.set_name(name);
  workspace::v1::GetDatasetResponse response;
  grpc::Status status = stub_->GetDataset(context->get(), request, &response);
  if (!status.ok()) return Failure(status, name, "GetDataset");
  return std::move(*response.mutable_dataset());
}

template <typename Message>
absl::StatusOr<int64_t> DatasetReader::ReceiveChunks(const ReadChannel& channel,
                                                     grpc::ClientContext* context,
                                                     const workspace::v1::Dataset& dataset,
                                                     const workspace::v1::ReadDatasetRequest& read,
                                                     const ChunkSink<Message>& sink) const {
  // What the generated stub does, with the message type chosen here: a grpc::ByteBuffer
  // keeps the bytes for a parser of our own (the generated ReadDataset has no such form).
  std::unique_ptr<grpc::ClientReader<Message>> reader(
      grpc::internal::ClientReaderFactory<Message>::Create(channel.channel.get(), channel.method,
                                                          context, read));
  Message message;
  int64_t rows = 0;
  absl::Status taken = absl::OkStatus();
  while (taken.ok() && reader->Read(&message)) {
    absl::StatusOr<int64_t> chunk_rows = sink(message);
    taken = chunk_rows.status();
    if (chunk_rows.ok()) rows += *chunk_rows;
  }
  if (!taken.ok()) {
    context->TryCancel();
    (void)reader->Finish();
    return absl::DataLossError(absl::StrCat("dataset ", dataset.name(), ": ", taken.message()));
  }
  grpc::Status status = reader->Finish();
  if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
    return absl::NotFoundError(absl::StrCat("dataset ", dataset.name(),
                                            " was deleted while this call read it: ",
                                            status.error_message()));
  }
  if (!status.ok()) return Failure(status, dataset.name(), "ReadDataset");
  return rows;
}

template <typename Message>
absl::Status DatasetReader::StreamChunks(const grpc::ServerContextBase& caller,
                                         const workspace::v1::Dataset& dataset,
                                         const workspace::v1::ReadDatasetRequest& read,
                                         const ChunkSink<Message>& sink) const {
  auto context = CallerContext(caller);
  if (!context.ok()) return context.status();
  auto rows = ReceiveChunks(read_channels_[0], context->get(), dataset, read, sink);
  if (!rows.ok()) return rows.status();
  return CheckRowCount(dataset, *rows);
}

int DatasetReader::StreamsFor(const workspace::v1::Dataset& dataset) const {
  const int64_t useful = std::max<int64_t>(1, dataset.row_count() / kMinRowsPerStream);
  return static_cast<int>(std::min<int64_t>(useful, static_cast<int64_t>(read_channels_.size())));
}

absl::StatusOr<std::shared_ptr<Panel>> DatasetReader::Stream(
    const grpc::ServerContextBase& caller, const workspace::v1::Dataset& dataset,
    const workspace::v1::ReadDatasetRequest& read) const {
  auto panel = std::make_shared<Panel>();
  Layout(dataset, read, panel.get());
  absl::Status streamed = StreamChunks<ReadMessage>(
      caller, dataset, read, [&](ReadMessage& message) -> absl::StatusOr<int64_t> {
        Panel& chunk = *message.mutable_chunk();
        if (!SameLayout(chunk, *panel)) {
          return absl::DataLossError("the workspace sent columns other than those asked for");
        }
        AppendChunk(chunk, panel.get());
        return chunk.entity_size();
      });
  if (!streamed.ok()) return streamed;
  return panel;
}

absl::StatusOr<std::shared_ptr<contracts::ColumnarPanel>> DatasetReader::StreamColumns(
    const grpc::ServerContextBase& caller, const workspace::v1::Dataset& dataset,
    const workspace::v1::ReadDatasetRequest& read,
    const std::vector<std::string>& engine_order) const {
  if (const int streams = StreamsFor(dataset); streams > 1) {
    return StreamColumnSlices(caller, dataset, read, streams, engine_order);
  }
  ReadNames names = NamesRead(dataset, read);
  contracts::ColumnarPanelBuilder builder(std::move(names.columns), std::move(names.labels),
                                          dataset.row_count(), engine_order);
  const workspace::v1::ReadDatasetRequest columnar = ColumnarRequest(read);
  // A workspace older than the COLUMNAR encoding ignores the field and sends rows: the
  // parser takes both.
  ColumnarChunkParser parser(&builder, dataset.row_count());
  absl::Status streamed = ReceiveBehind(caller, dataset, columnar, parser);
  if (!streamed.ok()) return streamed;
  return std::make_shared<contracts::ColumnarPanel>(std::move(builder).Finish());
}

// The messages are parsed on a thread of their own, a few behind this one, which only
// receives them (parse_behind.h): statuses as if parsed here, a parse error stopping the
// read (a few messages later) with the same text.
absl::Status DatasetReader::ReceiveBehind(const grpc::ServerContextBase& caller,
                                          const workspace::v1::Dataset& dataset,
                                          const workspace::v1::ReadDatasetRequest& read,
                                          ColumnarChunkParser& parser) const {
  auto context = CallerContext(caller);
  if (!context.ok()) return context.status();
  ParseBehind behind([&](grpc::ByteBuffer& message) { return parser.Append(message); },
                     kMessagesParsedBehind);
  auto received = ReceiveChunks<grpc::ByteBuffer>(
      read_channels_[0], context->get(), dataset, read,
      [&](grpc::ByteBuffer& message) -> absl::StatusOr<int64_t> {
        if (absl::Status pushed = behind.Push(message); !pushed.ok()) return pushed;
        return 0;  // counted by the parser
      });
  absl::StatusOr<int64_t> rows = behind.Finish();
  if (!rows.ok()) {  // the first failure: the read stopped for it, or ended before it
    return absl::DataLossError(absl::StrCat("dataset ", dataset.name(), ": ", rows.status().message()));
  }
  if (!received.ok()) return received.status();
  return CheckRowCount(dataset, *rows);
}

absl::Status DatasetReader::CheckSlicesTile(const workspace::v1::Dataset& dataset,
                                            const std::vector<Slice>& slices) {
  int64_t next = 0;
  for (size_t index = 0; index < slices.size(); ++index) {
    const auto& slice = slices[index];
    if (slice.rows > 0 && slice.first_row != next) {
      return absl::DataLossError(absl::StrCat("dataset ", dataset.name(), ": slice ", index,
                                              " of the read starts at row ", slice.first_row,
                                              ", not ", next));
    }
    next += slice.rows;
  }
  return absl::OkStatus();
}

absl::Status DatasetReader::ReceiveSlice(int index, int count, grpc::ClientContext* context,
                                         const workspace::v1::Dataset& dataset,
                                         const workspace::v1::ReadDatasetRequest& read,
                                         Eigen::MatrixXd* block, Slice* slice,
                                         std::atomic<int64_t>* received) const {
  workspace::v1::ReadDatasetRequest sliced = ColumnarRequest(read);
  sliced.mutable_slice()->set_count(count);
  sliced.mutable_slice()->set_index(index);
  sliced.set_dataset_entity_codes(true);  // the join is then a concatenation
  ColumnarChunkParser parser(slice->builder.get(), dataset.row_count());
  auto rows = ReceiveChunks<grpc::ByteBuffer>(
      read_channels_[index], context, dataset, sliced,
      [&](grpc::ByteBuffer& message) -> absl::StatusOr<int64_t> {
        absl::StatusOr<ResponseHeader> header = ReadResponseHeader(message);
        if (!header.ok()) return header.status();
        if (slice->first_row < 0) {  // the first message says where the slice's rows go
          slice->first_row = header->first_row;
          slice->builder->WriteValuesTo(block, header->first_row);
        }
        if (absl::Status numbered = slice->numbering.Next(*header, slice->builder.get());
            !numbered.ok()) {
          return absl::DataLossError(absl::StrCat("slice ", index, ": ", numbered.message()));
        }
        absl::StatusOr<int64_t> chunk_rows = parser.Append(message);
        // Bounds the memory a workspace that ignores the slice (older than it: every
        // row on every stream) can make this process take.
        if (chunk_rows.ok() && (*received += *chunk_rows) > dataset.row_count()) {
          return absl::DataLossError(absl::StrCat(
              "the workspace sent more than the dataset's ", dataset.row_count(), " rows over ",
              count, " streams (a workspace older than ReadDatasetRequest.slice sends every "
              "row on each stream; --dataset_read_streams=1 reads from it)"));
        }
        return chunk_rows;
      });
  if (!rows.ok()) return rows.status();
  slice->rows = *rows;
  return absl::OkStatus();
}

absl::StatusOr<std::shared_ptr<contracts::ColumnarPanel>> DatasetReader::StreamColumnSlices(
    const grpc::ServerContextBase& caller, const workspace::v1::Dataset& dataset,
    const workspace::v1::ReadDatasetRequest& read, int streams,
    const std::vector<std::string>& engine_order) const {
  const ReadNames names = NamesRead(dataset, read);
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<grpc::ClientContext*> cancellable;
  std::vector<Slice> slices(streams);
  for (int index = 0; index < streams; ++index) {
    auto context = CallerContext(caller);  // the caller's deadline, cancellation and token
    if (!context.ok()) return context.status();
    cancellable.push_back(context->get());
    contexts.push_back(*std::move(context));
    // The first slice's row arrays become the result's: room for every row.
    const int64_t rows = index == 0 ? dataset.row_count()
                                    : SliceRowsGuess(dataset.row_count(), streams);
    slices[index].builder = std::make_unique<contracts::ColumnarPanelBuilder>(
        names.columns, names.labels, rows, engine_order);
  }
  // Every slice's values, written in place as they come (no copy when joining).
  Eigen::MatrixXd block(dataset.row_count(), static_cast<Eigen::Index>(names.columns.size()));
  stats::AdviseHugePages(block.data(), sizeof(double) * static_cast<size_t>(block.size()));
  std::atomic<int64_t> received{0};
  absl::Status streamed = RunConcurrently(cancellable, [&](int index) {
    return ReceiveSlice(index, streams, cancellable[index], dataset, read, &block,
                        &slices[index], &received);
  });
  if (!streamed.ok()) return streamed;
  if (auto all = CheckRowCount(dataset, received); !all.ok()) return all;
  if (auto placed = CheckSlicesTile(dataset, slices); !placed.ok()) return placed;
  return JoinSlices(dataset, std::move(slices), std::move(block));
}

absl::StatusOr<std::shared_ptr<contracts::ColumnarPanel>> DatasetReader::JoinSlices(
    const workspace::v1::Dataset& dataset, std::vector<Slice> slices, Eigen::MatrixXd block) {
  SliceMerger merger;
  bool concatenated = false;  // a slice's names appended without a dictionary
  for (size_t index = 0; index < slices.size(); ++index) {
    const std::optional<int64_t> entities_before = slices[index].numbering.entities_before();
    concatenated = concatenated || (index > 0 && entities_before.has_value());
    if (auto appended =
            merger.Append(std::move(slices[index].builder->mutable_panel()), entities_before);
        !appended.ok()) {
      return absl::DataLossError(absl::StrCat("dataset ", dataset.name(), ": slice ", index,
                                              " of the read: ", appended.message()));
    }
    slices[index].builder.reset();  // its memory back before the next one is joined
  }
  auto panel =
      std::make_shared<contracts::ColumnarPanel>(std::move(merger).Finish(std::move(block)));
  // Without a dictionary, a name sent as new by two slices would be two entities: the
  // dataset's count of distinct entities tells (every name sent is used by a row).
  if (concatenated && static_cast<int64_t>(panel->entity_names.size()) != dataset.entity_count()) {
    return absl::DataLossError(absl::StrCat("dataset ", dataset.name(), ": the slices of the read ",
                                            "sent ", panel->entity_names.size(), " entities; the ",
                                            "dataset has ", dataset.entity_count()));
  }
  return panel;
}

template <typename T, typename StreamFn>
absl::StatusOr<DatasetReader::ReadResult<T>> DatasetReader::ReadCached(
    const grpc::ServerContextBase& caller, const std::string& name,
    const google::protobuf::Message* request, const char* form, StreamFn stream) const {
  auto dataset = Describe(caller, name);  // the access check, on every call
  if (!dataset.ok()) return dataset.status();
  workspace::v1::ReadDatasetRequest read;
  read.set_name(name);
  if (request != nullptr) SelectNamedColumns(*dataset, *request, &read);
  const std::string key = absl::StrCat(form, "|", CacheKey(dataset->fingerprint(), read));
  if (auto cached = cache_.Find<T>(key)) {
    return ReadResult<T>{std::move(cached), dataset->fingerprint(), nullptr};
  }
  absl::StatusOr<std::shared_ptr<T>> panel = stream(*dataset, read);
  if (!panel.ok()) return panel.status();
  const bool kept = cache_.Insert(key, std::shared_ptr<const T>(*panel), BytesOf(**panel));
  return ReadResult<T>{*panel, dataset->fingerprint(), kept ? nullptr : *panel};
}

absl::StatusOr<DatasetPanel> DatasetReader::Read(const grpc::ServerContextBase& caller,
                                                 const std::string& name,
                                                 const google::protobuf::Message* request) const {
  auto read = ReadCached<Panel>(caller, name, request, "panel", [&](const auto& dataset, const auto& r) {
    return Stream(caller, dataset, r);
  });
  if (!read.ok()) return read.status();
  return DatasetPanel{std::move(read->shared), std::move(read->fingerprint)};
}

absl::StatusOr<DatasetColumns> DatasetReader::ReadColumns(
    const grpc::ServerContextBase& caller, const std::string& name,
    const google::protobuf::Message& request, const std::vector<std::string>& engine_order) const {
  auto read = ReadCached<contracts::ColumnarPanel>(
      caller, name, &request, "columns", [&](const auto& dataset, const auto& r) {
        return StreamColumns(caller, dataset, r, engine_order);
      });
  if (!read.ok()) return read.status();
  return DatasetColumns{std::move(read->shared), std::move(read->fingerprint),
                        std::move(read->exclusive)};
}

}  // namespace govmetrics::workspace_client
