// Every case of tests/reference/golden/gmm.json (R plm::pgmm, sargan, mtest, vcovHC;
// script tests/reference/gmm/gmm_reference.R) refitted with the engine, on the same
// CSVs. Tolerances: coefficients 1e-8 relative, standard errors and statistics 1e-6
// relative (the targets).
#include <cmath>
#include <string>
#include <vector>

#include "common/stats/gmm/dynamic_panel.h"
#include "gtest/gtest.h"
#include "tests/unit/golden_json.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics::stats::gmm {
namespace {

using govmetrics::testing::JsonValue;

constexpr double kCoefficientTol = 1e-8;
constexpr double kStatTol = 1e-6;

void ExpectRel(double actual, double expected, double tol, const std::string& what) {
  EXPECT_NEAR(actual, expected, tol * std::max(std::fabs(expected), 1e-12)) << what;
}

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

DynamicPanelData LoadData(const std::string& dataset) {
  const std::string file = dataset == "empluk" ? "empluk_logs.csv" : "produc_logs.csv";
  const std::string entity = dataset == "empluk" ? "firm" : "state";
  stats::testing::CsvTable csv;
  EXPECT_TRUE(stats::testing::ReadCsv(Source("tests/reference/data/" + file), &csv)) << file;
  DynamicPanelData d;
  d.entity = csv.Codes(entity);
  for (double p : csv.Numeric("year")) d.period.push_back(static_cast<int>(p));
  d.n_entities = d.entity.empty() ? 0 : *std::max_element(d.entity.begin(), d.entity.end()) + 1;
  for (const std::string& name : csv.header) {
    if (name == entity || name == "year") continue;
    const std::vector<double> v = csv.Numeric(name);
    d.column_names.push_back(name);
    d.columns.push_back(Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size())));
  }
  return d;
}

int ColumnIndex(const DynamicPanelData& d, const std::string& name) {
  for (size_t i = 0; i < d.column_names.size(); ++i) {
    if (d.column_names[i] == name) return static_cast<int>(i);
  }
  ADD_FAILURE() << "no column " << name;
  return 0;
}

std::vector<int> Ints(const JsonValue& v) {
  std::vector<int> out;
  if (v.type == JsonValue::Type::kNumber) out.push_back(static_cast<int>(v.number));
  for (const JsonValue& e : v.array) out.push_back(static_cast<int>(e.number));
  return out;
}

std::vector<LaggedVariable> Lagged(const DynamicPanelData& d, const JsonValue* list) {
  std::vector<LaggedVariable> out;
  for (const JsonValue& r : list->array) out.push_back({ColumnIndex(d, r.String("column")), Ints(*r.Find("lags"))});
  return out;
}

DynamicPanelSpec SpecOf(const DynamicPanelData& d, const JsonValue& c) {
  const JsonValue& s = *c.Find("spec");
  DynamicPanelSpec spec;
  spec.dependent = ColumnIndex(d, s.String("dependent"));
  spec.dependent_lags = Ints(*s.Find("dependent_lags"));
  spec.regressors = Lagged(d, s.Find("regressors"));
  for (const JsonValue& g : s.Find("gmm")->array) {
    spec.gmm.push_back({ColumnIndex(d, g.String("column")), static_cast<int>(g.Number("min_lag")),
                        static_cast<int>(g.Number("max_lag")), g.Find("collapse")->boolean});
  }
  if (s.Has("iv")) spec.iv = Lagged(d, s.Find("iv"));
  spec.transformation = s.String("transformation") == "system" ? Transformation::kSystem : Transformation::kDifference;
  spec.time_effects = s.String("effect") == "twoways";
  spec.two_step = s.Number("steps") == 2;
  spec.robust = s.Find("robust")->boolean;
  if (const JsonValue* dh = c.Find("difference_in_hansen")) {
    for (const JsonValue& e : dh->array) {
      InstrumentSubset subset{e.String("excluded_gmm"), {}, {}};
      for (size_t g = 0; g < spec.gmm.size(); ++g) {
        if (d.column_names[static_cast<size_t>(spec.gmm[g].column)] == subset.name) subset.gmm.push_back(static_cast<int>(g));
      }
      spec.difference_in_hansen.push_back(subset);
    }
  }
  return spec;
}

void CheckCase(const JsonValue& c) {
  const std::string name = c.String("name");
  SCOPED_TRACE(name);
  const DynamicPanelData data = LoadData(c.String("dataset"));
  auto r = FitDynamicPanel(data, SpecOf(data, c));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->n_groups, static_cast<int>(c.Number("n_groups")));
  EXPECT_EQ(r->n_instruments, static_cast<int>(c.Number("n_instruments")));
  EXPECT_EQ(r->n_obs_difference + r->n_obs_level, static_cast<int>(c.Number("n_obs")));
  const auto& coefs = c.Find("coefficients")->array;
  ASSERT_EQ(r->names.size(), coefs.size());
  for (size_t i = 0; i < coefs.size(); ++i) {
    const JsonValue& e = coefs[i];
    const std::string what = name + " " + e.String("name");
    EXPECT_EQ(r->names[i], e.String("name"));
    const auto k = static_cast<Eigen::Index>(i);
    ExpectRel(r->coefficients[k], e.Number("estimate"), kCoefficientTol, what + " estimate");
    ExpectRel(r->std_errors[k], e.Number("std_error"), kStatTol, what + " se");
    ExpectRel(r->z[k], e.Number("statistic"), kStatTol, what + " z");
    ExpectRel(r->p_values[k], e.Number("p_value"), kStatTol, what + " p");
  }
  const JsonValue& j = *c.Find("hansen");
  ExpectRel(r->hansen.statistic, j.Number("statistic"), kStatTol, "hansen");
  EXPECT_EQ(r->hansen.df, static_cast<int>(j.Number("df")));
  ExpectRel(r->hansen.p_value, j.Number("p_value"), kStatTol, "hansen p");
  for (const auto& [test, key] : {std::pair{&r->ar1, "ar1"}, std::pair{&r->ar2, "ar2"}}) {
    ASSERT_TRUE(test->available) << key;
    ExpectRel(test->statistic, c.Find(key)->Number("statistic"), kStatTol, key);
    ExpectRel(test->p_value, c.Find(key)->Number("p_value"), kStatTol, std::string(key) + " p");
  }
  if (const JsonValue* dh = c.Find("difference_in_hansen")) {
    ASSERT_EQ(r->difference_in_hansen.size(), dh->array.size());
    for (size_t i = 0; i < dh->array.size(); ++i) {
      const JsonValue& e = dh->array[i];
      const auto& got = r->difference_in_hansen[i];
      ExpectRel(got.excluded.statistic, e.Number("hansen_excluded"), kStatTol, "J excluded " + got.name);
      EXPECT_EQ(got.excluded.df, static_cast<int>(e.Number("df_excluded")));
      ExpectRel(got.difference.statistic, e.Number("statistic"), kStatTol, "difference-in-Hansen " + got.name);
      EXPECT_EQ(got.difference.df, static_cast<int>(e.Number("df")));
      ExpectRel(got.difference.p_value, e.Number("p_value"), kStatTol, "difference-in-Hansen p " + got.name);
    }
  }
}

TEST(GmmGolden, EveryCaseMatchesPlmPgmm) {
  JsonValue root;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/gmm.json"), &root, &error)) << error;
  const JsonValue* cases = root.Find("cases");
  ASSERT_NE(cases, nullptr);
  ASSERT_GE(cases->array.size(), 10u);
  for (const JsonValue& c : cases->array) CheckCase(c);
}

}  // namespace
}  // namespace govmetrics::stats::gmm
