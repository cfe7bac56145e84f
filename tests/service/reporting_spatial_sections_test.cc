// Issue 16's study sections through ReportingService, with IndexService and
// ModelingService in-process behind real gRPC channels: each section's numbers are the
// other services' answers to the same requests, made here directly, and the report
// renders them (charts included) in English and Chinese.
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
namespace iv1 = index::v1;
namespace mv1 = modeling::v1;

using testing::Document;
using testing::FindChart;
using testing::FindSection;
using testing::FindTable;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

class SpatialSectionsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    servers_ = new testing::StudyServers;
    en_ = new rv1::RunStudyResponse;
    zh_ = new rv1::RunStudyResponse;
    ASSERT_TRUE(Run(Request(rv1::LANGUAGE_EN), en_).ok());
    ASSERT_TRUE(Run(Request(rv1::LANGUAGE_ZH), zh_).ok());
  }
  static void TearDownTestSuite() {
    delete servers_;
    delete en_;
    delete zh_;
  }

  // The demo study (its English or Chinese spec) without robustness checks and mediators
  // (not what is tested here), its sections on a raw column and the explanatory index.
  static rv1::RunStudyRequest Request(rv1::Language language) {
    const std::string root = GOVMETRICS_SOURCE_DIR;
    rv1::RunStudyRequest request;
    auto panel = govmetrics::ReadReferencePanel("data/demo/study_panel.csv", "entity", "year");
    EXPECT_TRUE(panel.ok());
    *request.mutable_panel() = *panel;
    const std::string spec_file = language == rv1::LANGUAGE_ZH ? "study_spec_zh.json" : "study_spec_en.json";
    EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(ReadFile(root + "/data/demo/" + spec_file),
                                                            request.mutable_spec())
                    .ok());
    rv1::StudySpec* spec = request.mutable_spec();
    spec->clear_robustness();
    spec->clear_mediators();
    spec->set_permutations(99);
    spec->clear_formats();
    spec->add_formats(rv1::FORMAT_HTML);
    spec->add_formats(rv1::FORMAT_DOCX);
    spec->add_formats(rv1::FORMAT_JSON);
    rv1::SpatioTemporalSpec* st = spec->mutable_spatio_temporal();
    st->set_enabled(true);
    st->clear_variables();
    st->add_variables("broadband_ports");
    st->add_variables(spec->explanatory().index().name());
    st->mutable_spatial_weights()->mutable_china_province_contiguity();
    spec->mutable_spatial()->set_enabled(true);
    spec->mutable_spatial()->add_variables("broadband_ports");
    spec->mutable_spatial()->set_effect_draws(199);
    spec->mutable_threshold()->set_enabled(true);
    spec->mutable_threshold()->set_bootstrap_replications(49);
    return request;
  }

  static grpc::Status Run(const rv1::RunStudyRequest& request, rv1::RunStudyResponse* response) {
    auto stub = rv1::ReportingService::NewStub(servers_->reporting_server.NewChannel());
    grpc::ClientContext context;
    return stub->RunStudy(&context, request, response);
  }

  static inline testing::StudyServers* servers_ = nullptr;
  static inline rv1::RunStudyResponse* en_;
  static inline rv1::RunStudyResponse* zh_;
};

TEST_F(SpatialSectionsTest, SpatioTemporalNumbersAreTheIndexServicesAnswer) {
  const rv1::RunStudyRequest study = Request(rv1::LANGUAGE_EN);
  iv1::AnalyzeDisparityRequest request;
  *request.mutable_panel() = study.panel();
  request.set_column("broadband_ports");
  request.set_group_label("region3");
  for (const auto& c : study.spec().controls()) request.mutable_convergence()->add_controls(c);
  request.mutable_spatial_weights()->mutable_china_province_contiguity();
  request.mutable_kernel_density()->set_grid_points(64);
  request.mutable_kernel_density()->set_common_grid(true);
  iv1::AnalyzeDisparityResponse direct;
  grpc::ClientContext context;
  ASSERT_TRUE(iv1::IndexService::NewStub(servers_->index_server.NewChannel())->AnalyzeDisparity(&context, request, &direct).ok());

  const rv1::Report& report = en_->report();
  const rv1::Table* dagum = FindTable(report, "dagum_broadband_ports");
  ASSERT_NE(dagum, nullptr);
  ASSERT_EQ(dagum->rows_size(), direct.periods_size());
  for (int t = 0; t < direct.periods_size(); ++t) {
    EXPECT_EQ(dagum->rows(t).cells(0).value(), direct.periods(t).gini());
    EXPECT_EQ(dagum->rows(t).cells(3).value(), direct.periods(t).gini_transvariation());
  }
  const rv1::Table* beta = FindTable(report, "beta_broadband_ports");
  ASSERT_NE(beta, nullptr);
  EXPECT_EQ(beta->rows(1).cells(0).value(), direct.beta_convergence(1).beta());
  const rv1::Chart* density = FindChart(report, "density_broadband_ports");
  ASSERT_NE(density, nullptr);
  ASSERT_EQ(density->series_size(), direct.densities_size());
  EXPECT_EQ(density->x_values(10), direct.densities(0).x(10));
  EXPECT_EQ(density->series(3).values(20), direct.densities(3).density(20));
  ASSERT_EQ(direct.spatial_markov().chains_size(), 4);
  EXPECT_EQ(FindTable(report, "markov_broadband_ports")->rows_size(), 4 + 4 * 4);
}

// The SDM the section fits (with its LM and Durbin tests) is ModelingService's answer to
// the same request; the model table shows the chosen fit, the effects table its effects.
TEST_F(SpatialSectionsTest, SpatialNumbersAreTheModelingServicesAnswer) {
  const rv1::RunStudyRequest study = Request(rv1::LANGUAGE_EN);
  const rv1::Report& report = en_->report();
  const rv1::Table* tests = FindTable(report, "spatial_tests");
  const rv1::Table* model = FindTable(report, "spatial_model");
  const rv1::Table* moran = FindTable(report, "moran_broadband_ports");
  ASSERT_TRUE(tests != nullptr && model != nullptr && moran != nullptr);

  mv1::AnalyzeSpatialAutocorrelationRequest moran_request;
  *moran_request.mutable_panel() = study.panel();
  moran_request.set_column("broadband_ports");
  moran_request.mutable_weights()->mutable_china_province_contiguity();
  moran_request.set_permutations(99);
  moran_request.set_seed(study.spec().seed());
  mv1::AnalyzeSpatialAutocorrelationResponse direct_moran;
  auto modeling = mv1::ModelingService::NewStub(servers_->modeling_server.NewChannel());
  grpc::ClientContext moran_context;
  ASSERT_TRUE(modeling->AnalyzeSpatialAutocorrelation(&moran_context, moran_request, &direct_moran).ok());
  ASSERT_EQ(moran->rows_size(), direct_moran.periods_size());
  EXPECT_EQ(moran->rows(6).cells(0).value(), direct_moran.periods(6).moran().statistic());
  EXPECT_EQ(moran->rows(6).cells(3).value(), direct_moran.periods(6).moran().permutation_p_value());

  // The SDM of the outcome index on the explanatory index and the controls, asked directly
  // on the panel with both index columns (built by IndexService as the study builds them).
  common::v1::Panel panel = study.panel();
  for (const rv1::Variable* v : {&study.spec().explanatory(), &study.spec().outcome()}) {
    iv1::ComputeIndexRequest index;
    *index.mutable_panel() = study.panel();
    *index.mutable_indicators() = v->index().indicators();
    index.set_method(v->index().method());
    iv1::ComputeIndexResponse scores;
    grpc::ClientContext context;
    ASSERT_TRUE(iv1::IndexService::NewStub(servers_->index_server.NewChannel())->ComputeIndex(&context, index, &scores).ok());
    auto* column = panel.add_columns();
    column->set_name(v->index().name());
    *column->mutable_values() = scores.scores();
  }
  mv1::FitSpatialPanelRequest sdm_request;
  *sdm_request.mutable_panel() = panel;
  sdm_request.set_dependent(study.spec().outcome().index().name());
  sdm_request.add_regressors(study.spec().explanatory().index().name());
  for (const auto& c : study.spec().controls()) sdm_request.add_regressors(c);
  sdm_request.mutable_weights()->mutable_china_province_contiguity();
  sdm_request.set_model(mv1::SPATIAL_PANEL_MODEL_SDM);
  sdm_request.set_effect_draws(199);
  sdm_request.set_seed(study.spec().seed());
  mv1::FitSpatialPanelResponse sdm;
  grpc::ClientContext sdm_context;
  ASSERT_TRUE(modeling->FitSpatialPanel(&sdm_context, sdm_request, &sdm).ok());
  ASSERT_EQ(tests->rows_size(), sdm.lm_tests_size() + sdm.durbin_tests_size());
  for (int r = 0; r < sdm.lm_tests_size(); ++r) EXPECT_EQ(tests->rows(r).cells(0).value(), sdm.lm_tests(r).statistic());
  EXPECT_EQ(tests->rows(4).cells(2).value(), sdm.durbin_tests(0).p_value());
  const std::string chosen = model->columns(0);
  const int regressors = 1 + study.spec().controls_size();
  if (chosen == "SDM") {
    ASSERT_EQ(model->rows_size(), 2 * sdm.coefficients_size() + 3);  // estimate and SE rows, 3 info rows
    for (int k = 0; k < sdm.coefficients_size(); ++k) {
      EXPECT_EQ(model->rows(2 * k).cells(0).value(), sdm.coefficients(k).estimate()) << k;
    }
    EXPECT_EQ(FindTable(report, "spatial_effects")->rows(0).cells(1).value(), sdm.effects(0).indirect());
  }
  if (chosen != "SEM") {
    EXPECT_EQ(FindTable(report, "spatial_effects")->rows_size(), 2 * regressors);
  }
}

TEST_F(SpatialSectionsTest, ThresholdSectionHasTestsSlopesAndLrPlots) {
  const rv1::Report& report = en_->report();
  const rv1::Table* tests = FindTable(report, "threshold_tests");
  const rv1::Table* estimates = FindTable(report, "threshold_estimates");
  const rv1::Table* slopes = FindTable(report, "threshold_slopes");
  ASSERT_TRUE(tests != nullptr && estimates != nullptr && slopes != nullptr);
  ASSERT_EQ(tests->rows_size(), 3);  // F_1, F_2, F_3
  EXPECT_EQ(tests->rows(0).cells(5).value(), 49);
  const rv1::Section* section = FindSection(report, "threshold");
  ASSERT_NE(section, nullptr);
  EXPECT_EQ(section->chart_ids_size(), estimates->rows_size());
  const rv1::Chart* lr = FindChart(report, section->chart_ids(0));
  ASSERT_NE(lr, nullptr);
  EXPECT_EQ(lr->kind(), rv1::CHART_KIND_XY);
  // The LR curve is zero at the estimate (its own candidate).
  const double estimate = estimates->rows(0).cells(0).value();
  bool at_estimate = false;
  for (int i = 0; i < lr->x_values_size(); ++i) {
    if (std::fabs(lr->x_values(i) - estimate) < 1e-12) at_estimate = lr->series(0).values(i) == 0.0;
  }
  EXPECT_TRUE(at_estimate);
  EXPECT_NE(Document(*zh_, "report.html").find("门槛效应检验"), std::string::npos);
  EXPECT_NE(Document(*zh_, "report.html").find("空间溢出"), std::string::npos);
}

TEST_F(SpatialSectionsTest, SpatioTemporalRendersInEnglishAndChinese) {
  const rv1::Section* en = FindSection(en_->report(), "spatio_temporal");
  const rv1::Section* zh = FindSection(zh_->report(), "spatio_temporal");
  ASSERT_TRUE(en != nullptr && zh != nullptr);
  EXPECT_EQ(en->title(), "Spatio-temporal evolution");
  EXPECT_EQ(zh->title(), "时空演变特征");
  EXPECT_EQ(en->table_ids_size(), 2 * 5);  // Dagum, group Ginis, Theil/CV, beta, Markov per variable
  EXPECT_EQ(en->chart_ids_size(), 2 * 2);  // Gini trend, density ridgeline
  EXPECT_GE(en->summary_size(), 2 * 3);
  const std::string html = Document(*zh_, "report.html");
  EXPECT_NE(html.find("chart-ridgeline"), std::string::npos);
  for (const char* text : {"Dagum 基尼系数及其分解", "马尔可夫转移概率矩阵", "核密度估计", "东部"}) {
    EXPECT_NE(html.find(text), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace govmetrics
