// FitPanelModel moderation over a real in-process gRPC channel: every case of
// tests/reference/golden/moderation.json (R lm / plm with interaction terms + sandwich,
// on Produc and the unbalanced EmplUK) through the wire, and the named errors.
// Tolerances: coefficients 1e-8 relative, SEs / statistics / slopes / Johnson-Neyman
// bounds 1e-6 relative.
#include <cmath>
#include <memory>
#include <string>

#include "tests/reference/reference_panel.h"
#include "common/rpc/server_runtime.h"
#include "gtest/gtest.h"
#include "services/modeling/modeling_service.h"
#include "tests/service/service_test_util.h"
#include "tests/unit/golden_json.h"

namespace govmetrics {
namespace {

namespace mv1 = modeling::v1;
using ::govmetrics::testing::HasViolation;
using ::govmetrics::testing::JsonValue;

constexpr double kCoefTol = 1e-8;
constexpr double kStatTol = 1e-6;

void ExpectRel(double actual, double expected, double tol, const std::string& what) {
  EXPECT_NEAR(actual, expected, tol * std::max(std::fabs(expected), 1e-12)) << what;
}

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

// The panel of a golden dataset, with Produc's numeric region codes as a label.
common::v1::Panel LoadPanel(const std::string& dataset) {
  const bool produc = dataset == "produc";
  auto panel = govmetrics::ReadReferencePanel(
      produc ? "tests/reference/data/produc_logs.csv" : "tests/reference/data/empluk_logs.csv", produc ? "state" : "firm", "year");
  EXPECT_TRUE(panel.ok());
  if (produc) {
    auto* columns = panel->mutable_columns();
    for (int c = 0; c < columns->size(); ++c) {
      if (columns->Get(c).name() != "region") continue;
      auto* label = panel->add_labels();
      label->set_name("region");
      for (double v : columns->Get(c).values()) label->add_values(std::to_string(static_cast<int>(v)));
      columns->DeleteSubrange(c, 1);
      break;
    }
  }
  return *panel;
}

mv1::ModelSpec SpecOf(const JsonValue& c) {
  mv1::ModelSpec spec;
  const std::string estimator = c.String("estimator");
  spec.set_estimator(estimator == "pooled_ols"         ? mv1::ESTIMATOR_POOLED_OLS
                     : estimator == "random_effects"   ? mv1::ESTIMATOR_RANDOM_EFFECTS
                     : estimator == "first_difference" ? mv1::ESTIMATOR_FIRST_DIFFERENCE
                                                       : mv1::ESTIMATOR_WITHIN);
  const std::string fe = c.String("fixed_effects");
  spec.set_fixed_effects(fe == "two_way"  ? mv1::FIXED_EFFECTS_TWO_WAY
                         : fe == "entity" ? mv1::FIXED_EFFECTS_ENTITY
                                          : mv1::FIXED_EFFECTS_NONE);
  const JsonValue& v = *c.Find("variance");
  const std::string type = v.String("type");
  auto* variance = spec.mutable_variance();
  variance->set_type(type == "cluster" ? mv1::VARIANCE_TYPE_CLUSTER
                     : type == "hc1"   ? mv1::VARIANCE_TYPE_HC1
                                       : mv1::VARIANCE_TYPE_IID);
  variance->set_small_sample(v.String("small_sample") == "plm" ? mv1::SMALL_SAMPLE_PLM
                                                               : mv1::SMALL_SAMPLE_STATA);
  if (type == "cluster") variance->add_cluster_by("entity");
  return spec;
}

mv1::FitPanelModelRequest RequestOf(const JsonValue& c, const common::v1::Panel& panel) {
  mv1::FitPanelModelRequest request;
  *request.mutable_panel() = panel;
  request.set_dependent(c.String("dependent"));
  for (const auto& x : c.Strings("regressors")) request.add_regressors(x);
  *request.mutable_model() = SpecOf(c);
  const JsonValue& i = *c.Find("interaction");
  auto* term = request.mutable_moderation()->add_interactions();
  term->set_focal(i.String("focal"));
  term->set_moderator(i.String("moderator"));
  for (const auto& at : i.Find("at")->array) term->add_moderator_values(at.number);
  request.mutable_moderation()->set_center(c.Find("center")->boolean);
  return request;
}

class ModerationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kModelingServiceName}});
    stub_ = mv1::ModelingService::NewStub(server_->NewChannel());
  }

  grpc::Status Fit(const mv1::FitPanelModelRequest& request, mv1::FitPanelModelResponse* response) {
    grpc::ClientContext context;
    return stub_->FitPanelModel(&context, request, response);
  }

  void ExpectCase(const JsonValue& c, const common::v1::Panel& panel) {
    const std::string name = c.String("name");
    mv1::FitPanelModelResponse r;
    const grpc::Status status = Fit(RequestOf(c, panel), &r);
    ASSERT_TRUE(status.ok()) << name << ": " << status.error_message();
    EXPECT_EQ(r.n_obs(), static_cast<int>(c.Number("n_obs"))) << name;
    EXPECT_EQ(r.inference_df(), c.Number("t_df")) << name;
    for (const JsonValue& g : c.Find("coefficients")->array) {
      const std::string coef = g.String("name");
      const mv1::Coefficient* found = nullptr;
      for (const auto& k : r.coefficients()) {
        if (k.name() == coef) found = &k;
      }
      ASSERT_NE(found, nullptr) << name << ": no coefficient " << coef;
      ExpectRel(found->estimate(), g.Number("estimate"), kCoefTol, name + " " + coef);
      ExpectRel(found->std_error(), g.Number("std_error"), kStatTol, name + " se " + coef);
    }
    ASSERT_EQ(r.moderation_size(), 1) << name;
    const mv1::ModerationResult& m = r.moderation(0);
    const auto& slopes = c.Find("simple_slopes")->array;
    ASSERT_EQ(m.simple_slopes_size(), static_cast<int>(slopes.size())) << name;
    for (size_t s = 0; s < slopes.size(); ++s) {
      const auto& got = m.simple_slopes(static_cast<int>(s));
      const std::string what = name + " slope " + slopes[s].String("at_label");
      EXPECT_EQ(got.at_label(), slopes[s].String("at_label")) << what;
      ExpectRel(got.slope(), slopes[s].Number("slope"), kCoefTol, what);
      ExpectRel(got.std_error(), slopes[s].Number("std_error"), kStatTol, what);
      ExpectRel(got.statistic(), slopes[s].Number("statistic"), kStatTol, what);
      ExpectRel(got.p_value(), slopes[s].Number("p_value"), kStatTol, what);
      ExpectRel(got.ci_lower(), slopes[s].Number("ci_lower"), kStatTol, what);
      ExpectRel(got.ci_upper(), slopes[s].Number("ci_upper"), kStatTol, what);
    }
    if (const JsonValue* jn = c.Find("johnson_neyman")) {
      ExpectRel(m.moderator_mean(), c.Number("moderator_mean"), kCoefTol, name + " mean");
      ExpectRel(m.moderator_sd(), c.Number("moderator_sd"), kCoefTol, name + " sd");
      EXPECT_EQ(m.johnson_neyman().region(), jn->String("region")) << name;
      if (jn->Has("lower")) {
        ExpectRel(m.johnson_neyman().lower(), jn->Number("lower"), kStatTol, name + " JN lower");
        ExpectRel(m.johnson_neyman().upper(), jn->Number("upper"), kStatTol, name + " JN upper");
      }
    }
  }

  services::ModelingServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<mv1::ModelingService::Stub> stub_;
};

TEST_F(ModerationTest, EveryGoldenCaseMatchesRThroughTheWire) {
  JsonValue root;
  std::string error;
  ASSERT_TRUE(testing::ReadJsonFile(Source("tests/reference/golden/moderation.json"), &root, &error))
      << error;
  const common::v1::Panel produc = LoadPanel("produc");
  const common::v1::Panel empluk = LoadPanel("empluk");
  int cases = 0;
  for (const JsonValue& c : root.Find("cases")->array) {
    ExpectCase(c, c.String("dataset") == "produc" ? produc : empluk);
    ++cases;
  }
  EXPECT_GE(cases, 9);
}

mv1::FitPanelModelRequest ProducInteraction(const std::string& focal, const std::string& moderator) {
  mv1::FitPanelModelRequest request;
  *request.mutable_panel() = LoadPanel("produc");
  request.set_dependent("lgsp");
  for (const char* x : {"lpcap", "lpc", "unemp"}) request.add_regressors(x);
  auto* term = request.mutable_moderation()->add_interactions();
  term->set_focal(focal);
  term->set_moderator(moderator);
  return request;
}

TEST_F(ModerationTest, NumericModeratorThatIsNotARegressorIsNamed) {
  mv1::FitPanelModelResponse response;
  auto status = Fit(ProducInteraction("lpcap", "lemp"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "moderation.interactions[0].moderator", "main effect"));
}

TEST_F(ModerationTest, UnknownFocalIsNamed) {
  mv1::FitPanelModelResponse response;
  auto status = Fit(ProducInteraction("lemp", "unemp"), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "moderation.interactions[0].focal", "'lemp'"));
}

TEST_F(ModerationTest, UnknownReferenceLevelIsNamed) {
  auto request = ProducInteraction("lpcap", "region");
  request.mutable_moderation()->mutable_interactions(0)->set_reference_level("West");
  mv1::FitPanelModelResponse response;
  auto status = Fit(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "moderation.interactions[0].reference_level", "no level 'West'"));
}

TEST_F(ModerationTest, InteractionAbsorbedByTheFixedEffectsIsFailedPrecondition) {
  // A state-level constant times another state-level constant is absorbed by the state
  // effects: the product column is dropped, so its slopes are not identified.
  auto request = ProducInteraction("lpcap", "unemp");
  auto* panel = request.mutable_panel();
  auto* a = panel->add_columns();
  a->set_name("state_a");
  auto* b = panel->add_columns();
  b->set_name("state_b");
  for (int r = 0; r < panel->entity_size(); ++r) {
    const double code = static_cast<double>(std::hash<std::string>{}(panel->entity(r)) % 97);
    a->add_values(code);
    b->add_values(std::fmod(code * 7.0, 13.0));
  }
  request.add_regressors("state_a");
  request.add_regressors("state_b");
  request.mutable_moderation()->mutable_interactions(0)->set_focal("state_a");
  request.mutable_moderation()->mutable_interactions(0)->set_moderator("state_b");
  request.mutable_model()->set_estimator(mv1::ESTIMATOR_WITHIN);
  request.mutable_model()->set_fixed_effects(mv1::FIXED_EFFECTS_ENTITY);
  mv1::FitPanelModelResponse response;
  auto status = Fit(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_NE(status.error_message().find("interactions[0]"), std::string::npos)
      << status.error_message();
}

TEST_F(ModerationTest, LabelModeratorGivesOneSlopePerLevelReferenceFirst) {
  auto request = ProducInteraction("lpcap", "region");
  request.mutable_moderation()->mutable_interactions(0)->set_reference_level("5");
  request.mutable_model()->set_estimator(mv1::ESTIMATOR_POOLED_OLS);
  mv1::FitPanelModelResponse response;
  ASSERT_TRUE(Fit(request, &response).ok());
  ASSERT_EQ(response.moderation_size(), 1);
  const auto& m = response.moderation(0);
  ASSERT_EQ(m.simple_slopes_size(), 9);
  EXPECT_EQ(m.simple_slopes(0).at_label(), "5");
  EXPECT_EQ(m.terms_size(), 8);
  EXPECT_FALSE(m.has_johnson_neyman());
}

}  // namespace
}  // namespace govmetrics
