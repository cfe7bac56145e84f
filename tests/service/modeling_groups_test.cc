// CompareGroups (and FitPanelModel's wild cluster bootstrap, the few-cluster inference
// of the same issue) over a real in-process gRPC channel: per-group fits, the three
// pairwise tests, determinism for a seed, and the bad-input cases (unknown group_by,
// missing label value named by row, compare not a regressor, permutations out of range,
// a group with too few observations named in FAILED_PRECONDITION).
#include <map>
#include <memory>

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

// 31 x 7 simulated panel with a region label: entities 0-10 East, 11-18 Central,
// 19-30 West (the 11 / 8 / 12 split of the study).
common::v1::Panel RegionPanel() {
  const stats::MediationInput in = stats::SimulateMediationPanel(stats::MediationDgp(), 99, 0);
  return ::govmetrics::testing::WirePanel(in.data, "region3", [](int e) {
    return std::string(e < 11 ? "East" : e < 19 ? "Central" : "West");
  });
}

class GroupsServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rpc::AdmissionPolicy policy = rpc::AdmissionPolicyFromFlags();
    policy.limits.max_replications = 0;  // test the service's own limits
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kModelingServiceName}}, policy);
    stub_ = mv1::ModelingService::NewStub(server_->NewChannel());
  }

  static mv1::CompareGroupsRequest ValidRequest() {
    mv1::CompareGroupsRequest request;
    *request.mutable_panel() = RegionPanel();
    request.set_dependent("y");
    request.add_regressors("x");
    request.add_regressors("c");
    request.mutable_model()->set_fixed_effects(mv1::FIXED_EFFECTS_TWO_WAY);
    request.set_group_by("region3");
    request.set_permutations(200);
    request.set_seed(5);
    return request;
  }

  grpc::Status Call(const mv1::CompareGroupsRequest& request, mv1::CompareGroupsResponse* response) {
    grpc::ClientContext context;
    return stub_->CompareGroups(&context, request, response);
  }

  services::ModelingServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<mv1::ModelingService::Stub> stub_;
};

TEST_F(GroupsServiceTest, FitsEveryGroupAndTestsEveryPair) {
  mv1::CompareGroupsResponse response;
  auto status = Call(ValidRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.groups_size(), 3);
  EXPECT_EQ(response.groups(0).group(), "East");  // order of first appearance
  EXPECT_EQ(response.groups(0).fit().n_obs(), 77);
  EXPECT_EQ(response.groups(1).fit().n_entities(), 8);
  ASSERT_EQ(response.differences_size(), 3);  // 3 pairs x 1 coefficient (default: first)
  for (const auto& d : response.differences()) {
    SCOPED_TRACE(d.group_a() + "-" + d.group_b());
    EXPECT_EQ(d.coefficient(), "x");
    double ba = 0, bb = 0;
    for (const auto& g : response.groups()) {
      if (g.group() == d.group_a()) ba = g.fit().coefficients(0).estimate();
      if (g.group() == d.group_b()) bb = g.fit().coefficients(0).estimate();
    }
    EXPECT_NEAR(d.difference(), ba - bb, 1e-12);
    EXPECT_EQ(d.interacted_wald().df(), 1);
    EXPECT_GT(d.interacted_wald().std_error(), 0);
    EXPECT_GT(d.seemingly_unrelated().std_error(), 0);
    EXPECT_EQ(d.permutation().replications(), 200);
    EXPECT_GT(d.permutation().p_value(), 0);
    EXPECT_LE(d.permutation().p_value(), 1);
  }
  ASSERT_EQ(response.provenance().seeds_size(), 1);
  EXPECT_EQ(response.provenance().seeds(0), 5u);
}

TEST_F(GroupsServiceTest, SameSeedGivesTheSamePermutationPValues) {
  mv1::CompareGroupsResponse a, b;
  ASSERT_TRUE(Call(ValidRequest(), &a).ok());
  ASSERT_TRUE(Call(ValidRequest(), &b).ok());
  for (int i = 0; i < a.differences_size(); ++i) {
    EXPECT_EQ(a.differences(i).permutation().p_value(), b.differences(i).permutation().p_value());
  }
}

TEST_F(GroupsServiceTest, UnknownGroupByAndCompareAreNamed) {
  auto request = ValidRequest();
  request.set_group_by("province_type");
  request.add_compare("gdp");
  request.set_permutations(100001);
  mv1::CompareGroupsResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "group_by", "province_type"));
  EXPECT_TRUE(HasViolation(status, "compare[0]", "not among the regressors"));
  EXPECT_TRUE(HasViolation(status, "permutations", "[0, 100000]"));
}

TEST_F(GroupsServiceTest, MissingGroupLabelNamesTheRow) {
  auto request = ValidRequest();
  request.mutable_panel()->mutable_labels(0)->set_values(12, "");
  mv1::CompareGroupsResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "panel.labels[0].values[12]", "missing value"));
}

TEST_F(GroupsServiceTest, TooSmallGroupIsAFailedPreconditionNamingTheGroup) {
  auto request = ValidRequest();
  // Entity P0's 7 rows become group "Tiny": 2 slopes + 7 period + 1 entity - 1 = 9 > 7.
  for (int r = 0; r < 7; ++r) request.mutable_panel()->mutable_labels(0)->set_values(r, "Tiny");
  request.set_permutations(0);
  mv1::CompareGroupsResponse response;
  auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("group 'Tiny'"), std::string::npos) << status.error_message();
}

TEST_F(GroupsServiceTest, FitPanelModelReportsWildBootstrapPValues) {
  mv1::FitPanelModelRequest request;
  *request.mutable_panel() = RegionPanel();
  request.set_dependent("y");
  request.add_regressors("x");
  request.add_regressors("c");
  request.set_fixed_effects(mv1::FIXED_EFFECTS_TWO_WAY);
  request.mutable_variance()->set_type(mv1::VARIANCE_TYPE_CLUSTER);
  request.mutable_variance()->add_cluster_by("region3");  // 3 clusters: few-cluster case
  auto* wild = request.mutable_variance()->mutable_wild_bootstrap();
  wild->set_enabled(true);
  wild->set_seed(9);
  mv1::FitPanelModelResponse response;
  grpc::ClientContext context;
  auto status = stub_->FitPanelModel(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(response.wild_bootstrap_size(), 2);
  for (const auto& w : response.wild_bootstrap()) {
    EXPECT_EQ(w.weights(), "webb");  // unspecified + fewer than 12 clusters
    EXPECT_EQ(w.replications(), 999);
    EXPECT_GT(w.p_value(), 0);
    EXPECT_LE(w.p_value(), 1);
  }
  std::map<std::string, std::string> options;
  for (const auto& o : response.provenance().resolved_options()) options[o.name()] = o.value();
  EXPECT_EQ(options["wild_bootstrap.cluster_by"], "region3");
  EXPECT_EQ(options["wild_bootstrap.clusters"], "3");
}

TEST_F(GroupsServiceTest, WildBootstrapReplicationsOutOfRangeNameTheField) {
  mv1::FitPanelModelRequest request;
  *request.mutable_panel() = RegionPanel();
  request.set_dependent("y");
  request.add_regressors("x");
  auto* wild = request.mutable_variance()->mutable_wild_bootstrap();
  wild->set_enabled(true);
  wild->set_replications(100001);
  mv1::FitPanelModelResponse response;
  grpc::ClientContext context;
  auto status = stub_->FitPanelModel(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "variance.wild_bootstrap.replications"));
}

}  // namespace
}  // namespace govmetrics
