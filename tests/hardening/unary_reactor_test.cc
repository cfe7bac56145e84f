// ServeUnary (common/rpc/unary_reactor.h): light calls run inline on gRPC's thread, heavy
// ones on HeavyCallPool, so that computing calls never hold up health checks or small
// calls. Checked on a real in-process server with a handler that blocks until released.
#include "common/rpc/unary_reactor.h"

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/reflection.h"
#include "common/rpc/metrics.h"
#include "common/rpc/server_flags.h"
#include "common/rpc/server_runtime.h"
#include "common/rpc/work_pool.h"
#include "govmetrics/index/v1/index_service.grpc.pb.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/impl/codegen/client_unary_call.h"
#include "gtest/gtest.h"
#include "services/index/index_service.h"
#include "tests/hardening/call_gate.h"

namespace govmetrics {
namespace {

namespace idx = index::v1;

rpc::Admission Measured(long long rows, long long columns, long long replications) {
  rpc::Admission admission;
  admission.size = rpc::RequestSize{rows, columns, replications};
  return admission;
}

TEST(RunsInlineTest, SmallPanelsWithoutResamplingRunInline) {
  ASSERT_EQ(absl::GetFlag(FLAGS_inline_max_cells), 20'000);  // the documented default
  EXPECT_TRUE(rpc::RunsInline(Measured(217, 35, 0)));        // the provincial study panel
  EXPECT_TRUE(rpc::RunsInline(Measured(10'000, 2, 0)));
  EXPECT_FALSE(rpc::RunsInline(Measured(10'001, 2, 0)));
  EXPECT_FALSE(rpc::RunsInline(Measured(217, 3, 999)));  // any bootstrap / permutation
}

TEST(RunsInlineTest, UnmeasuredCallsAreOffloadedAndRefusalsAnsweredInline) {
  EXPECT_FALSE(rpc::RunsInline(rpc::Admission{}));
  rpc::Admission refused;
  refused.status = absl::ResourceExhaustedError("limit");
  EXPECT_TRUE(rpc::RunsInline(refused));
}

// `rows` x `columns` (x, y, then filler columns c2, c3, ...).
idx::ComputeIndexRequest PanelRequest(int rows, int columns = 2) {
  idx::ComputeIndexRequest request;
  auto* panel = request.mutable_panel();
  for (int c = 0; c < columns; ++c) {
    auto* column = panel->add_columns();
    column->set_name(c == 0 ? "x" : c == 1 ? "y" : "c" + std::to_string(c));
    for (int r = 0; r < rows; ++r) column->add_values(c == 1 ? 2.0 + r % 7 : 1.0 + r + c);
  }
  for (int r = 0; r < rows; ++r) {
    panel->add_entity("E" + std::to_string(r / 2));
    panel->add_period(2015 + r % 2);
  }
  return request;
}

// The service tests lower --inline_max_cells to this, so that a "heavy" request is a
// few kilobytes: under ThreadSanitizer, gRPC's (uninstrumented) copies of big messages
// cost seconds each.
constexpr int kTestInlineMaxCells = 100;

// Just over the (lowered) inline limit.
idx::ComputeIndexRequest HeavyRequest() { return PanelRequest(51, 2); }

// ComputeIndex through ServeUnary whose handler, for panels over the inline limit, waits
// until the test releases it: heavy calls held in flight deterministically.
class GatedIndexService final : public idx::IndexService::CallbackService {
 public:
  grpc::ServerUnaryReactor* ComputeIndex(grpc::CallbackServerContext* context,
                                         const idx::ComputeIndexRequest* request,
                                         idx::ComputeIndexResponse*) override {
    const bool heavy =
        static_cast<long long>(request->panel().entity_size()) * request->panel().columns_size() >
        absl::GetFlag(FLAGS_inline_max_cells);
    return rpc::ServeUnary(context, "ComputeIndex", [this, heavy](rpc::RpcStats*) {
      if (heavy) gate_.Enter();
      return absl::OkStatus();
    });
  }
  bool WaitUntilHeld(int n) { return gate_.WaitInside(n); }
  void Release() { gate_.Open(); }

 private:
  testing_support::CallGate gate_;
};

grpc::Status CallIndex(idx::IndexService::Stub* stub, const idx::ComputeIndexRequest& request) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  idx::ComputeIndexResponse response;
  return stub->ComputeIndex(&context, request, &response);
}

grpc::Status HealthCheck(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  const grpc::internal::RpcMethod method("/grpc.health.v1.Health/Check",
                                         grpc::internal::RpcMethod::NORMAL_RPC);
  grpc::Slice empty("");  // an empty HealthCheckRequest: the server overall
  grpc::ByteBuffer request(&empty, 1), response;
  return grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      channel.get(), method, &context, request, &response);
}

TEST(ServeUnaryTest, HeavyCallsRunOnThePoolAndNeverHoldUpLightCallsOrHealth) {
  absl::FlagSaver restore_flags;
  absl::SetFlag(&FLAGS_inline_max_cells, kTestInlineMaxCells);
  GatedIndexService service;
  rpc::AdmissionPolicy policy;
  policy.max_concurrent_rpcs = 64;
  rpc::InProcessServer server({{&service, services::kIndexServiceName}}, policy);
  auto channel = server.NewChannel();
  auto stub = idx::IndexService::NewStub(channel);
  const long long offloaded_before = rpc::HeavyCallPool().tasks_started();
  const double counted_before = rpc::OffloadedCallsCounter("ComputeIndex").Value();

  // More heavy calls than gRPC has event threads: if they ran inline, nothing else could.
  constexpr int kHeavy = 8;
  const auto heavy_request = HeavyRequest();
  std::vector<grpc::Status> heavy_status(kHeavy);
  std::vector<std::thread> heavy_calls;
  for (int i = 0; i < kHeavy; ++i) {
    heavy_calls.emplace_back([&, i] { heavy_status[i] = CallIndex(stub.get(), heavy_request); });
  }
  ASSERT_TRUE(service.WaitUntilHeld(kHeavy));
  EXPECT_EQ(rpc::HeavyCallPool().tasks_started() - offloaded_before, kHeavy);

  // With every heavy call still held: a light call and a health check are answered.
  EXPECT_TRUE(CallIndex(stub.get(), PanelRequest(6)).ok());
  EXPECT_TRUE(HealthCheck(channel).ok());
  EXPECT_EQ(rpc::HeavyCallPool().tasks_started() - offloaded_before, kHeavy);  // ran inline
  EXPECT_EQ(rpc::OffloadedCallsCounter("ComputeIndex").Value() - counted_before, kHeavy);

  service.Release();
  for (auto& call : heavy_calls) call.join();
  for (const auto& status : heavy_status) EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST(ServeUnaryTest, RealIndexServiceAnswersLightAndHeavyRequests) {
  absl::FlagSaver restore_flags;
  absl::SetFlag(&FLAGS_inline_max_cells, kTestInlineMaxCells);
  services::IndexServiceImpl service;
  rpc::InProcessServer server({{&service, services::kIndexServiceName}});
  auto stub = idx::IndexService::NewStub(server.NewChannel());
  const long long offloaded_before = rpc::HeavyCallPool().tasks_started();
  for (const auto& panel_request : {PanelRequest(6), HeavyRequest()}) {
    auto request = panel_request;
    const int rows = request.panel().entity_size();
    for (const char* column : {"x", "y"}) {
      auto* indicator = request.add_indicators();
      indicator->set_column(column);
      indicator->set_direction(idx::DIRECTION_POSITIVE);
      indicator->set_dimension("d");
    }
    grpc::ClientContext context;
    idx::ComputeIndexResponse response;
    const grpc::Status status = stub->ComputeIndex(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.scores_size(), rows);
  }
  EXPECT_EQ(rpc::HeavyCallPool().tasks_started() - offloaded_before, 1);
}

}  // namespace
}  // namespace govmetrics
