// The study's optional sections (moderation) through ReportingService, with IndexService
// and ModelingService in-process behind real gRPC channels, and a few report cells
// checked against FitPanelModel called directly: the indices computed by ComputeIndex,
// the model given as a ModelSpec (not the flat fields the pipeline sends), so the report
// and the check reach the numbers by different paths.
#include <cmath>
#include <fstream>
#include <sstream>

#include "tests/reference/reference_panel.h"
#include "tests/service/report_lookup.h"
#include "tests/service/study_servers.h"
#include "common/rpc/server_runtime.h"
#include "google/protobuf/util/json_util.h"
#include "gtest/gtest.h"
#include "services/index/index_service.h"
#include "services/modeling/modeling_service.h"
#include "services/reporting/reporting_service.h"

namespace govmetrics {
namespace {

namespace rv1 = reporting::v1;
namespace mv1 = modeling::v1;

using testing::FindRow;
using testing::FindTable;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

const mv1::Coefficient* FindCoefficient(const mv1::FitPanelModelResponse& fit, const std::string& name) {
  for (const auto& c : fit.coefficients()) {
    if (c.name() == name) return &c;
  }
  return nullptr;
}

class ReportingSectionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_ = new testing::StudyServers;

    const std::string root = GOVMETRICS_SOURCE_DIR;
    auto panel = govmetrics::ReadReferencePanel(root + "/data/demo/study_panel.csv", "entity", "year");
    ASSERT_TRUE(panel.ok());
    request_ = new rv1::RunStudyRequest;
    *request_->mutable_panel() = *panel;
    ASSERT_TRUE(google::protobuf::util::JsonStringToMessage(ReadFile(root + "/data/demo/study_spec_en.json"),
                                                            request_->mutable_spec())
                    .ok());
    rv1::StudySpec& spec = *request_->mutable_spec();
    spec.clear_mediators();  // the sections under test only; the demo's others have their own test
    spec.clear_robustness();
    spec.clear_group_by();
    spec.clear_formats();
    for (auto f : {rv1::FORMAT_HTML, rv1::FORMAT_MARKDOWN, rv1::FORMAT_DOCX, rv1::FORMAT_JSON}) spec.add_formats(f);
    spec.mutable_moderation()->add_moderators()->mutable_variable()->set_column("urbanization");

    response_ = new rv1::RunStudyResponse;
    auto stub = rv1::ReportingService::NewStub(servers_->reporting_server.NewChannel());
    grpc::ClientContext context;
    status_ = new grpc::Status(stub->RunStudy(&context, *request_, response_));
  }

  static void TearDownTestSuite() {
    delete servers_;
    delete request_;
    delete response_;
    delete status_;
  }

  // The request's panel plus the explanatory and outcome indices, from ComputeIndex.
  static common::v1::Panel PanelWithIndices() {
    common::v1::Panel panel = request_->panel();
    auto stub = index::v1::IndexService::NewStub(servers_->index_server.NewChannel());
    for (const rv1::Variable* v : {&request_->spec().explanatory(), &request_->spec().outcome()}) {
      index::v1::ComputeIndexRequest request;
      *request.mutable_panel() = request_->panel();
      *request.mutable_indicators() = v->index().indicators();
      request.set_method(v->index().method());
      index::v1::ComputeIndexResponse response;
      grpc::ClientContext context;
      EXPECT_TRUE(stub->ComputeIndex(&context, request, &response).ok());
      auto* column = panel.add_columns();
      column->set_name(v->index().name());
      *column->mutable_values() = response.scores();
    }
    return panel;
  }

  // y ~ x * urbanization + the other controls, two-way FE, clustered by entity (Stata).
  static mv1::FitPanelModelResponse DirectInteractionFit() {
    const auto& spec = request_->spec();
    mv1::FitPanelModelRequest request;
    *request.mutable_panel() = PanelWithIndices();
    request.set_dependent(spec.outcome().index().name());
    request.add_regressors(spec.explanatory().index().name());
    request.add_regressors("urbanization");
    for (const auto& c : spec.controls()) {
      if (c != "urbanization") request.add_regressors(c);
    }
    auto* model = request.mutable_model();
    model->set_estimator(mv1::ESTIMATOR_WITHIN);
    model->set_fixed_effects(mv1::FIXED_EFFECTS_TWO_WAY);
    model->mutable_variance()->set_type(mv1::VARIANCE_TYPE_CLUSTER);
    model->mutable_variance()->add_cluster_by("entity");
    model->mutable_variance()->set_small_sample(mv1::SMALL_SAMPLE_STATA);
    auto* term = request.mutable_moderation()->add_interactions();
    term->set_focal(spec.explanatory().index().name());
    term->set_moderator("urbanization");
    auto stub = mv1::ModelingService::NewStub(servers_->modeling_server.NewChannel());
    mv1::FitPanelModelResponse response;
    grpc::ClientContext context;
    EXPECT_TRUE(stub->FitPanelModel(&context, request, &response).ok());
    return response;
  }

  static inline testing::StudyServers* servers_ = nullptr;
  static inline rv1::RunStudyRequest* request_;
  static inline rv1::RunStudyResponse* response_;
  static inline grpc::Status* status_;
};

TEST_F(ReportingSectionsTest, ModerationCellsAreTheDirectFitsNumbers) {
  ASSERT_TRUE(status_->ok()) << status_->error_message();
  const mv1::FitPanelModelResponse direct = DirectInteractionFit();
  const std::string x = request_->spec().explanatory().index().name();
  const rv1::Table* table = FindTable(response_->report(), "moderation");
  ASSERT_NE(table, nullptr);
  const rv1::TableRow* product = FindRow(*table, request_->spec().explanatory().label() + " × Urbanisation (urban population share)");
  ASSERT_NE(product, nullptr);
  const auto* b = FindCoefficient(direct, x + ":urbanization");
  ASSERT_NE(b, nullptr);
  EXPECT_NEAR(product->cells(1).value(), b->estimate(), 1e-12 * (1 + std::fabs(b->estimate())));
  const rv1::Table* slopes = FindTable(response_->report(), "simple_slopes");
  ASSERT_NE(slopes, nullptr);
  ASSERT_EQ(slopes->rows_size(), 3);
  for (int i = 0; i < 3; ++i) {
    const auto& s = direct.moderation(0).simple_slopes(i);
    EXPECT_NEAR(slopes->rows(i).cells(0).value(), s.slope(), 1e-12 * (1 + std::fabs(s.slope()))) << i;
    EXPECT_NEAR(slopes->rows(i).cells(1).value(), s.std_error(), 1e-12 * s.std_error()) << i;
  }
  const rv1::Table* jn = FindTable(response_->report(), "johnson_neyman");
  ASSERT_NE(jn, nullptr);
  EXPECT_NEAR(jn->rows(0).cells(3).value(), direct.moderation(0).johnson_neyman().observed_min(), 1e-12);
}

TEST_F(ReportingSectionsTest, ConditionalEffectChartIsDrawnInEveryChartFormat) {
  ASSERT_TRUE(status_->ok()) << status_->error_message();
  bool html = false, markdown = false, docx = false;
  for (const auto& d : response_->documents()) {
    if (d.format() == rv1::FORMAT_HTML) html = d.content().find("chart-conditional-effect") != std::string::npos;
    if (d.format() == rv1::FORMAT_MARKDOWN) markdown = d.content().find("Effect with confidence band") != std::string::npos;
    if (d.format() == rv1::FORMAT_DOCX) docx = !d.binary_content().empty();
  }
  EXPECT_TRUE(html);
  EXPECT_TRUE(markdown);
  EXPECT_TRUE(docx);
  // The moderation section follows the heterogeneity section (sections of later steps,
  // e.g. issue 16's that the demo spec asks for, may come after it).
  const auto& sections = response_->report().sections();
  int moderation = -1, heterogeneity = -1;
  for (int i = 0; i < sections.size(); ++i) {
    if (sections[i].id() == "moderation") moderation = i;
    if (sections[i].id() == "heterogeneity") heterogeneity = i;
  }
  ASSERT_GE(moderation, 0);
  EXPECT_GT(moderation, heterogeneity);
}

TEST_F(ReportingSectionsTest, ModeratorMissingFromThePanelIsInvalidArgumentNamingTheField) {
  rv1::RunStudyRequest bad = *request_;
  bad.mutable_spec()->mutable_moderation()->mutable_moderators(0)->mutable_variable()->set_column("hwy2");
  auto stub = rv1::ReportingService::NewStub(servers_->reporting_server.NewChannel());
  grpc::ClientContext context;
  rv1::RunStudyResponse response;
  const grpc::Status status = stub->RunStudy(&context, bad, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(status.error_message().find("spec.moderation.moderators[0].variable"), std::string::npos)
      << status.error_message();
}

}  // namespace
}  // namespace govmetrics
