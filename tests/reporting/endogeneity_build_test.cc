// The endogeneity step's plan and build on responses recorded from the modeling
// service's own code (in_process_services.h): the demo study with the lagged-regressor
// recipe (the digital empowerment index instrumented by its own one-period lag), and
// with two named instruments (over-identified, so Hansen J is reported). Every cell
// checked here must be the number of the response it came from.
#include <cmath>

#include "gtest/gtest.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_pipeline.h"
#include "services/reporting/study_steps.h"
#include "tests/reporting/in_process_services.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kIvKey[] = "fit/endogeneity/iv";

struct RecordedStudy {
  v1::StudySpec spec;
  StudyDesign design;
  ResponseSet responses;
};

v1::StudySpec EndogeneitySpec(const std::vector<std::string>& instruments) {
  auto spec = testing::LoadSpec("data/demo/study_spec_en.json");
  EXPECT_TRUE(spec.ok()) << spec.status();
  spec->clear_mediators();
  spec->clear_robustness();
  spec->clear_group_by();
  auto* section = spec->mutable_endogeneity();
  for (const auto& z : instruments) section->add_instruments(z);
  return *spec;
}

RecordedStudy* Record(const v1::StudySpec& spec) {
  auto* study = new RecordedStudy;
  auto panel = testing::LoadPanel("data/demo/study_panel.csv");
  EXPECT_TRUE(panel.ok());
  study->spec = spec;
  auto design = DesignStudy(*panel, study->spec);
  EXPECT_TRUE(design.ok()) << design.status();
  study->design = std::move(*design);
  testing::InProcessServices services;
  const absl::Status status = RunStudyRequests(study->design, services, nullptr, study->responses);
  EXPECT_TRUE(status.ok()) << status;
  return study;
}

const v1::Table& TableOf(const ReportFragment& fragment, const std::string& id) {
  for (const auto& t : fragment.tables()) {
    if (t.id() == id) return t;
  }
  ADD_FAILURE() << "no table " << id;
  return fragment.tables(0);
}

int RowStartingWith(const v1::Table& table, const std::string& prefix) {
  for (int r = 0; r < table.rows_size(); ++r) {
    if (table.rows(r).label().rfind(prefix, 0) == 0) return r;
  }
  return -1;
}

class EndogeneityBuildTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    lagged_ = Record(EndogeneitySpec({}));
    named_ = Record(EndogeneitySpec({"broadband_ports", "internet_penetration"}));
  }
  static void TearDownTestSuite() {
    delete lagged_;
    delete named_;
  }
  static const mv1::FitPanelModelResponse& Fit(const RecordedStudy& study, const std::string& key) {
    auto response = study.responses.Get<mv1::FitPanelModelResponse>(key);
    EXPECT_TRUE(response.ok()) << key;
    return **response;
  }
  static ReportFragment Build(const RecordedStudy& study) {
    ReportFragment fragment;
    const absl::Status status = BuildEndogeneityStep(study.design, study.responses, fragment);
    EXPECT_TRUE(status.ok()) << status;
    return fragment;
  }

  static inline RecordedStudy* lagged_ = nullptr;
  static inline RecordedStudy* named_ = nullptr;
};

TEST_F(EndogeneityBuildTest, LaggedRecipeInstrumentsXWithItsOwnLagUnderTheBaselineModel) {
  RequestPlan plan;
  ASSERT_TRUE(PlanEndogeneityStep(lagged_->design, plan).ok());
  const auto& request = std::get<mv1::FitPanelModelRequest>(plan.requests().back().request);
  const StudyDesign& d = lagged_->design;
  EXPECT_EQ(request.estimator(), mv1::ESTIMATOR_IV);
  EXPECT_EQ(request.fixed_effects(), mv1::FIXED_EFFECTS_TWO_WAY);
  ASSERT_EQ(request.endogenous_size(), 1);
  EXPECT_EQ(request.endogenous(0), d.x);
  ASSERT_EQ(request.instruments_size(), 1);
  EXPECT_EQ(request.instruments(0), d.lagged_instrument);
  ASSERT_EQ(request.transforms_size(), 1);
  EXPECT_EQ(request.transforms(0).column(), d.lagged_instrument);
  EXPECT_EQ(request.transforms(0).lag(), 1);
  // The instrument column is X itself before the service lags it.
  const auto& fit = Fit(*lagged_, kIvKey);
  EXPECT_EQ(fit.resolved_model().variance_type(), Fit(*lagged_, kBaselineFullKey).resolved_model().variance_type());
  EXPECT_EQ(fit.n_obs(), Fit(*lagged_, kBaselineFullKey).n_obs() - fit.n_entities());  // one period lost per entity
}

TEST_F(EndogeneityBuildTest, EstimatesAreTheBaselineAndTheIvFitsWithTheRecipeLabelled) {
  const ReportFragment fragment = Build(*lagged_);
  const v1::Table& table = TableOf(fragment, "endogeneity");
  const StudyDesign& d = lagged_->design;
  EXPECT_DOUBLE_EQ(table.rows(0).cells(0).value(), FindCoefficient(Fit(*lagged_, kBaselineFullKey), d.x)->estimate());
  EXPECT_DOUBLE_EQ(table.rows(0).cells(1).value(), FindCoefficient(Fit(*lagged_, kIvKey), d.x)->estimate());
  EXPECT_DOUBLE_EQ(table.rows(1).cells(1).value(), FindCoefficient(Fit(*lagged_, kIvKey), d.x)->std_error());
  std::string notes;
  for (const auto& n : table.notes()) notes += n + "\n";
  EXPECT_NE(notes.find("lagged explanatory variable as instrument"), std::string::npos) << notes;
  EXPECT_NE(notes.find("valid only if"), std::string::npos) << notes;
}

TEST_F(EndogeneityBuildTest, FirstStageCellsAreTheServiceFirstStage) {
  const ReportFragment fragment = Build(*lagged_);
  const v1::Table& table = TableOf(fragment, "first_stage");
  const auto& stage = Fit(*lagged_, kIvKey).first_stages(0);
  ASSERT_EQ(table.rows_size(), 2 * stage.coefficients_size() + 2);
  for (int i = 0; i < stage.coefficients_size(); ++i) {
    EXPECT_DOUBLE_EQ(table.rows(2 * i).cells(0).value(), stage.coefficients(i).estimate());
    EXPECT_DOUBLE_EQ(table.rows(2 * i + 1).cells(0).value(), stage.coefficients(i).std_error());
  }
  const int n = table.rows_size();
  EXPECT_DOUBLE_EQ(table.rows(n - 2).cells(0).value(), stage.f_statistic());
  EXPECT_DOUBLE_EQ(table.rows(n - 1).cells(0).value(), stage.partial_r_squared());
}

TEST_F(EndogeneityBuildTest, DiagnosticsAreTheServiceStatistics) {
  const ReportFragment fragment = Build(*lagged_);
  const v1::Table& table = TableOf(fragment, "iv_diagnostics");
  const auto& d = Fit(*lagged_, kIvKey).iv_diagnostics();
  const int under = RowStartingWith(table, "Under-identification: ");
  ASSERT_GE(under, 0);
  EXPECT_DOUBLE_EQ(table.rows(under).cells(0).value(), d.underidentification().statistic());
  EXPECT_DOUBLE_EQ(table.rows(under).cells(2).value(), d.underidentification().p_value());
  const int cd = RowStartingWith(table, "Weak identification: Cragg-Donald");
  ASSERT_GE(cd, 0);
  EXPECT_DOUBLE_EQ(table.rows(cd).cells(0).value(), d.cragg_donald_f());
  const int endog = RowStartingWith(table, "Endogeneity of X: ");
  ASSERT_GE(endog, 0);
  EXPECT_DOUBLE_EQ(table.rows(endog).cells(0).value(), d.endogeneity().statistic());
  int stock_yogo = 0;
  for (const auto& r : table.rows()) stock_yogo += r.label().rfind("Stock-Yogo", 0) == 0;
  EXPECT_EQ(stock_yogo, d.stock_yogo_size());
  // One instrument, one endogenous regressor: exactly identified, no over-identification row.
  EXPECT_LT(RowStartingWith(table, "Over-identification: "), 0);
  EXPECT_EQ(RowStartingWith(table, "Anderson-Rubin confidence set"), table.rows_size() - 1);
}

TEST_F(EndogeneityBuildTest, NamedInstrumentsOverIdentifyAndReportHansenJ) {
  const ReportFragment fragment = Build(*named_);
  const auto& fit = Fit(*named_, kIvKey);
  EXPECT_EQ(fit.n_obs(), Fit(*named_, kBaselineFullKey).n_obs());
  const v1::Table& table = TableOf(fragment, "iv_diagnostics");
  const int over = RowStartingWith(table, "Over-identification: Hansen J");
  ASSERT_GE(over, 0);
  EXPECT_DOUBLE_EQ(table.rows(over).cells(0).value(), fit.iv_diagnostics().overidentification().statistic());
  std::string notes;
  for (const auto& n : TableOf(fragment, "endogeneity").notes()) notes += n;
  EXPECT_EQ(notes.find("lagged explanatory variable"), std::string::npos) << notes;
}

TEST_F(EndogeneityBuildTest, SummariesCiteCellsAndReadInChinese) {
  StudyDesign zh = lagged_->design;
  zh.language = v1::LANGUAGE_ZH;
  ReportFragment fragment;
  ASSERT_TRUE(BuildEndogeneityStep(zh, lagged_->responses, fragment).ok());
  ASSERT_EQ(fragment.sections_size(), 1);
  EXPECT_EQ(fragment.sections(0).title(), "内生性检验：工具变量法");
  ASSERT_EQ(fragment.sections(0).summary_size(), 2);
  for (const auto& sentence : fragment.sections(0).summary()) {
    EXPECT_EQ(sentence.text().find('{'), std::string::npos) << sentence.text();
    EXPECT_GT(sentence.cell_refs_size(), 0) << sentence.text();
  }
  EXPECT_NE(fragment.sections(0).summary(0).text().find("滞后"), std::string::npos);
}

TEST_F(EndogeneityBuildTest, BuildIsPureAndMissingResponsesAreInternal) {
  EXPECT_EQ(Build(*lagged_).SerializeAsString(), Build(*lagged_).SerializeAsString());
  ResponseSet empty;
  ReportFragment fragment;
  EXPECT_EQ(BuildEndogeneityStep(lagged_->design, empty, fragment).code(), absl::StatusCode::kInternal);
}

TEST(EndogeneityDesign, BadInstrumentsAreNamedInvalidArguments) {
  auto panel = testing::LoadPanel("data/demo/study_panel.csv");
  ASSERT_TRUE(panel.ok());
  v1::StudySpec missing = EndogeneitySpec({"hwy2"});
  auto design = DesignStudy(*panel, missing);
  ASSERT_EQ(design.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(design.status().message().find("spec.endogeneity.instruments[0]"), std::string::npos) << design.status();
  v1::StudySpec control = EndogeneitySpec({"openness"});
  design = DesignStudy(*panel, control);
  ASSERT_EQ(design.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(design.status().message().find("spec.endogeneity.instruments[0]"), std::string::npos) << design.status();
  v1::StudySpec negative = EndogeneitySpec({});
  negative.mutable_endogeneity()->set_lag(-1);
  design = DesignStudy(*panel, negative);
  ASSERT_EQ(design.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(design.status().message().find("spec.endogeneity.lag"), std::string::npos) << design.status();
}

}  // namespace
}  // namespace govmetrics::reporting
