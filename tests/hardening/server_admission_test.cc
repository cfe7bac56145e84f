// The runtime's server interceptor on a real in-process gRPC server: bearer tokens,
// request limits, the concurrency cap, the per-RPC log line, and the Prometheus metrics
// every call produces (server side, and client side through InstrumentedChannel).
#include <condition_variable>
#include <memory>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>

#include "common/rpc/auth_tokens.h"
#include "common/rpc/client_interceptor.h"
#include "common/rpc/metrics.h"
#include "common/rpc/rpc_call.h"
#include "common/rpc/server_runtime.h"
#include "gmock/gmock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "govmetrics/index/v1/index_service.grpc.pb.h"
#include "gtest/gtest.h"
#include "services/index/index_service.h"
#include "tests/hardening/call_gate.h"

namespace govmetrics {
namespace {

namespace idx = index::v1;
using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kTokenA[] = "tok-a-0123456789abcdef0123456789";
constexpr char kTokenB[] = "tok-b-0123456789abcdef0123456789";

idx::ComputeIndexRequest SmallRequest(int rows = 6) {
  idx::ComputeIndexRequest request;
  auto* panel = request.mutable_panel();
  auto* x = panel->add_columns();
  x->set_name("x");
  auto* y = panel->add_columns();
  y->set_name("y");
  for (int r = 0; r < rows; ++r) {
    panel->add_entity("E" + std::to_string(r / 2));
    panel->add_period(2015 + r % 2);
    x->add_values(1.0 + r);
    y->add_values(10.0 - r * (r % 3));
  }
  auto* a = request.add_indicators();
  a->set_column("x");
  a->set_direction(idx::DIRECTION_POSITIVE);
  a->set_dimension("d");
  auto* b = request.add_indicators();
  b->set_column("y");
  b->set_direction(idx::DIRECTION_NEGATIVE);
  b->set_dimension("d");
  return request;
}

grpc::Status Call(idx::IndexService::Stub* stub, const idx::ComputeIndexRequest& request,
                  const std::string& authorization = "") {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  if (!authorization.empty()) context.AddMetadata("authorization", authorization);
  idx::ComputeIndexResponse response;
  return stub->ComputeIndex(&context, request, &response);
}

// Value of the sample `name{...}` whose labels include every `k="v"` in `labels`; 0 when
// absent (a counter not yet created).
double MetricValue(const std::string& text, const std::string& name,
                   const std::vector<std::string>& labels) {
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(name + "{", 0) != 0 && line.rfind(name + " ", 0) != 0) continue;
    bool all = true;
    for (const auto& label : labels) all = all && line.find(label) != std::string::npos;
    if (all) return std::stod(line.substr(line.rfind(' ') + 1));
  }
  return 0;
}

class TokenServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto table =
        rpc::TokenTable::Parse(std::string("agency-a ") + kTokenA + "\nagency-b " + kTokenB + "\n");
    ASSERT_TRUE(table.ok());
    rpc::AdmissionPolicy policy;
    policy.tokens = std::make_shared<const rpc::TokenTable>(*table);
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kIndexServiceName}}, policy);
    stub_ = idx::IndexService::NewStub(server_->NewChannel());
  }

  services::IndexServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<idx::IndexService::Stub> stub_;
};

TEST_F(TokenServerTest, CallWithoutTokenIsUnauthenticated) {
  grpc::Status status = Call(stub_.get(), SmallRequest());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(TokenServerTest, CallWithUnknownTokenIsUnauthenticated) {
  grpc::Status status = Call(stub_.get(), SmallRequest(), "Bearer not-a-token-0123456789abcdef");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), Not(HasSubstr("not-a-token")));
}

TEST_F(TokenServerTest, CallWithKnownTokenSucceeds) {
  EXPECT_TRUE(Call(stub_.get(), SmallRequest(), std::string("Bearer ") + kTokenA).ok());
  EXPECT_TRUE(Call(stub_.get(), SmallRequest(), std::string("Bearer ") + kTokenB).ok());
}

TEST_F(TokenServerTest, LogLineNamesTheAgencyAndNeverTheToken) {
  ::testing::internal::CaptureStderr();
  ASSERT_TRUE(Call(stub_.get(), SmallRequest(), std::string("Bearer ") + kTokenB).ok());
  Call(stub_.get(), SmallRequest(), "Bearer wrong-token-0123456789abcdef");
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_THAT(log, HasSubstr(R"("agency":"agency-b")"));
  EXPECT_THAT(log, HasSubstr(R"("service":"govmetrics.index.v1.IndexService")"));
  EXPECT_THAT(log, HasSubstr(R"("code":"UNAUTHENTICATED")"));
  EXPECT_THAT(log, Not(HasSubstr(kTokenB)));
  EXPECT_THAT(log, Not(HasSubstr("wrong-token")));
}

TEST_F(TokenServerTest, RejectedCallsAreCountedWithTheirCode) {
  const std::vector<std::string> labels = {R"(grpc_method="ComputeIndex")",
                                           R"(grpc_service="govmetrics.index.v1.IndexService")",
                                           R"(grpc_type="unary")"};
  auto with_code = [&](const char* code) {
    auto l = labels;
    l.push_back(std::string("grpc_code=\"") + code + "\"");
    return l;
  };
  const std::string before = rpc::RenderMetricsText();
  Call(stub_.get(), SmallRequest());
  ASSERT_TRUE(Call(stub_.get(), SmallRequest(), std::string("Bearer ") + kTokenA).ok());
  const std::string after = rpc::RenderMetricsText();
  EXPECT_EQ(MetricValue(after, "grpc_server_started_total", labels) -
                MetricValue(before, "grpc_server_started_total", labels),
            2);
  EXPECT_EQ(MetricValue(after, "grpc_server_handled_total", with_code("Unauthenticated")) -
                MetricValue(before, "grpc_server_handled_total", with_code("Unauthenticated")),
            1);
  EXPECT_EQ(MetricValue(after, "grpc_server_handled_total", with_code("OK")) -
                MetricValue(before, "grpc_server_handled_total", with_code("OK")),
            1);
  EXPECT_EQ(MetricValue(after, "grpc_server_handling_seconds_count", labels) -
                MetricValue(before, "grpc_server_handling_seconds_count", labels),
            2);
  EXPECT_EQ(MetricValue(after, "grpc_server_msg_received_total", labels) -
                MetricValue(before, "grpc_server_msg_received_total", labels),
            2);
}

class LimitServerTest : public ::testing::Test {
 protected:
  void Start(rpc::AdmissionPolicy policy) {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kIndexServiceName}}, policy);
    stub_ = idx::IndexService::NewStub(server_->NewChannel());
  }
  services::IndexServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<idx::IndexService::Stub> stub_;
};

TEST_F(LimitServerTest, PanelOverMaxRowsIsResourceExhaustedWithQuotaFailure) {
  rpc::AdmissionPolicy policy;
  policy.limits.max_rows = 6;
  Start(policy);
  EXPECT_TRUE(Call(stub_.get(), SmallRequest(6)).ok());
  grpc::Status status = Call(stub_.get(), SmallRequest(8));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(status.error_message(), "panel: 8 rows, over this server's limit of 6 (--max_rows)");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::QuotaFailure failure;
  ASSERT_TRUE(details.details(0).UnpackTo(&failure));
  EXPECT_EQ(failure.violations(0).subject(), "panel");
}

TEST_F(LimitServerTest, PanelOverMaxColumnsIsResourceExhausted) {
  rpc::AdmissionPolicy policy;
  policy.limits.max_columns = 1;
  Start(policy);
  grpc::Status status = Call(stub_.get(), SmallRequest());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("--max_columns"));
}

// ComputeIndex that waits until released, to hold a call in flight deterministically.
class BlockingIndexService final : public idx::IndexService::Service {
 public:
  grpc::Status ComputeIndex(grpc::ServerContext* context, const idx::ComputeIndexRequest*,
                            idx::ComputeIndexResponse*) override {
    return rpc::RunRpc(context, "ComputeIndex", [&](rpc::RpcStats*) {
      gate_.Enter();
      return absl::OkStatus();
    });
  }
  void WaitUntilEntered(int n) { gate_.WaitInside(n); }
  void Release() { gate_.Open(); }
  int entered() { return gate_.inside(); }

 private:
  testing_support::CallGate gate_;
};

TEST(ConcurrencyLimitTest, CallsBeyondTheCapAreRefusedAtOnceAndTheSlotIsReturned) {
  BlockingIndexService service;
  rpc::AdmissionPolicy policy;
  policy.max_concurrent_rpcs = 2;
  rpc::InProcessServer server({{&service, services::kIndexServiceName}}, policy);
  auto stub = idx::IndexService::NewStub(server.NewChannel());

  grpc::Status first, second;
  std::thread a([&] { first = Call(stub.get(), SmallRequest()); });
  std::thread b([&] { second = Call(stub.get(), SmallRequest()); });
  service.WaitUntilEntered(2);

  grpc::Status third = Call(stub.get(), SmallRequest());
  EXPECT_EQ(third.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(third.error_message(),
            "server busy: 2 calls in progress, the limit is 2 (--max_concurrent_rpcs); retry "
            "with backoff");
  EXPECT_EQ(service.entered(), 2);  // the refused call never reached the handler

  service.Release();
  a.join();
  b.join();
  EXPECT_TRUE(first.ok());
  EXPECT_TRUE(second.ok());
  EXPECT_TRUE(Call(stub.get(), SmallRequest()).ok());
  EXPECT_EQ(service.entered(), 3);
}

TEST(ClientMetricsTest, InstrumentedChannelCountsCallsByCode) {
  services::IndexServiceImpl service;
  rpc::InProcessServer server({{&service, services::kIndexServiceName}});
  grpc::ChannelArguments args;
  auto stub = idx::IndexService::NewStub(
      rpc::InstrumentedChannel(server.target(), grpc::InsecureChannelCredentials(), args));
  const std::vector<std::string> ok = {R"(grpc_method="ComputeIndex")", R"(grpc_code="OK")"};
  const std::vector<std::string> bad = {R"(grpc_method="ComputeIndex")",
                                        R"(grpc_code="InvalidArgument")"};
  const std::vector<std::string> any = {R"(grpc_method="ComputeIndex")"};
  const std::string before = rpc::RenderMetricsText();
  ASSERT_TRUE(Call(stub.get(), SmallRequest()).ok());
  auto invalid = SmallRequest();
  invalid.mutable_indicators(0)->set_column("nope");
  EXPECT_EQ(Call(stub.get(), invalid).error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::string after = rpc::RenderMetricsText();
  EXPECT_EQ(MetricValue(after, "grpc_client_started_total", any) -
                MetricValue(before, "grpc_client_started_total", any),
            2);
  EXPECT_EQ(MetricValue(after, "grpc_client_handled_total", ok) -
                MetricValue(before, "grpc_client_handled_total", ok),
            1);
  EXPECT_EQ(MetricValue(after, "grpc_client_handled_total", bad) -
                MetricValue(before, "grpc_client_handled_total", bad),
            1);
  EXPECT_EQ(MetricValue(after, "grpc_client_handling_seconds_count", any) -
                MetricValue(before, "grpc_client_handling_seconds_count", any),
            2);
}

TEST(ProcessMetricsTest, ProcessMetricsAreExportedFromProc) {
  const std::string text = rpc::RenderMetricsText();
  EXPECT_GT(MetricValue(text, "process_resident_memory_bytes", {}), 1e6);
  EXPECT_GT(MetricValue(text, "process_open_fds", {}), 2);
  EXPECT_GE(MetricValue(text, "process_cpu_seconds_total", {}), 0);
  const double start = MetricValue(text, "process_start_time_seconds", {});
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(start, now + 2);
  EXPECT_GT(start, now - 3600);  // this test process started within the hour
  EXPECT_THAT(text, HasSubstr("# TYPE process_cpu_seconds_total counter"));
}

TEST(MetricsNamesTest, GoCodeNamesMatchGoGrpcPrometheus) {
  EXPECT_STREQ(rpc::GoCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_STREQ(rpc::GoCodeName(grpc::StatusCode::CANCELLED), "Canceled");
  EXPECT_STREQ(rpc::GoCodeName(grpc::StatusCode::RESOURCE_EXHAUSTED), "ResourceExhausted");
  EXPECT_STREQ(rpc::GoCodeName(grpc::StatusCode::UNAUTHENTICATED), "Unauthenticated");
  EXPECT_EQ(
      rpc::SplitFullMethod("/govmetrics.index.v1.IndexService/ComputeIndex"),
      std::make_pair(std::string("govmetrics.index.v1.IndexService"), std::string("ComputeIndex")));
}

}  // namespace
}  // namespace govmetrics
