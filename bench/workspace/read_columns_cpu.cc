// The modeling process's side of a read by reference, alone: reads a dataset's y, x1..x5,
// entity and period from govmetrics-workspace in the COLUMNAR encoding, decoded into
// columns as the modeling service does (the same channel arguments, ColumnarChunkParser,
// ColumnarPanelBuilder with the fit's engine order, the large-block pool), REPEAT times,
// and prints per read the wall time, this process's CPU time and minor page faults, and a
// checksum of the decoded columns (a change to the decoding must keep it). No fit: the
// cost of receiving and decoding, without the engine's noise.
// A gRPC server with a callback service runs in the process as in the modeling server:
// its threads poll the same file descriptors as the reading thread, and may perform the
// reads (a cost the reading thread alone would not show); SERVE=0 leaves it out.
// bench/workspace/read_dataset_cpu.py --modeling-reader runs it against a bench dataset.
//
//   read_columns_cpu TARGET TOKEN DATASET REPEAT [POOL_MB [SERVE]]

#include <sys/resource.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "common/contracts/columnar_panel.h"
#include "common/memory/process_large_blocks.h"
#include "common/rpc/bulk_read_channel.h"
#include "common/rpc/service_channel.h"
#include "common/workspace_client/columnar_chunk_parser.h"
#include "common/workspace_client/parse_behind.h"
#include "govmetrics/workspace/v1/workspace_service.grpc.pb.h"
#include "grpcpp/generic/async_generic_service.h"
#include "grpcpp/grpcpp.h"

namespace {

using govmetrics::contracts::ColumnarPanel;
using govmetrics::contracts::ColumnarPanelBuilder;
namespace wv1 = govmetrics::workspace::v1;

const std::vector<std::string> kColumns = {"y", "x1", "x2", "x3", "x4", "x5"};
const std::vector<std::string> kEngineOrder = {"x1", "x2", "x3", "x4", "x5", "y"};  // regressors, dependent

struct Usage {
  double cpu_seconds;
  long minor_faults;
};

Usage ProcessUsage() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + 1e-6 * t.tv_usec; };
  return {seconds(usage.ru_utime) + seconds(usage.ru_stime), usage.ru_minflt};
}

// FNV-1a over the decoded arrays: equal checksums, equal columns.
uint64_t Checksum(const ColumnarPanel& panel) {
  uint64_t hash = 1469598103934665603ull;
  auto add = [&](const void* data, size_t bytes) {
    const auto* p = static_cast<const unsigned char*>(data);
    for (size_t i = 0; i < bytes; ++i) hash = (hash ^ p[i]) * 1099511628211ull;
  };
  add(panel.entity.data(), panel.entity.size() * sizeof(int32_t));
  add(panel.period.data(), panel.period.size() * sizeof(int32_t));
  add(panel.values.data(), static_cast<size_t>(panel.values.size()) * sizeof(double));
  for (const std::string& name : panel.entity_names) add(name.data(), name.size() + 1);
  return hash;
}

// One read, as DatasetReader::StreamColumns does it; false on an error (printed).
bool ReadOnce(grpc::Channel* channel, const grpc::internal::RpcMethod& method,
              const std::string& token, const wv1::ReadDatasetRequest& request, int64_t rows,
              ColumnarPanel* out) {
  ColumnarPanelBuilder builder(kColumns, {}, rows, kEngineOrder);
  govmetrics::workspace_client::ColumnarChunkParser parser(&builder, rows);
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + token);
  std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader(
      grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(channel, method, &context, request));
  // Parsed on a second thread, a few messages behind, as DatasetReader does (PARSE_BEHIND=0:
  // on this thread, as before it).
  const char* behind_env = std::getenv("PARSE_BEHIND");
  const bool parse_behind = behind_env == nullptr || std::atoi(behind_env) != 0;
  govmetrics::workspace_client::ParseBehind behind(
      [&](grpc::ByteBuffer& message) { return parser.Append(message); }, 8);
  grpc::ByteBuffer message;
  while (reader->Read(&message)) {
    absl::Status appended =
        parse_behind ? behind.Push(message) : parser.Append(message).status();
    if (!appended.ok()) {
      std::fprintf(stderr, "decode: %s\n", appended.ToString().c_str());
      context.TryCancel();
      (void)reader->Finish();
      return false;
    }
  }
  if (auto parsed = behind.Finish(); !parsed.ok()) {
    std::fprintf(stderr, "decode: %s\n", parsed.status().ToString().c_str());
    (void)reader->Finish();
    return false;
  }
  grpc::Status status = reader->Finish();
  if (!status.ok()) {
    std::fprintf(stderr, "ReadDataset: %s\n", status.error_message().c_str());
    return false;
  }
  *out = std::move(builder).Finish();
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: %s TARGET TOKEN DATASET REPEAT [POOL_MB] [SERVE] [RUNS]\n", argv[0]);
    return 2;
  }
  const std::string target = argv[1], token = argv[2], dataset = argv[3];
  const int repeat = std::atoi(argv[4]);
  const long pool_mb = argc > 5 ? std::atol(argv[5]) : 16384;
  const bool serve = argc > 6 ? std::atoi(argv[6]) != 0 : true;
  // ReadDatasetRequest.run_length_codes, as the modeling service sets it (0: one per row).
  const bool runs = argc > 7 ? std::atoi(argv[7]) != 0 : true;
  grpc::CallbackGenericService idle_service;  // answers nothing: only its threads matter
  std::unique_ptr<grpc::Server> server;
  if (serve) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterCallbackGenericService(&idle_service);
    server = builder.BuildAndStart();
  }
  if (pool_mb > 0) {
    govmetrics::memory::LargeBlockPoolOptions options;
    options.max_idle_bytes = static_cast<size_t>(pool_mb) << 20;
    govmetrics::memory::ConfigureProcessLargeBlocks(options);
  }
  auto channel = govmetrics::rpc::MakeServiceChannel(
      target, "govmetrics.workspace.v1.WorkspaceService", grpc::InsecureChannelCredentials(),
      govmetrics::rpc::BulkReadChannelArguments());
  auto stub = wv1::WorkspaceService::NewStub(channel);
  grpc::ClientContext describe;
  describe.AddMetadata("authorization", "Bearer " + token);
  wv1::GetDatasetRequest get;
  get.set_name(dataset);
  wv1::GetDatasetResponse described;
  if (grpc::Status s = stub->GetDataset(&describe, get, &described); !s.ok()) {
    std::fprintf(stderr, "GetDataset: %s\n", s.error_message().c_str());
    return 1;
  }
  const grpc::internal::RpcMethod method("/govmetrics.workspace.v1.WorkspaceService/ReadDataset",
                                         grpc::internal::RpcMethod::SERVER_STREAMING, channel);
  wv1::ReadDatasetRequest request;
  request.set_name(dataset);
  for (const std::string& column : kColumns) request.add_columns(column);
  request.set_encoding(wv1::CHUNK_ENCODING_COLUMNAR);
  request.set_run_length_codes(runs);
  for (int i = 0; i < repeat; ++i) {
    ColumnarPanel panel;
    const Usage before = ProcessUsage();
    const auto start = std::chrono::steady_clock::now();
    if (!ReadOnce(channel.get(), method, token, request, described.dataset().row_count(), &panel)) {
      return 1;
    }
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const Usage after = ProcessUsage();
    std::printf("read %d: %.3f s wall, reader CPU %.3f s, %ld minor faults, %lld rows, checksum %016llx\n",
                i, wall, after.cpu_seconds - before.cpu_seconds, after.minor_faults - before.minor_faults,
                static_cast<long long>(panel.rows()), static_cast<unsigned long long>(Checksum(panel)));
    std::fflush(stdout);
  }
  if (server != nullptr) server->Shutdown();
  return 0;
}
