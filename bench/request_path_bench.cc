// Where the server time of one provincial-size request goes, stage by stage, without
// the network: parse the wire bytes (on the heap, and on an arena as the servers do), validate the panel, fingerprint it for provenance,
// compute (validation + stats + response), serialize the response. The requests are the
// ones the load test sends (bench/load/run_load.py --write_requests DIR writes them):
// 31 provinces x 7 years = 217 rows, "study" shape with the whole study panel (~62 KB),
// "lean" shape with only the columns the call uses.
//
//   GOVMETRICS_LOAD_REQUESTS=DIR request_path_bench
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "benchmark/benchmark.h"
#include "common/contracts/fit_request.h"
#include "common/contracts/index_request.h"
#include "common/contracts/panel_view.h"
#include "common/rpc/arena_messages.h"

namespace govmetrics::contracts {
namespace {

std::string RequestBytes(const std::string& name) {
  const char* dir = std::getenv("GOVMETRICS_LOAD_REQUESTS");
  const std::string path = std::string(dir ? dir : "/tmp/govmetrics-load") + "/" + name;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "missing %s: run bench/load/run_load.py --write_requests DIR\n",
                 path.c_str());
    std::exit(2);
  }
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

template <typename Request>
const Request& Parsed(const std::string& name) {
  static auto* cache = new std::map<std::string, Request>;
  auto it = cache->find(name);
  if (it == cache->end()) {
    it = cache->emplace(name, Request()).first;
    it->second.ParseFromString(RequestBytes(name));
  }
  return it->second;
}

using FitRequest = modeling::v1::FitPanelModelRequest;
using IndexRequest = index::v1::ComputeIndexRequest;

std::string FitFile(const std::string& shape) { return "fit_panel_model_" + shape + ".bin"; }
std::string IndexFile(const std::string& shape) { return "compute_index_" + shape + ".bin"; }

template <typename Request>
void Parse(benchmark::State& state, const std::string& file) {
  const std::string bytes = RequestBytes(file);
  for (auto _ : state) {
    Request request;
    benchmark::DoNotOptimize(request.ParseFromString(bytes));
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes.size()));
}

void BM_ValidatePanel(benchmark::State& state, std::string shape) {
  const auto& request = Parsed<FitRequest>(FitFile(shape));
  for (auto _ : state) benchmark::DoNotOptimize(PanelView::Create(request.panel()));
}

void BM_PanelFingerprint(benchmark::State& state, std::string shape) {
  const auto& request = Parsed<FitRequest>(FitFile(shape));
  for (auto _ : state) benchmark::DoNotOptimize(PanelFingerprint(request.panel()));
}

void BM_FitPanelModel(benchmark::State& state, std::string shape) {
  const auto& request = Parsed<FitRequest>(FitFile(shape));
  for (auto _ : state) benchmark::DoNotOptimize(FitPanelModel(request, nullptr));
}

void BM_ComputeIndex(benchmark::State& state, std::string shape) {
  const auto& request = Parsed<IndexRequest>(IndexFile(shape));
  for (auto _ : state) benchmark::DoNotOptimize(ComputeIndex(request));
}

template <typename Request, typename Compute>
void SerializeResponse(benchmark::State& state, const Request& request, Compute compute) {
  const auto response = compute(request);
  for (auto _ : state) benchmark::DoNotOptimize(response->SerializeAsString());
  state.counters["response_bytes"] = static_cast<double>(response->ByteSizeLong());
}

void BM_SerializeFitResponse(benchmark::State& state, std::string shape) {
  SerializeResponse(state, Parsed<FitRequest>(FitFile(shape)),
                    [](const FitRequest& r) { return FitPanelModel(r, nullptr); });
}

void BM_SerializeIndexResponse(benchmark::State& state, std::string shape) {
  SerializeResponse(state, Parsed<IndexRequest>(IndexFile(shape)),
                    [](const IndexRequest& r) { return ComputeIndex(r); });
}

#define GOVMETRICS_BOTH_SHAPES(fn)       \
  BENCHMARK_CAPTURE(fn, lean, "lean"); \
  BENCHMARK_CAPTURE(fn, study, "study")

// What the index and modeling servers do: parse onto the call's arena
// (common/rpc/arena_messages.h), then release the arena with the call.
template <typename Request, typename Response>
void ParseOnArena(benchmark::State& state, const std::string& file) {
  const std::string bytes = RequestBytes(file);
  rpc::ArenaMessageAllocator<Request, Response> allocator;
  for (auto _ : state) {
    auto* messages = allocator.AllocateMessages();
    benchmark::DoNotOptimize(messages->request()->ParseFromString(bytes));
    messages->Release();
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(bytes.size()));
}

void BM_ParseFitRequestOnArena(benchmark::State& state, std::string shape) {
  ParseOnArena<FitRequest, modeling::v1::FitPanelModelResponse>(state, FitFile(shape));
}
void BM_ParseIndexRequestOnArena(benchmark::State& state, std::string shape) {
  ParseOnArena<IndexRequest, index::v1::ComputeIndexResponse>(state, IndexFile(shape));
}

void BM_ParseFitRequest(benchmark::State& state, std::string shape) {
  Parse<FitRequest>(state, FitFile(shape));
}
void BM_ParseIndexRequest(benchmark::State& state, std::string shape) {
  Parse<IndexRequest>(state, IndexFile(shape));
}

GOVMETRICS_BOTH_SHAPES(BM_ParseFitRequest);
GOVMETRICS_BOTH_SHAPES(BM_ParseIndexRequest);
GOVMETRICS_BOTH_SHAPES(BM_ParseFitRequestOnArena);
GOVMETRICS_BOTH_SHAPES(BM_ParseIndexRequestOnArena);
GOVMETRICS_BOTH_SHAPES(BM_ValidatePanel);
GOVMETRICS_BOTH_SHAPES(BM_PanelFingerprint);
GOVMETRICS_BOTH_SHAPES(BM_FitPanelModel);
GOVMETRICS_BOTH_SHAPES(BM_SerializeFitResponse);
GOVMETRICS_BOTH_SHAPES(BM_ComputeIndex);
GOVMETRICS_BOTH_SHAPES(BM_SerializeIndexResponse);

}  // namespace
}  // namespace govmetrics::contracts

BENCHMARK_MAIN();
