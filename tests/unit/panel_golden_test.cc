// Every case of the committed golden files tests/reference/golden/panel_*.json
// (R plm / sandwich / lmtest / estimatr and statsmodels; scripts and
// conventions in tests/reference/README.md) refitted with the engine.
// Tolerances: estimates 1e-9 relative; standard errors, statistics, F /
// chi-square statistics, variance components and small-sample factors 1e-7
// relative; p-values 1e-6 relative (a p-value in the far tail moves by about
// t^2 times the relative error of t).
#include <cmath>
#include <string>
#include <vector>

#include "common/stats/panel/estimator_registry.h"
#include "common/stats/panel/variance_registry.h"
#include "common/stats/panel_fit.h"
#include "common/stats/panel_hausman.h"
#include "gtest/gtest.h"
#include "tests/unit/golden_json.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics::stats {
namespace {

using govmetrics::testing::JsonValue;

constexpr double kEstimateTol = 1e-9;
constexpr double kStatTol = 1e-7;
constexpr double kPValueTol = 1e-6;

void ExpectRel(double actual, double expected, double tol, const std::string& what) {
  EXPECT_NEAR(actual, expected, tol * std::max(std::fabs(expected), 1e-300)) << what;
}

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

// Golden files name estimators and variance types by their registry names.
PanelEstimator Estimator(const std::string& s) {
  const EstimatorDefinition* d = FindEstimatorByName(s);
  return d != nullptr ? d->id : PanelEstimator::kWithin;
}

FixedEffectsKind Effects(const std::string& s) {
  if (s == "entity") return FixedEffectsKind::kEntity;
  if (s == "period") return FixedEffectsKind::kPeriod;
  if (s == "two_way") return FixedEffectsKind::kTwoWay;
  return FixedEffectsKind::kNone;
}

VarianceType Variance(const std::string& s) {
  const VarianceDefinition* d = FindVarianceByName(s);
  return d != nullptr ? d->id : VarianceType::kIid;
}

SmallSampleConvention Convention(const std::string& s) {
  if (s == "fixest") return SmallSampleConvention::kFixest;
  if (s == "plm") return SmallSampleConvention::kPlm;
  if (s == "plm_hc1") return SmallSampleConvention::kPlmHc1;
  if (s == "none") return SmallSampleConvention::kNone;
  return SmallSampleConvention::kStata;
}

struct Dataset {
  testing::CsvTable csv;
  std::string entity, period;
};

PanelInput BuildInput(const Dataset& d, const JsonValue& c) {
  PanelInput in;
  in.y_name = c.String("dependent");
  const std::vector<double> y = d.csv.Numeric(in.y_name);
  in.y = Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size()));
  in.x_names = c.Strings("regressors");
  in.x.resize(in.y.size(), static_cast<Eigen::Index>(in.x_names.size()));
  for (size_t j = 0; j < in.x_names.size(); ++j) {
    const std::vector<double> v = d.csv.Numeric(in.x_names[j]);
    EXPECT_EQ(v.size(), y.size()) << "column " << in.x_names[j];
    in.x.col(j) = Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
  }
  in.entity = d.csv.Codes(d.entity);
  for (double t : d.csv.Numeric(d.period)) in.period.push_back(static_cast<int>(t));
  in.instrument_names = c.Strings("instruments");
  in.instruments.resize(in.y.size(), static_cast<Eigen::Index>(in.instrument_names.size()));
  for (size_t j = 0; j < in.instrument_names.size(); ++j) {
    const std::vector<double> v = d.csv.Numeric(in.instrument_names[j]);
    in.instruments.col(j) = Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
  }
  if (const JsonValue* var = c.Find("variance")) {
    for (const std::string& cl : var->Strings("cluster_by")) {
      if (cl == "entity" || cl == "period") continue;
      in.cluster_names.push_back(cl);
      in.clusters.push_back(d.csv.Codes(cl));
    }
  }
  return in;
}

PanelModelOptions BuildOptions(const JsonValue& c) {
  PanelModelOptions o;
  o.estimator = Estimator(c.String("estimator"));
  o.fixed_effects = Effects(c.String("fixed_effects"));
  o.endogenous = c.Strings("endogenous");
  const JsonValue* var = c.Find("variance");
  o.variance.type = Variance(var->String("type"));
  o.variance.cluster_by = var->Strings("cluster_by");
  o.variance.max_lag = static_cast<int>(var->Number("max_lag", 0));
  o.variance.small_sample = Convention(var->String("small_sample"));
  return o;
}

void CheckCase(const Dataset& d, const JsonValue& c) {
  const PanelModelOptions o = BuildOptions(c);
  absl::StatusOr<PanelFit> fit = FitPanelModel(BuildInput(d, c), o);
  ASSERT_TRUE(fit.ok()) << fit.status();
  const JsonValue* coefs = c.Find("coefficients");
  ASSERT_NE(coefs, nullptr);
  ASSERT_EQ(fit->coefficients.size(), coefs->array.size());
  for (size_t j = 0; j < coefs->array.size(); ++j) {
    const JsonValue& g = coefs->array[j];
    const CoefficientEstimate& e = fit->coefficients[j];
    EXPECT_EQ(e.name, g.String("name"));
    ExpectRel(e.estimate, g.Number("estimate"), kEstimateTol, e.name + " estimate");
    ExpectRel(e.std_error, g.Number("std_error"), kStatTol, e.name + " std_error");
    ExpectRel(e.statistic, g.Number("statistic"), kStatTol, e.name + " statistic");
    ExpectRel(e.p_value, g.Number("p_value"), kPValueTol, e.name + " p_value");
  }
  if (c.Has("n_obs")) {
    EXPECT_EQ(fit->n_obs, static_cast<int64_t>(c.Number("n_obs")));
  }
  if (c.Has("n_groups")) {
    EXPECT_EQ(fit->n_entities, static_cast<int64_t>(c.Number("n_groups")));
  }
  if (c.Has("df_resid")) {
    EXPECT_EQ(fit->df_resid, c.Number("df_resid"));
  }
  if (c.Has("t_df")) {
    EXPECT_EQ(fit->inference_df, c.Number("t_df"));
  }
  if (c.Has("r_squared")) ExpectRel(fit->r_squared, c.Number("r_squared"), kStatTol, "r_squared");
  if (c.Has("r_squared_within")) {
    ExpectRel(fit->r_squared_within, c.Number("r_squared_within"), kStatTol, "r_squared_within");
  }
  if (c.Has("f_statistic")) ExpectRel(fit->f_statistic, c.Number("f_statistic"), kStatTol, "F");
  if (c.Has("small_sample_factor") && fit->small_sample_factors.size() == 1) {
    ExpectRel(fit->small_sample_factors[0], c.Number("small_sample_factor"), 1e-12, "factor");
  }
  if (const JsonValue* w = c.Find("wald_chisq")) {
    ExpectRel(fit->wald_statistic, w->Number("statistic"), kStatTol, "wald chi2");
    EXPECT_EQ(fit->f_df1, static_cast<int>(w->Number("df")));
    ExpectRel(fit->wald_p_value, w->Number("p_value"), kPValueTol, "wald p");
  }
  if (const JsonValue* re = c.Find("random_effects")) {
    ExpectRel(fit->random_effects.sigma2_idiosyncratic, re->Number("sigma2_idios"), kStatTol, "sigma2_idios");
    ExpectRel(fit->random_effects.sigma2_effect, re->Number("sigma2_entity"), kStatTol, "sigma2_entity");
    if (const JsonValue* th = re->Find("theta_by_T")) {
      ASSERT_EQ(fit->random_effects.theta_by_group_size.size(), th->object.size());
      for (const auto& [t, theta] : fit->random_effects.theta_by_group_size) {
        ExpectRel(theta, th->Number(std::to_string(t)), kStatTol, "theta T=" + std::to_string(t));
      }
    }
  }
  if (const JsonValue* fs = c.Find("first_stage")) {
    ASSERT_EQ(fit->first_stage.size(), fs->array.size());
    for (size_t j = 0; j < fs->array.size(); ++j) {
      const JsonValue& g = fs->array[j];
      EXPECT_EQ(fit->first_stage[j].endogenous, g.String("endogenous"));
      ExpectRel(fit->first_stage[j].f_statistic_iid, g.Number("statistic"), kStatTol, "first-stage F");
      EXPECT_EQ(fit->first_stage[j].df1, static_cast<int>(g.Number("df1")));
      EXPECT_EQ(fit->first_stage[j].df2_iid, g.Number("df2"));
      ExpectRel(fit->first_stage[j].f_p_value_iid, g.Number("p_value"), kPValueTol, "first-stage p");
    }
  }
  if (const JsonValue* h = c.Find("hausman")) {
    HausmanOptions ho;
    if (h->String("method") == "aux") {
      ho.method = HausmanMethod::kAuxiliaryRegression;
      ho.variance.type = VarianceType::kCluster;  // arellano HC0 by entity
      ho.variance.small_sample = SmallSampleConvention::kNone;
    }
    absl::StatusOr<HausmanResult> r = HausmanTest(BuildInput(d, c), ho);
    ASSERT_TRUE(r.ok()) << r.status();
    ExpectRel(r->statistic, h->Number("statistic"), kStatTol, "hausman");
    EXPECT_EQ(r->df, static_cast<int>(h->Number("df")));
    ExpectRel(r->p_value, h->Number("p_value"), kPValueTol, "hausman p");
  }
}

void CheckFile(const std::string& name) {
  JsonValue root;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/" + name), &root, &error))
      << error;
  Dataset d;
  ASSERT_TRUE(testing::ReadCsv(Source(root.String("data")), &d.csv)) << root.String("data");
  d.entity = root.String("entity");
  d.period = root.String("period");
  const JsonValue* cases = root.Find("cases");
  ASSERT_NE(cases, nullptr);
  ASSERT_FALSE(cases->array.empty());
  for (const JsonValue& c : cases->array) {
    SCOPED_TRACE(name + ": " + c.String("name") + "  [" + c.String("r_call") + "]");
    CheckCase(d, c);
  }
}

TEST(PanelGoldenTest, GrunfeldMatchesR) { CheckFile("panel_grunfeld.json"); }
TEST(PanelGoldenTest, ProducMatchesR) { CheckFile("panel_produc.json"); }
TEST(PanelGoldenTest, EmplUkUnbalancedMatchesR) { CheckFile("panel_empluk.json"); }
TEST(PanelGoldenTest, ProducMatchesStatsmodels) { CheckFile("panel_produc_statsmodels.json"); }

TEST(GoldenJsonTest, ParsesEscapesAndRejectsTruncation) {
  govmetrics::testing::JsonValue v;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ParseJson(
      R"({"a": [1, -2.5e-3, true, null], "s": "q\"\u00e9", "o": {}})", &v, &error))
      << error;
  EXPECT_EQ(v.Find("a")->array.size(), 4u);
  EXPECT_DOUBLE_EQ(v.Find("a")->array[1].number, -2.5e-3);
  EXPECT_EQ(v.String("s"), "q\"\xC3\xA9");
  EXPECT_FALSE(govmetrics::testing::ParseJson(R"({"a": [1, 2)", &v, &error));
}

}  // namespace
}  // namespace govmetrics::stats
