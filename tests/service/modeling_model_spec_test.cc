// The estimator and variance registries against the wire contract, and
// FitPanelModelRequest.model (ModelSpec) beside the deprecated flat fields, over a
// real in-process gRPC channel on Produc (plm's 48 states x 17 years).
#include <cctype>
#include <memory>
#include <string>

#include "tests/reference/reference_panel.h"
#include "common/rpc/server_runtime.h"
#include "common/stats/panel/estimator_registry.h"
#include "common/stats/panel/variance_registry.h"
#include "gtest/gtest.h"
#include "services/modeling/modeling_service.h"
#include "tests/service/service_test_util.h"

namespace govmetrics {
namespace {

namespace mv1 = modeling::v1;
using ::govmetrics::testing::HasViolation;

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

TEST(EstimatorRegistryTest, EveryWireEstimatorHasOneDefinitionWithTheMatchingName) {
  const auto* wire = mv1::Estimator_descriptor();
  for (int i = 0; i < wire->value_count(); ++i) {
    const int number = wire->value(i)->number();
    if (number == 0) continue;
    const stats::EstimatorDefinition* d = stats::FindEstimatorByWireValue(number);
    ASSERT_NE(d, nullptr) << wire->value(i)->name() << " has no registry entry";
    EXPECT_EQ(wire->value(i)->name(), "ESTIMATOR_" + Upper(d->name));
    EXPECT_EQ(stats::FindEstimatorByCliName(d->cli_name), d);
    EXPECT_EQ(stats::FindEstimatorByName(d->name), d);
    EXPECT_NE(d->build, nullptr);
    EXPECT_FALSE(d->fixed_effects.empty());
  }
  EXPECT_EQ(stats::AllEstimators().size(), static_cast<size_t>(wire->value_count() - 1));
}

TEST(VarianceRegistryTest, EveryWireVarianceHasOneDefinitionWithTheMatchingName) {
  const auto* wire = mv1::VarianceType_descriptor();
  for (int i = 0; i < wire->value_count(); ++i) {
    const int number = wire->value(i)->number();
    if (number == 0) continue;
    const stats::VarianceDefinition* d = stats::FindVarianceByWireValue(number);
    ASSERT_NE(d, nullptr) << wire->value(i)->name() << " has no registry entry";
    EXPECT_EQ(wire->value(i)->name(), "VARIANCE_TYPE_" + Upper(d->name));
    EXPECT_EQ(stats::FindVarianceByCliName(d->cli_name), d);
    EXPECT_NE(d->covariance, nullptr);
    EXPECT_NE(d->small_sample, nullptr);
  }
  EXPECT_EQ(stats::AllVariances().size(), static_cast<size_t>(wire->value_count() - 1));
}

class ModelSpecFitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kModelingServiceName}});
    stub_ = mv1::ModelingService::NewStub(server_->NewChannel());
    auto panel = govmetrics::ReadReferencePanel("tests/reference/data/produc_logs.csv", "state", "year");
    ASSERT_TRUE(panel.ok());
    produc_ = *panel;
  }

  // The model of the request, without any spec.
  mv1::FitPanelModelRequest Variables() const {
    mv1::FitPanelModelRequest request;
    *request.mutable_panel() = produc_;
    request.set_dependent("lgsp");
    for (const char* x : {"lpcap", "lpc", "lemp", "unemp"}) request.add_regressors(x);
    return request;
  }

  static mv1::ModelSpec TwoWayClustered() {
    mv1::ModelSpec spec;
    spec.set_estimator(mv1::ESTIMATOR_WITHIN);
    spec.set_fixed_effects(mv1::FIXED_EFFECTS_TWO_WAY);
    spec.mutable_variance()->set_type(mv1::VARIANCE_TYPE_CLUSTER);
    spec.mutable_variance()->add_cluster_by("entity");
    spec.mutable_variance()->set_small_sample(mv1::SMALL_SAMPLE_STATA);
    spec.set_confidence_level(0.9);
    return spec;
  }

  grpc::Status Fit(const mv1::FitPanelModelRequest& request, mv1::FitPanelModelResponse* response) {
    grpc::ClientContext context;
    return stub_->FitPanelModel(&context, request, response);
  }

  services::ModelingServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<mv1::ModelingService::Stub> stub_;
  common::v1::Panel produc_;
};

TEST_F(ModelSpecFitTest, ModelFieldGivesTheSameFitAsTheDeprecatedFlatFields) {
  const mv1::ModelSpec spec = TwoWayClustered();
  auto nested = Variables();
  *nested.mutable_model() = spec;
  auto flat = Variables();
  flat.set_estimator(spec.estimator());
  flat.set_fixed_effects(spec.fixed_effects());
  *flat.mutable_variance() = spec.variance();
  flat.set_confidence_level(spec.confidence_level());
  mv1::FitPanelModelResponse a, b;
  ASSERT_TRUE(Fit(nested, &a).ok());
  ASSERT_TRUE(Fit(flat, &b).ok());
  ASSERT_EQ(a.coefficients_size(), b.coefficients_size());
  for (int j = 0; j < a.coefficients_size(); ++j) {
    EXPECT_EQ(a.coefficients(j).estimate(), b.coefficients(j).estimate());
    EXPECT_EQ(a.coefficients(j).std_error(), b.coefficients(j).std_error());
    EXPECT_EQ(a.coefficients(j).ci_lower(), b.coefficients(j).ci_lower());
  }
}

TEST_F(ModelSpecFitTest, ResolvedModelStatesEveryConventionAsTypedFields) {
  auto request = Variables();
  *request.mutable_model() = TwoWayClustered();
  mv1::FitPanelModelResponse response;
  ASSERT_TRUE(Fit(request, &response).ok());
  const mv1::ResolvedModel& r = response.resolved_model();
  EXPECT_EQ(r.estimator(), mv1::ESTIMATOR_WITHIN);
  EXPECT_EQ(r.fixed_effects(), mv1::FIXED_EFFECTS_TWO_WAY);
  EXPECT_EQ(r.variance_type(), mv1::VARIANCE_TYPE_CLUSTER);
  ASSERT_EQ(r.cluster_by_size(), 1);
  EXPECT_EQ(r.cluster_by(0), "entity");
  EXPECT_EQ(r.small_sample(), mv1::SMALL_SAMPLE_STATA);
  EXPECT_EQ(r.distribution(), mv1::DISTRIBUTION_STUDENT_T);
  EXPECT_EQ(r.inference_df(), 47);  // t with G - 1
  EXPECT_EQ(r.confidence_level(), 0.9);
  // K = 4 slopes + 16 year effects + 1 (the state effects are nested in the clusters).
  EXPECT_EQ(r.small_sample_k(), 21);
  ASSERT_EQ(r.small_sample_factors_size(), 1);
  EXPECT_NEAR(r.small_sample_factors(0), 48.0 / 47.0 * 815.0 / 795.0, 1e-12);
  EXPECT_EQ(r.f_kind(), "robust_wald");
}

TEST_F(ModelSpecFitTest, UnspecifiedModelResolvesToTheDocumentedDefaults) {
  auto request = Variables();
  request.mutable_model();  // present but empty
  mv1::FitPanelModelResponse response;
  ASSERT_TRUE(Fit(request, &response).ok());
  const mv1::ResolvedModel& r = response.resolved_model();
  EXPECT_EQ(r.estimator(), mv1::ESTIMATOR_WITHIN);
  EXPECT_EQ(r.fixed_effects(), mv1::FIXED_EFFECTS_ENTITY);
  EXPECT_EQ(r.variance_type(), mv1::VARIANCE_TYPE_CLUSTER);
  EXPECT_EQ(r.small_sample(), mv1::SMALL_SAMPLE_STATA);
  EXPECT_EQ(r.confidence_level(), 0.95);
  EXPECT_TRUE(r.drop_singletons());
}

TEST_F(ModelSpecFitTest, ModelAndFlatFieldsTogetherAreRefused) {
  auto request = Variables();
  *request.mutable_model() = TwoWayClustered();
  request.set_estimator(mv1::ESTIMATOR_POOLED_OLS);
  mv1::FitPanelModelResponse response;
  auto status = Fit(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "model", "not both"));
}

TEST_F(ModelSpecFitTest, EffectsTheEstimatorCannotEstimateAreNamed) {
  auto request = Variables();
  request.mutable_model()->set_estimator(mv1::ESTIMATOR_RANDOM_EFFECTS);
  request.mutable_model()->set_fixed_effects(mv1::FIXED_EFFECTS_TWO_WAY);
  mv1::FitPanelModelResponse response;
  auto status = Fit(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "model.fixed_effects", "supports fixed effects entity, period"));
}

TEST_F(ModelSpecFitTest, VarianceTheEstimatorCannotUseIsNamed) {
  auto request = Variables();
  request.mutable_model()->set_estimator(mv1::ESTIMATOR_BETWEEN);
  request.mutable_model()->mutable_variance()->set_type(mv1::VARIANCE_TYPE_DRISCOLL_KRAAY);
  mv1::FitPanelModelResponse response;
  auto status = Fit(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "model.variance.type", "supports iid, hc0, hc1, hc2, hc3"));
}

}  // namespace
}  // namespace govmetrics
