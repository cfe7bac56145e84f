// AnalyzeMediation over a real in-process gRPC channel: the happy path on a 31 x 7
// two-way FE panel (three mediators), determinism for a seed, parallel mode, the common
// sample with rows dropped by request row, and every bad-input case the contract
// promises (INVALID_ARGUMENT naming the field; DEADLINE_EXCEEDED honoured).
#include <chrono>
#include <cmath>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "common/rpc/metrics.h"
#include "common/rpc/server_runtime.h"
#include "common/stats/mediation_simulation.h"
#include "gtest/gtest.h"
#include "services/modeling/modeling_service.h"
#include "tests/service/service_test_util.h"
#include "tests/service/simulated_panel.h"

namespace govmetrics {
namespace {

namespace mv1 = modeling::v1;
using ::govmetrics::testing::HasViolation;

// The simulated panel (true a b = 0.2 for m1, low noise) as a wire Panel.
common::v1::Panel SimulatedPanel(int mediators, uint64_t seed, int entities = 31) {
  stats::MediationDgp dgp;
  dgp.entities = entities;
  dgp.mediators = mediators;
  dgp.noise = 0.3;
  const stats::MediationInput in = stats::SimulateMediationPanel(dgp, seed, 0);
  return ::govmetrics::testing::WirePanel(in.data);
}

class MediationServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // The server's operational replication cap (--max_replications, RESOURCE_EXHAUSTED)
    // is lifted so the service's own contract limits are what these tests see.
    rpc::AdmissionPolicy policy = rpc::AdmissionPolicyFromFlags();
    policy.limits.max_replications = 0;
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kModelingServiceName}}, policy);
    stub_ = mv1::ModelingService::NewStub(server_->NewChannel());
  }

  static mv1::AnalyzeMediationRequest ValidRequest() {
    mv1::AnalyzeMediationRequest request;
    *request.mutable_panel() = SimulatedPanel(3, 17);
    request.set_treatment("x");
    for (const char* m : {"m1", "m2", "m3"}) request.add_mediators(m);
    request.set_outcome("y");
    request.add_controls("c");
    request.mutable_model()->set_fixed_effects(mv1::FIXED_EFFECTS_TWO_WAY);
    request.mutable_bootstrap()->set_replications(300);
    request.mutable_bootstrap()->set_seed(42);
    return request;
  }

  grpc::Status Call(const mv1::AnalyzeMediationRequest& request, mv1::AnalyzeMediationResponse* response,
                    double deadline_seconds = 60) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::milliseconds(static_cast<int>(deadline_seconds * 1000)));
    return stub_->AnalyzeMediation(&context, request, response);
  }

  services::ModelingServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<mv1::ModelingService::Stub> stub_;
};

TEST_F(MediationServiceTest, ReportsPathsTestsBootstrapAndClassificationPerMediator) {
  mv1::AnalyzeMediationResponse response;
  auto status = Call(ValidRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.mediators_size(), 3);
  EXPECT_EQ(response.n_obs(), 217);
  EXPECT_EQ(response.n_entities(), 31);
  for (const auto& m : response.mediators()) {
    SCOPED_TRACE(m.mediator());
    EXPECT_NEAR(m.indirect(), m.a().estimate() * m.b().estimate(), 1e-14);
    EXPECT_NEAR(m.c().estimate(), m.c_prime().estimate() + m.indirect(), 1e-10);
    EXPECT_GT(m.sobel().std_error(), 0);
    EXPECT_LT(m.bootstrap_ci_lower(), m.bootstrap_ci_upper());
    EXPECT_GT(m.bootstrap_std_error(), 0);
    EXPECT_NE(m.classification(), mv1::MEDIATION_CLASS_UNSPECIFIED);
    EXPECT_NE(m.classification_reason().find("step 1"), std::string::npos);
    EXPECT_EQ(m.bootstrap_failures(), 0);
  }
  // m1 carries a strong indirect effect (a = 0.5, b = 0.4) and a direct one: partial.
  EXPECT_EQ(response.mediators(0).classification(), mv1::MEDIATION_CLASS_PARTIAL)
      << response.mediators(0).classification_reason();
  ASSERT_EQ(response.provenance().seeds_size(), 1);
  EXPECT_EQ(response.provenance().seeds(0), 42u);
  std::map<std::string, std::string> options;
  for (const auto& o : response.provenance().resolved_options()) options[o.name()] = o.value();
  EXPECT_EQ(options["bootstrap.ci_method"], "CI_METHOD_PERCENTILE");
  EXPECT_EQ(options["bootstrap.resample"], "RESAMPLE_ENTITY_BLOCK");
  EXPECT_EQ(options["mode"], "separate");
  EXPECT_EQ(options["fixed_effects"], "two_way");
}

TEST_F(MediationServiceTest, SameSeedGivesIdenticalBootstrapResults) {
  auto request = ValidRequest();
  request.mutable_bootstrap()->set_ci_method(mv1::CI_METHOD_BCA);
  mv1::AnalyzeMediationResponse first, second;
  ASSERT_TRUE(Call(request, &first).ok());
  ASSERT_TRUE(Call(request, &second).ok());
  for (int j = 0; j < 3; ++j) {
    EXPECT_EQ(first.mediators(j).bootstrap_ci_lower(), second.mediators(j).bootstrap_ci_lower());
    EXPECT_EQ(first.mediators(j).bootstrap_ci_upper(), second.mediators(j).bootstrap_ci_upper());
    EXPECT_EQ(first.mediators(j).bootstrap_std_error(), second.mediators(j).bootstrap_std_error());
  }
}

TEST_F(MediationServiceTest, ParallelModeReportsTheTotalIndirectEffect) {
  auto request = ValidRequest();
  request.set_mode(mv1::MEDIATION_MODE_PARALLEL);
  mv1::AnalyzeMediationResponse response;
  ASSERT_TRUE(Call(request, &response).ok());
  double sum = 0;
  for (const auto& m : response.mediators()) sum += m.indirect();
  EXPECT_NEAR(response.total_indirect(), sum, 1e-14);
  EXPECT_LT(response.total_indirect_ci_lower(), response.total_indirect());
  EXPECT_GT(response.total_indirect_ci_upper(), response.total_indirect());
  // One outcome model: every mediator shares c'.
  EXPECT_EQ(response.mediators(0).c_prime().estimate(), response.mediators(2).c_prime().estimate());
}

TEST_F(MediationServiceTest, RowsMissingAnyVariableLeaveEveryEquationAndAreListed) {
  auto request = ValidRequest();
  auto* panel = request.mutable_panel();
  panel->mutable_columns(3)->set_values(5, std::nan(""));   // m2, row 5
  panel->mutable_columns(5)->set_values(40, std::nan(""));  // c, row 40
  mv1::AnalyzeMediationResponse response;
  auto status = Call(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.n_obs(), 215);
  ASSERT_EQ(response.provenance().dropped_rows_size(), 2);
  EXPECT_EQ(response.provenance().dropped_rows(0).row(), 5);
  EXPECT_EQ(response.provenance().dropped_rows(0).reason(), "missing value in 'm2'");
  EXPECT_EQ(response.provenance().dropped_rows(1).row(), 40);
  for (const auto& m : response.mediators()) {
    EXPECT_NEAR(m.c().estimate(), m.c_prime().estimate() + m.indirect(), 1e-10);
  }
}

TEST_F(MediationServiceTest, MediatorEqualToTreatmentOrOutcomeNamesTheField) {
  auto request = ValidRequest();
  request.set_mediators(0, "x");
  request.set_mediators(1, "y");
  mv1::AnalyzeMediationResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "mediators[0]", "is the treatment"));
  EXPECT_TRUE(HasViolation(status, "mediators[1]", "is the outcome"));
}

TEST_F(MediationServiceTest, ReplicationsOutOfRangeNameTheField) {
  auto request = ValidRequest();
  request.mutable_bootstrap()->set_replications(100001);
  mv1::AnalyzeMediationResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "bootstrap.replications", "[0, 100000]"));
}

TEST_F(MediationServiceTest, UnknownColumnsAndUnsupportedEstimatorAreNamed) {
  auto request = ValidRequest();
  request.set_controls(0, "gdp");
  request.set_outcome("");
  request.mutable_model()->set_estimator(mv1::ESTIMATOR_RANDOM_EFFECTS);
  mv1::AnalyzeMediationResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "controls[0]", "gdp"));
  EXPECT_TRUE(HasViolation(status, "outcome", "required"));
  EXPECT_TRUE(HasViolation(status, "model.estimator"));
}

TEST_F(MediationServiceTest, TransformErrorsCarryTheModelPrefix) {
  auto request = ValidRequest();
  auto* t = request.mutable_model()->add_transforms();
  t->set_column("nope");
  t->set_log(true);
  mv1::AnalyzeMediationResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "model.transforms[0].column"));
}

TEST_F(MediationServiceTest, DeadlineStopsALongBootstrap) {
  auto request = ValidRequest();
  request.mutable_bootstrap()->set_replications(100000);
  request.mutable_bootstrap()->set_ci_method(mv1::CI_METHOD_BCA);
  // A 217-row panel refit 100000 times takes seconds; the deadline is 50 ms.
  mv1::AnalyzeMediationResponse response;
  auto status = Call(request, &response, 0.05);
  EXPECT_TRUE(status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED ||
              status.error_code() == grpc::StatusCode::CANCELLED)
      << status.error_code();
}

TEST_F(MediationServiceTest, ServerStopsTheBootstrapWhenTheDeadlinePasses) {
  // The client's status says nothing about the server (gRPC reports DEADLINE_EXCEEDED
  // to the client either way); the server's own log line does. Had the bootstrap run to
  // the end on its pool thread, the handler would have returned OK and logged "OK".
  auto request = ValidRequest();
  // 620 entities (20 times the demo's): the 100,000 BCa replications of three mediators
  // would take some 20 times the 31-entity panel's 1.1 s, so a 1 s deadline passes
  // mid-bootstrap however fast or loaded the machine is, and is long enough for the call
  // to be dispatched first under heavy load (a 0.2 s deadline on the 31-entity panel,
  // whose bootstrap takes about 1.1 s, once passed before dispatch at a load near 20).
  *request.mutable_panel() = SimulatedPanel(3, 17, 620);
  request.mutable_bootstrap()->set_replications(100000);
  request.mutable_bootstrap()->set_ci_method(mv1::CI_METHOD_BCA);
  ::testing::internal::CaptureStderr();
  mv1::AnalyzeMediationResponse response;
  const auto status = Call(request, &response, 1.0);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  // The call leaves the in-flight count once the server has finished with it.
  for (int i = 0; i < 1200 && rpc::InFlightGauge().Value() > 0; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  const std::string log = ::testing::internal::GetCapturedStderr();
  EXPECT_EQ(rpc::InFlightGauge().Value(), 0);
  EXPECT_NE(log.find("\"method\":\"AnalyzeMediation\",\"code\":\"DEADLINE_EXCEEDED\""),
            std::string::npos)
      << log;
  EXPECT_EQ(log.find("\"code\":\"OK\""), std::string::npos) << log;
}

}  // namespace
}  // namespace govmetrics
