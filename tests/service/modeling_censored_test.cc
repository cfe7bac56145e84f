// FitCensoredModel (pooled Tobit) over a real in-process gRPC channel, on Produc
// (balanced; unemp top- and bottom-coded at 4 and 10) and EmplUK (unbalanced; log
// employment left-censored at 0), against tests/reference/golden/tobit.json from
// AER::tobit (survival::survreg), sandwich::sandwich / vcovCL and McDonald-Moffitt
// marginal effects with numDeriv delta-method SEs (tests/reference/panel/tobit_reference.R).
// Coefficients, sigma and log-likelihoods 1e-8 relative; SEs and tests 1e-6 relative.
// Bad input: limits beyond the data, nothing uncensored, sigma diverging, a collinear
// column, each with a named INVALID_ARGUMENT / FAILED_PRECONDITION.
#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "tests/reference/reference_panel.h"
#include "common/rpc/server_runtime.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "services/modeling/modeling_service.h"
#include "tests/service/service_test_util.h"
#include "tests/unit/golden_json.h"

namespace govmetrics {
namespace {

namespace mv1 = modeling::v1;
using ::govmetrics::testing::JsonValue;

void ExpectRel(double actual, double expected, double tol, const std::string& what) {
  EXPECT_NEAR(actual, expected, tol * std::max(std::fabs(expected), 1e-12)) << what;
}

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

std::vector<double> Numbers(const JsonValue& c, const std::string& key) {
  std::vector<double> out;
  const JsonValue* v = c.Find(key);
  if (v == nullptr) return out;
  for (const auto& e : v->array) out.push_back(e.number);
  return out;
}

bool IsNumber(const JsonValue& c, const std::string& key) {
  const JsonValue* v = c.Find(key);
  return v != nullptr && v->type == JsonValue::Type::kNumber;
}

common::v1::Panel LoadPanel(const std::string& dataset) {
  const bool produc = dataset == "produc";
  auto panel = govmetrics::ReadReferencePanel(Source(produc ? "tests/reference/data/produc_tobit.csv" : "tests/reference/data/empluk_tobit.csv"), produc ? "state" : "firm", "year");
  EXPECT_TRUE(panel.ok());
  return *panel;
}

// The subject of the PreconditionFailure detail a client decodes.
std::string PreconditionSubject(const grpc::Status& status) {
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return "";
  for (const auto& any : details.details()) {
    google::rpc::PreconditionFailure failure;
    if (any.UnpackTo(&failure) && failure.violations_size() > 0) return failure.violations(0).subject();
  }
  return "";
}

class CensoredModelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kModelingServiceName}});
    stub_ = mv1::ModelingService::NewStub(server_->NewChannel());
    produc_ = LoadPanel("produc");
    empluk_ = LoadPanel("empluk");
    JsonValue root;
    std::string error;
    ASSERT_TRUE(testing::ReadJsonFile(Source("tests/reference/golden/tobit.json"), &root, &error)) << error;
    cases_ = root.Find("cases")->array;
  }

  mv1::FitCensoredModelRequest RequestFor(const JsonValue& c, mv1::CensoredVariance variance) {
    mv1::FitCensoredModelRequest request;
    *request.mutable_panel() = c.String("dataset") == "produc" ? produc_ : empluk_;
    request.set_dependent(c.String("dependent"));
    for (const auto& x : c.Strings("regressors")) request.add_regressors(x);
    // An absent limit is null in the golden.
    if (IsNumber(c, "left")) request.set_left_limit(c.Number("left"));
    if (IsNumber(c, "right")) request.set_right_limit(c.Number("right"));
    request.set_period_effects(c.Find("period_effects")->boolean);
    request.set_variance(variance);
    return request;
  }

  // A Produc request for the bad-input tests.
  mv1::FitCensoredModelRequest ProducRequest() {
    mv1::FitCensoredModelRequest request;
    *request.mutable_panel() = produc_;
    request.set_dependent("unemp");
    request.add_regressors("lgsp");
    request.add_regressors("lpc");
    request.set_left_limit(4);
    return request;
  }

  grpc::Status Fit(const mv1::FitCensoredModelRequest& request, mv1::FitCensoredModelResponse* r) {
    grpc::ClientContext context;
    return stub_->FitCensoredModel(&context, request, r);
  }

  // Adds a column computed from `from` by `f`.
  template <typename F>
  static void AddDerivedColumn(common::v1::Panel* panel, const std::string& from, const std::string& name, F f) {
    const common::v1::Column* source = nullptr;
    for (const auto& c : panel->columns()) {
      if (c.name() == from) source = &c;
    }
    ASSERT_NE(source, nullptr);
    auto* column = panel->add_columns();
    column->set_name(name);
    for (double v : source->values()) column->add_values(f(v));
  }

  services::ModelingServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<mv1::ModelingService::Stub> stub_;
  common::v1::Panel produc_, empluk_;
  std::vector<JsonValue> cases_;
};

void ExpectFitMatches(const JsonValue& c, const mv1::FitCensoredModelResponse& r, const std::string& se_key) {
  const std::string what = c.String("name") + " " + se_key;
  const auto names = c.Strings("names");
  const auto coefficients = Numbers(c, "coefficients");
  const auto se = Numbers(c, se_key);
  ASSERT_EQ(r.coefficients_size(), static_cast<int>(names.size())) << what;
  for (size_t j = 0; j < names.size(); ++j) {
    const auto& k = r.coefficients(static_cast<int>(j));
    EXPECT_EQ(k.name(), names[j]) << what;
    ExpectRel(k.estimate(), coefficients[j], 1e-8, what + " " + names[j]);
    ExpectRel(k.std_error(), se[j], 1e-6, what + " se " + names[j]);
  }
  const int p = r.parameter_names_size();
  ASSERT_EQ(p, static_cast<int>(names.size()) + 1);
  ExpectRel(std::sqrt(r.covariance((p - 1) * p + p - 1)), se.back(), 1e-6, what + " se log(sigma)");
  ExpectRel(r.sigma(), c.Number("sigma"), 1e-8, what + " sigma");
  ExpectRel(r.sigma_std_error(), c.Number("sigma") * se.back(), 1e-6, what + " se sigma");
  ExpectRel(r.log_likelihood(), c.Number("log_likelihood"), 1e-10, what + " loglik");
  ExpectRel(r.null_log_likelihood(), c.Number("log_likelihood_null"), 1e-10, what + " null loglik");
  ExpectRel(r.lr_test().statistic(), c.Number("lr_statistic"), 1e-6, what + " LR");
  EXPECT_EQ(r.lr_test().df(), static_cast<int>(c.Number("lr_df"))) << what;
  ExpectRel(r.lr_test().p_value(), c.Number("lr_p_value"), 1e-6, what + " LR p");
  EXPECT_EQ(r.observations(), static_cast<int>(c.Number("observations"))) << what;
  EXPECT_EQ(r.left_censored(), static_cast<int>(c.Number("left_censored"))) << what;
  EXPECT_EQ(r.right_censored(), static_cast<int>(c.Number("right_censored"))) << what;
  EXPECT_EQ(r.uncensored(), static_cast<int>(c.Number("uncensored"))) << what;
}

mv1::MarginalEffectKind KindNamed(const std::string& kind) {
  return kind == "unconditional" ? mv1::MARGINAL_EFFECT_KIND_UNCONDITIONAL
         : kind == "conditional" ? mv1::MARGINAL_EFFECT_KIND_CONDITIONAL
                                 : mv1::MARGINAL_EFFECT_KIND_PROBABILITY;
}

void ExpectMarginalEffectsMatch(const JsonValue& c, const mv1::FitCensoredModelResponse& r, const std::string& key,
                                double estimate_tolerance = 1e-8) {
  int compared = 0;
  for (const auto& table : c.Find(key)->array) {
    const auto at = table.String("at") == "means" ? mv1::MARGINAL_EFFECT_AT_MEANS : mv1::MARGINAL_EFFECT_AT_AVERAGE;
    const auto kind = KindNamed(table.String("kind"));
    const auto names = table.Strings("names");
    const auto estimate = Numbers(table, "estimate");
    const auto se = Numbers(table, "std_error");
    for (size_t j = 0; j < names.size(); ++j) {
      const std::string what = c.String("name") + " " + key + " " + table.String("at") + " " +
                               table.String("kind") + " " + names[j];
      const auto found = std::find_if(r.marginal_effects().begin(), r.marginal_effects().end(), [&](const auto& m) {
        return m.at() == at && m.kind() == kind && m.regressor() == names[j];
      });
      ASSERT_NE(found, r.marginal_effects().end()) << what;
      ExpectRel(found->estimate(), estimate[j], estimate_tolerance, what);
      ExpectRel(found->std_error(), se[j], 1e-6, what + " se");
      ++compared;
    }
  }
  EXPECT_GT(compared, 0);
}

// The latent-index effect is the coefficient, at the means and averaged.
void ExpectLatentEffectsAreTheCoefficients(const mv1::FitCensoredModelResponse& r) {
  int latent = 0;
  for (const auto& m : r.marginal_effects()) {
    if (m.kind() != mv1::MARGINAL_EFFECT_KIND_LATENT) continue;
    const auto k = std::find_if(r.coefficients().begin(), r.coefficients().end(),
                                [&](const auto& x) { return x.name() == m.regressor(); });
    ASSERT_NE(k, r.coefficients().end());
    EXPECT_EQ(m.estimate(), k->estimate());
    EXPECT_NEAR(m.std_error(), k->std_error(), 1e-12 * k->std_error());
    ++latent;
  }
  EXPECT_EQ(latent, 2 * (r.coefficients_size() - 1));
}

TEST_F(CensoredModelTest, PooledTobitMatchesAerTobitWithObservedInformation) {
  for (const auto& c : cases_) {
    mv1::FitCensoredModelResponse r;
    const grpc::Status status = Fit(RequestFor(c, mv1::CENSORED_VARIANCE_UNSPECIFIED), &r);
    ASSERT_TRUE(status.ok()) << c.String("name") << ": " << status.error_message();
    ExpectFitMatches(c, r, "std_error_oim");
    ExpectMarginalEffectsMatch(c, r, "marginal_effects_oim");
    ExpectLatentEffectsAreTheCoefficients(r);
  }
}

TEST_F(CensoredModelTest, RobustAndClusteredSandwichesMatchSandwichPackage) {
  for (const auto& c : cases_) {
    mv1::FitCensoredModelResponse robust, cluster;
    ASSERT_TRUE(Fit(RequestFor(c, mv1::CENSORED_VARIANCE_ROBUST), &robust).ok()) << c.String("name");
    ExpectFitMatches(c, robust, "std_error_robust");
    ASSERT_TRUE(Fit(RequestFor(c, mv1::CENSORED_VARIANCE_CLUSTER), &cluster).ok()) << c.String("name");
    ExpectFitMatches(c, cluster, "std_error_cluster");
    ExpectMarginalEffectsMatch(c, cluster, "marginal_effects_cluster");
  }
}

// Random effects against the independent numpy/scipy implementation with the same
// 12-point adaptive Gauss-Hermite rule (tests/reference/golden/tobit_random_effects.json):
// both compute the same approximation, so the tolerances check the implementation, not the
// rule (whose own error, 12 vs 30 points, the golden records). They are looser than the
// pooled ones because the reference places its nodes numerically (Brent mode, second-
// difference curvature), which moves the log-likelihood by ~1e-10 relative.
constexpr double kReCoef = 1e-8, kReSe = 1e-6, kReLogLik = 1e-9;
TEST_F(CensoredModelTest, RandomEffectsTobitMatchesTheNumpyImplementation) {
  JsonValue root;
  std::string error;
  ASSERT_TRUE(testing::ReadJsonFile(Source("tests/reference/golden/tobit_random_effects.json"), &root, &error));
  for (const auto& c : root.Find("cases")->array) {
    auto request = RequestFor(c, mv1::CENSORED_VARIANCE_OIM);
    request.set_model(mv1::CENSORED_MODEL_RANDOM_EFFECTS);
    mv1::FitCensoredModelResponse r;
    const grpc::Status status = Fit(request, &r);
    ASSERT_TRUE(status.ok()) << c.String("name") << ": " << status.error_message();
    const std::string what = c.String("name");
    const auto names = c.Strings("names");
    const auto coefficients = Numbers(c, "coefficients");
    const auto se = Numbers(c, "std_error");
    ASSERT_EQ(r.coefficients_size(), static_cast<int>(names.size())) << what;
    for (size_t j = 0; j < names.size(); ++j) {
      const auto& k = r.coefficients(static_cast<int>(j));
      EXPECT_EQ(k.name(), names[j]) << what;
      ExpectRel(k.estimate(), coefficients[j], kReCoef, what + " " + names[j]);
      ExpectRel(k.std_error(), se[j], kReSe, what + " se " + names[j]);
    }
    const auto& re = r.random_effects();
    EXPECT_EQ(re.quadrature_points(), 12);
    ExpectRel(re.sigma_u(), c.Number("sigma_u"), kReCoef, what + " sigma_u");
    ExpectRel(re.sigma_e(), c.Number("sigma_e"), kReCoef, what + " sigma_e");
    ExpectRel(r.sigma(), c.Number("sigma_e"), kReCoef, what + " sigma");
    ExpectRel(re.rho(), c.Number("rho"), kReCoef, what + " rho");
    ExpectRel(re.sigma_u_std_error(), c.Number("sigma_u_std_error"), kReSe, what + " se sigma_u");
    ExpectRel(re.sigma_e_std_error(), c.Number("sigma_e_std_error"), kReSe, what + " se sigma_e");
    ExpectRel(re.rho_std_error(), c.Number("rho_std_error"), kReSe, what + " se rho");
    ExpectRel(r.log_likelihood(), c.Number("log_likelihood"), kReLogLik, what + " loglik");
    ExpectRel(re.pooled_log_likelihood(), c.Number("pooled_log_likelihood"), 1e-10, what + " pooled loglik");
    ExpectRel(re.sigma_u_test().statistic(), c.Number("lr_sigma_u"), 1e-6, what + " LR sigma_u");
    ExpectRel(re.sigma_u_test().p_value(), c.Number("lr_sigma_u_p_value"), kReSe, what + " LR p");
    EXPECT_EQ(r.entities(), static_cast<int>(c.Number("entities"))) << what;
    EXPECT_EQ(r.observations(), static_cast<int>(c.Number("observations"))) << what;
    // At u_i = 0 (xttobit's pr0 / e0 / ystar0). The two fits' coefficients agree to
    // ~1e-8 and an effect combines several of them (and sigma_e), so 1e-7 for the effects.
    ExpectMarginalEffectsMatch(c, r, "marginal_effects", 1e-7);
    ExpectLatentEffectsAreTheCoefficients(r);
    const auto& options = r.provenance().resolved_options();
    const auto convention = std::find_if(options.begin(), options.end(),
                                         [](const auto& o) { return o.name() == "marginal_effects"; });
    ASSERT_NE(convention, options.end());
    EXPECT_NE(convention->value().find("u_i = 0"), std::string::npos) << convention->value();
  }
}

TEST_F(CensoredModelTest, RandomEffectsRefusesSandwichVariances) {
  auto request = ProducRequest();
  request.set_model(mv1::CENSORED_MODEL_RANDOM_EFFECTS);
  request.set_variance(mv1::CENSORED_VARIANCE_CLUSTER);
  mv1::FitCensoredModelResponse r;
  const grpc::Status status = Fit(request, &r);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(testing::HasViolation(status, "variance", "observed information"));
}

TEST_F(CensoredModelTest, ReportsEntitiesAndDropsRowsWithMissingValues) {
  auto request = ProducRequest();
  mv1::FitCensoredModelResponse full, fewer;
  ASSERT_TRUE(Fit(request, &full).ok());
  EXPECT_EQ(full.entities(), 48);
  EXPECT_EQ(full.dropped_missing(), 0);
  for (auto& column : *request.mutable_panel()->mutable_columns()) {
    if (column.name() == "lpc") column.set_values(3, std::nan(""));
  }
  ASSERT_TRUE(Fit(request, &fewer).ok());
  EXPECT_EQ(fewer.dropped_missing(), 1);
  EXPECT_EQ(fewer.observations(), full.observations() - 1);
}

TEST_F(CensoredModelTest, ALimitBeyondEveryObservationIsAnInvalidArgumentNamingIt) {
  auto request = ProducRequest();
  request.set_left_limit(18.0);  // unemp's largest value
  mv1::FitCensoredModelResponse r;
  grpc::Status status = Fit(request, &r);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(testing::HasViolation(status, "left_limit", "at or above every observation")) << status.error_message();

  request.clear_left_limit();
  request.set_right_limit(2.8);  // unemp's smallest value
  status = Fit(request, &r);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(testing::HasViolation(status, "right_limit", "at or below every observation")) << status.error_message();

  request.clear_right_limit();
  status = Fit(request, &r);
  EXPECT_TRUE(testing::HasViolation(status, "left_limit", "set left_limit, right_limit or both"));
}

TEST_F(CensoredModelTest, NoUncensoredObservationIsAnInvalidArgument) {
  auto request = ProducRequest();
  request.set_left_limit(6.0);  // unemp has one decimal: nothing lies in (6.0, 6.05)
  request.set_right_limit(6.05);
  mv1::FitCensoredModelResponse r;
  const grpc::Status status = Fit(request, &r);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(testing::HasViolation(status, "right_limit", "strictly between the limits")) << status.error_message();
}

TEST_F(CensoredModelTest, SigmaDivergingToZeroIsAFailedPrecondition) {
  // Uncensored values lie exactly on a line in lpc; the rest are censored at 21.5, so
  // least squares leaves residuals but the likelihood grows without bound as sigma -> 0.
  auto request = ProducRequest();
  AddDerivedColumn(request.mutable_panel(), "lpc", "exact", [](double v) { return std::min(2.0 * v + 1.0, 21.5); });
  request.set_dependent("exact");
  request.clear_regressors();
  request.add_regressors("lpc");
  request.clear_left_limit();
  request.set_right_limit(21.5);
  mv1::FitCensoredModelResponse r;
  const grpc::Status status = Fit(request, &r);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_NE(status.error_message().find("sigma"), std::string::npos) << status.error_message();
  EXPECT_EQ(PreconditionSubject(status), "dependent");
}

TEST_F(CensoredModelTest, ACollinearColumnIsAFailedPreconditionNamingTheRegressor) {
  auto request = ProducRequest();
  AddDerivedColumn(request.mutable_panel(), "lpc", "lpc_rescaled", [](double v) { return 3.0 * v - 1.0; });
  request.add_regressors("lpc_rescaled");
  mv1::FitCensoredModelResponse r;
  const grpc::Status status = Fit(request, &r);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_EQ(PreconditionSubject(status), "regressors[2]");
  EXPECT_NE(status.error_message().find("lpc_rescaled"), std::string::npos) << status.error_message();
}

TEST_F(CensoredModelTest, BadColumnsAndOptionsAreNamed) {
  auto request = ProducRequest();
  request.add_regressors("no_such_column");
  request.add_regressors("lgsp");
  request.set_quadrature_points(5);
  mv1::FitCensoredModelResponse r;
  const grpc::Status status = Fit(request, &r);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(testing::HasViolation(status, "regressors[2]"));
  EXPECT_TRUE(testing::HasViolation(status, "regressors[3]", "listed twice"));
  EXPECT_TRUE(testing::HasViolation(status, "quadrature_points", "RANDOM_EFFECTS only"));
}

}  // namespace
}  // namespace govmetrics
