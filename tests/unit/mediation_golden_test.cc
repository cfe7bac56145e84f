// Mediation point estimates against tests/reference/golden/mediation_produc.json
// (R plm / sandwich / lmtest, script tests/reference/panel/mediation_reference.R):
// Produc, two-way FE, X = lpcap, Y = lgsp, control unemp, mediators lpc and lemp,
// variance iid / cluster HC0 / cluster Stata. Tolerances as the panel goldens:
// estimates 1e-9 relative, SEs and statistics 1e-7, p-values 1e-6.
#include <cmath>
#include <string>
#include <vector>

#include "common/stats/mediation_analysis.h"
#include "gtest/gtest.h"
#include "tests/unit/golden_json.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics::stats {
namespace {

using govmetrics::testing::JsonValue;

void ExpectRel(double actual, double expected, double tol, const std::string& what) {
  EXPECT_NEAR(actual, expected, tol * std::max(std::fabs(expected), 1e-300)) << what;
}

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

class MediationGoldenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/mediation_produc.json"), &golden_, &error))
        << error;
    ASSERT_TRUE(testing::ReadCsv(Source(golden_.String("data")), &csv_));
  }

  MediationInput Input() const {
    MediationInput in;
    in.treatment = golden_.String("treatment");
    in.mediators = golden_.Strings("mediators");
    in.controls = golden_.Strings("controls");
    PanelInput& d = in.data;
    d.y_name = golden_.String("outcome");
    const std::vector<double> y = csv_.Numeric(d.y_name);
    d.y = Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size()));
    d.x_names = {in.treatment};
    d.x_names.insert(d.x_names.end(), in.mediators.begin(), in.mediators.end());
    d.x_names.insert(d.x_names.end(), in.controls.begin(), in.controls.end());
    d.x.resize(d.y.size(), static_cast<Eigen::Index>(d.x_names.size()));
    for (size_t j = 0; j < d.x_names.size(); ++j) {
      const std::vector<double> v = csv_.Numeric(d.x_names[j]);
      d.x.col(j) = Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
    }
    d.entity = csv_.Codes(golden_.String("entity"));
    for (double t : csv_.Numeric(golden_.String("period"))) d.period.push_back(static_cast<int>(t));
    return in;
  }

  static MediationOptions Options(const JsonValue& variance) {
    MediationOptions o;
    o.model.estimator = PanelEstimator::kWithin;
    o.model.fixed_effects = FixedEffectsKind::kTwoWay;
    const std::string type = variance.String("type");
    o.model.variance.type = type == "cluster" ? VarianceType::kCluster : VarianceType::kIid;
    o.model.variance.cluster_by = variance.Strings("cluster_by");
    const std::string ss = variance.String("small_sample");
    o.model.variance.small_sample =
        ss == "stata" ? SmallSampleConvention::kStata : SmallSampleConvention::kNone;
    return o;
  }

  JsonValue golden_;
  testing::CsvTable csv_;
};

void CheckPath(const PathCoefficient& actual, const JsonValue& expected, const std::string& what) {
  ExpectRel(actual.estimate, expected.Number("estimate"), 1e-9, what + ".estimate");
  ExpectRel(actual.std_error, expected.Number("std_error"), 1e-7, what + ".std_error");
  ExpectRel(actual.statistic, expected.Number("statistic"), 1e-7, what + ".statistic");
  ExpectRel(actual.p_value, expected.Number("p_value"), 1e-6, what + ".p_value");
  EXPECT_EQ(actual.df, expected.Number("t_df")) << what << ".t_df";
}

void CheckZ(const IndirectZTest& actual, const JsonValue* expected, const std::string& what) {
  ASSERT_NE(expected, nullptr) << what;
  if (expected->Find("std_error")->type == JsonValue::Type::kNull) {
    EXPECT_FALSE(actual.defined) << what;
    return;
  }
  ASSERT_TRUE(actual.defined) << what;
  ExpectRel(actual.std_error, expected->Number("std_error"), 1e-7, what + ".std_error");
  ExpectRel(actual.z, expected->Number("statistic"), 1e-7, what + ".statistic");
  ExpectRel(actual.p_value, expected->Number("p_value"), 1e-6, what + ".p_value");
}

TEST_F(MediationGoldenTest, EveryCaseMatchesPlm) {
  const JsonValue* cases = golden_.Find("mediations");
  ASSERT_NE(cases, nullptr);
  ASSERT_EQ(cases->array.size(), 6u);
  for (const JsonValue& c : cases->array) {
    const std::string name = c.String("name");
    SCOPED_TRACE(name);
    absl::StatusOr<MediationResult> r = AnalyzeMediation(Input(), Options(*c.Find("variance")));
    ASSERT_TRUE(r.ok()) << r.status();
    const MediatorEffect* e = nullptr;
    for (const auto& m : r->mediators) {
      if (m.mediator == c.String("mediator")) e = &m;
    }
    ASSERT_NE(e, nullptr);
    const JsonValue* paths = c.Find("paths");
    CheckPath(e->a, *paths->Find("a"), name + ".a");
    CheckPath(e->b, *paths->Find("b"), name + ".b");
    CheckPath(e->c, *paths->Find("c"), name + ".c");
    CheckPath(e->c_prime, *paths->Find("c_prime"), name + ".c_prime");
    EXPECT_EQ(r->n_obs, static_cast<int64_t>(paths->Find("a")->Number("n_obs")));
    ExpectRel(e->indirect, c.Number("indirect"), 1e-9, "indirect");
    ExpectRel(e->proportion_mediated, c.Number("proportion_mediated"), 1e-9, "proportion");
    CheckZ(e->sobel, c.Find("sobel"), name + ".sobel");
    CheckZ(e->aroian, c.Find("aroian"), name + ".aroian");
    CheckZ(e->goodman, c.Find("goodman"), name + ".goodman");
  }
}

TEST_F(MediationGoldenTest, TotalEffectDecomposesExactly) {
  MediationOptions o;
  o.model.estimator = PanelEstimator::kWithin;
  o.model.fixed_effects = FixedEffectsKind::kTwoWay;
  absl::StatusOr<MediationResult> r = AnalyzeMediation(Input(), o);
  ASSERT_TRUE(r.ok()) << r.status();
  for (const auto& e : r->mediators) {
    EXPECT_NEAR(e.c.estimate, e.c_prime.estimate + e.indirect, 1e-10) << e.mediator;
  }
  o.mode = MediationMode::kParallel;
  r = AnalyzeMediation(Input(), o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_NEAR(r->mediators[0].c.estimate, r->mediators[0].c_prime.estimate + r->total_indirect, 1e-10);
}

}  // namespace
}  // namespace govmetrics::stats
