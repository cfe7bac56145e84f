// ModelingService.FitDynamicPanel over a real in-process gRPC channel: the request path
// (columns by name, lag lists, defaults, subsets by column) gives plm::pgmm's numbers
// (tests/reference/golden/gmm.json) for the Arellano-Bond and Blundell-Bond equations on
// EmplUK, and every bad input gets a status naming the field.
#include <memory>
#include <string>

#include "common/rpc/server_runtime.h"
#include "gtest/gtest.h"
#include "services/modeling/modeling_service.h"
#include "tests/service/service_test_util.h"
#include "tests/unit/golden_json.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics {
namespace {

namespace mv1 = modeling::v1;
using ::govmetrics::testing::HasViolation;
using ::govmetrics::testing::JsonValue;

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

const JsonValue& Case(const std::string& name) {
  static const JsonValue* golden = [] {
    auto* g = new JsonValue;
    std::string error;
    EXPECT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/gmm.json"), g, &error)) << error;
    return g;
  }();
  for (const auto& c : golden->Find("cases")->array) {
    if (c.String("name") == name) return c;
  }
  ADD_FAILURE() << "no golden case " << name;
  return *golden;
}

// EmplUK in logs; firms as strings, as a client sends them.
mv1::FitDynamicPanelRequest EmplukRequest() {
  stats::testing::CsvTable csv;
  EXPECT_TRUE(stats::testing::ReadCsv(Source("tests/reference/data/empluk_logs.csv"), &csv));
  mv1::FitDynamicPanelRequest request;
  auto* panel = request.mutable_panel();
  for (const auto& e : csv.cells[static_cast<size_t>(csv.Column("firm"))]) panel->add_entity("firm" + e);
  for (double t : csv.Numeric("year")) panel->add_period(static_cast<int>(t));
  for (const char* name : {"lemp", "lwage", "lcapital", "loutput"}) {
    auto* c = panel->add_columns();
    c->set_name(name);
    for (double v : csv.Numeric(name)) c->add_values(v);
  }
  request.set_dependent("lemp");
  return request;
}

void AddTerm(const std::string& column, std::initializer_list<int> lags,
             google::protobuf::RepeatedPtrField<mv1::LaggedTerm>* out) {
  auto* t = out->Add();
  t->set_column(column);
  for (int l : lags) t->add_lags(l);
}

// Arellano-Bond (1991) table 4 column b: lemp lags 1-2, wage 0-1, capital, output 0-1.
mv1::FitDynamicPanelRequest Ab91Request() {
  auto r = EmplukRequest();
  r.add_dependent_lags(1);
  r.add_dependent_lags(2);
  AddTerm("lwage", {0, 1}, r.mutable_regressors());
  AddTerm("lcapital", {}, r.mutable_regressors());
  AddTerm("loutput", {0, 1}, r.mutable_regressors());
  r.add_gmm_instruments()->set_column("lemp");  // lags 2..all by default
  return r;
}

// Blundell-Bond (1998) table 4 as ?pgmm writes it, two-step with Windmeijer errors.
mv1::FitDynamicPanelRequest Bb98Request() {
  auto r = EmplukRequest();
  AddTerm("lwage", {0, 1}, r.mutable_regressors());
  AddTerm("lcapital", {0, 1}, r.mutable_regressors());
  for (const char* c : {"lemp", "lwage", "lcapital"}) r.add_gmm_instruments()->set_column(c);
  r.set_transformation(mv1::GMM_TRANSFORMATION_SYSTEM);
  auto* subset = r.add_difference_in_hansen();
  subset->set_name("wage instruments");
  subset->add_gmm_columns("lwage");
  return r;
}

void ExpectMatches(const mv1::FitDynamicPanelResponse& response, const JsonValue& c) {
  const auto& coefs = c.Find("coefficients")->array;
  ASSERT_EQ(response.coefficients_size(), static_cast<int>(coefs.size()));
  for (size_t i = 0; i < coefs.size(); ++i) {
    const auto& got = response.coefficients(static_cast<int>(i));
    EXPECT_EQ(got.name(), coefs[i].String("name"));
    EXPECT_NEAR(got.estimate(), coefs[i].Number("estimate"), 1e-8 * std::fabs(coefs[i].Number("estimate")));
    EXPECT_NEAR(got.std_error(), coefs[i].Number("std_error"), 1e-6 * coefs[i].Number("std_error"));
  }
  EXPECT_NEAR(response.hansen().statistic(), c.Find("hansen")->Number("statistic"), 1e-6 * c.Find("hansen")->Number("statistic"));
  EXPECT_EQ(response.hansen().df(), static_cast<int>(c.Find("hansen")->Number("df")));
  EXPECT_NEAR(response.ar2().statistic(), c.Find("ar2")->Number("statistic"), 1e-6);
  EXPECT_EQ(response.instruments(), static_cast<int>(c.Number("n_instruments")));
  EXPECT_EQ(response.groups(), 140);
}

class ModelingDynamicPanelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<rpc::InProcessServer>(
        std::vector<rpc::ServedService>{{&service_, services::kModelingServiceName}});
    stub_ = mv1::ModelingService::NewStub(server_->NewChannel());
  }
  grpc::Status Call(const mv1::FitDynamicPanelRequest& request, mv1::FitDynamicPanelResponse* response) {
    grpc::ClientContext context;
    return stub_->FitDynamicPanel(&context, request, response);
  }

  services::ModelingServiceImpl service_;
  std::unique_ptr<rpc::InProcessServer> server_;
  std::unique_ptr<mv1::ModelingService::Stub> stub_;
};

TEST_F(ModelingDynamicPanelTest, ArellanoBondTable4bMatchesPgmm) {
  auto request = Ab91Request();
  request.set_covariance(mv1::GMM_COVARIANCE_CONVENTIONAL);
  mv1::FitDynamicPanelResponse response;
  const auto status = Call(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ExpectMatches(response, Case("empluk_ab91_table4b_twostep"));
  // Default IV-style instruments: the regressors that are not GMM variables.
  ASSERT_EQ(response.iv_instruments_size(), 3);
  EXPECT_EQ(response.iv_instruments(0).column(), "lwage");
  EXPECT_EQ(response.first_period(), 1979);
  EXPECT_TRUE(response.warnings().empty());
}

TEST_F(ModelingDynamicPanelTest, BlundellBondTwoStepWithDifferenceInHansenMatchesPgmm) {
  mv1::FitDynamicPanelResponse response;
  const auto status = Call(Bb98Request(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const JsonValue& c = Case("empluk_bb98_twostep_windmeijer");
  ExpectMatches(response, c);
  ASSERT_EQ(response.difference_in_hansen_size(), 1);
  const auto& d = response.difference_in_hansen(0);
  EXPECT_EQ(d.name(), "wage instruments");
  const JsonValue& golden = c.Find("difference_in_hansen")->array[0];
  EXPECT_NEAR(d.difference().statistic(), golden.Number("statistic"), 1e-6 * golden.Number("statistic"));
  EXPECT_EQ(d.difference().df(), static_cast<int>(golden.Number("df")));
  EXPECT_EQ(response.coefficients(response.coefficients_size() - 1).time_effect(), true);
  EXPECT_EQ(response.coefficients(0).time_effect(), false);
}

TEST_F(ModelingDynamicPanelTest, MoreInstrumentsThanGroupsIsReportedWithAWarning) {
  auto request = Bb98Request();
  request.clear_difference_in_hansen();
  // Keep 40 firms: 113 instruments for 40 groups (still more groups than coefficients,
  // so the generalised-inverse weighting still identifies the model).
  mv1::FitDynamicPanelRequest small = request;
  auto* panel = small.mutable_panel();
  panel->clear_entity();
  panel->clear_period();
  for (auto& c : *panel->mutable_columns()) c.clear_values();
  const auto& full = request.panel();
  for (int r = 0; r < full.entity_size(); ++r) {
    if (std::stoi(full.entity(r).substr(4)) > 40) continue;  // "firm1".."firm40"
    panel->add_entity(full.entity(r));
    panel->add_period(full.period(r));
    for (int c = 0; c < full.columns_size(); ++c) panel->mutable_columns(c)->add_values(full.columns(c).values(r));
  }
  mv1::FitDynamicPanelResponse response;
  const auto status = Call(small, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.groups(), 40);
  EXPECT_GT(response.instruments(), response.groups());
  ASSERT_FALSE(response.warnings().empty());
  EXPECT_NE(response.warnings(0).find("exceed the 40 groups"), std::string::npos) << response.warnings(0);
  ASSERT_EQ(response.warnings_size(), 2);
  EXPECT_NE(response.warnings(1).find("generalised inverse"), std::string::npos) << response.warnings(1);
}

TEST_F(ModelingDynamicPanelTest, NoInstrumentsIsAnInvalidArgumentNamingTheField) {
  auto request = Ab91Request();
  request.clear_gmm_instruments();
  mv1::FitDynamicPanelResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "gmm_instruments", "no instruments"));
}

TEST_F(ModelingDynamicPanelTest, BadFieldsAreNamed) {
  auto request = Ab91Request();
  request.mutable_gmm_instruments(0)->set_column("nope");
  request.mutable_regressors(0)->add_lags(-1);
  request.add_dependent_lags(0);
  request.set_steps(mv1::GMM_STEPS_ONE_STEP);
  request.set_covariance(mv1::GMM_COVARIANCE_CONVENTIONAL);
  mv1::FitDynamicPanelResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "gmm_instruments[0].column"));
  EXPECT_TRUE(HasViolation(status, "regressors[0].lags[2]"));
  EXPECT_TRUE(HasViolation(status, "dependent_lags[2]"));
  EXPECT_TRUE(HasViolation(status, "covariance", "robust"));
}

// Keeps the rows up to `last_period`.
mv1::FitDynamicPanelRequest UpTo(const mv1::FitDynamicPanelRequest& request, int last_period) {
  mv1::FitDynamicPanelRequest out = request;
  auto* p = out.mutable_panel();
  p->clear_entity();
  p->clear_period();
  for (auto& c : *p->mutable_columns()) c.clear_values();
  const auto& full = request.panel();
  for (int r = 0; r < full.entity_size(); ++r) {
    if (full.period(r) > last_period) continue;
    p->add_entity(full.entity(r));
    p->add_period(full.period(r));
    for (int c = 0; c < full.columns_size(); ++c) p->mutable_columns(c)->add_values(full.columns(c).values(r));
  }
  return out;
}

TEST_F(ModelingDynamicPanelTest, TooFewPeriodsIsAFailedPrecondition) {
  mv1::FitDynamicPanelResponse response;
  // Lags of up to 2 use 3 periods; 1976..1980 leaves 2 differenced periods: fits.
  EXPECT_TRUE(Call(UpTo(Ab91Request(), 1980), &response).ok());
  const auto status = Call(UpTo(Ab91Request(), 1979), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("too few periods"), std::string::npos) << status.error_message();
}

TEST_F(ModelingDynamicPanelTest, UnknownSubsetColumnIsNamed) {
  auto request = Bb98Request();
  request.mutable_difference_in_hansen(0)->add_gmm_columns("loutput");
  request.mutable_difference_in_hansen(0)->add_iv_columns("lwage");
  mv1::FitDynamicPanelResponse response;
  const auto status = Call(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "difference_in_hansen[0].gmm_columns[1]"));
  EXPECT_TRUE(HasViolation(status, "difference_in_hansen[0].iv_columns[0]"));
}

}  // namespace
}  // namespace govmetrics
