// Spatial weights and spatial autocorrelation against R spdep
// (tests/reference/golden/spatial_autocorrelation.json, script
// tests/reference/spatial/spatial_reference.R): global Moran's I and Geary's C under
// normality and randomisation (statistic, expectation, variance, z, one- and two-sided
// p), local Moran's I (I_i, E, Var, Z, p, quadrant, spatial lag) on real data: Produc's
// state unemployment with US states contiguity (spData), kNN and inverse-distance weights
// on state centroids, and the 31-province demo with the shipped contiguity (Hainan linked
// to Guangdong, or an island) and capitals' great-circle inverse distances.
// Tolerances: statistics 1e-10 relative, variances / z / p 1e-8.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "common/stats/spatial/distances.h"
#include "common/stats/spatial/local_moran.h"
#include "common/stats/spatial/moran.h"
#include "common/stats/spatial/spatial_weights.h"
#include "gtest/gtest.h"
#include "tests/unit/golden_json.h"
#include "tests/unit/panel_test_data.h"

namespace govmetrics::stats {
namespace {

using govmetrics::testing::JsonValue;

std::string Source(const std::string& rel) { return std::string(GOVMETRICS_SOURCE_DIR) + "/" + rel; }

testing::CsvTable Csv(const std::string& rel) {
  testing::CsvTable t;
  EXPECT_TRUE(testing::ReadCsv(Source(rel), &t)) << rel;
  return t;
}

void ExpectClose(double actual, const JsonValue* expected, double tol, const std::string& what) {
  ASSERT_NE(expected, nullptr) << what;
  if (expected->type == JsonValue::Type::kNull) {
    EXPECT_TRUE(std::isnan(actual)) << what << " = " << actual << ", expected NaN";
    return;
  }
  EXPECT_NEAR(actual, expected->number, tol * std::max(1.0, std::fabs(expected->number))) << what;
}

// Symmetric 0/1 entries from an edge list with entity names.
std::vector<WeightEntry> EdgeEntries(const testing::CsvTable& edges, const std::string& a, const std::string& b,
                                     const std::map<std::string, int>& index, const std::vector<std::string>& kinds) {
  std::vector<WeightEntry> out;
  const int kind_col = edges.Column("kind");
  for (size_t r = 0; r < edges.cells[0].size(); ++r) {
    if (kind_col >= 0) {
      bool wanted = false;
      for (const auto& k : kinds) wanted = wanted || edges.cells[kind_col][r] == k;
      if (!wanted) continue;
    }
    const int i = index.at(edges.cells[edges.Column(a)][r]);
    const int j = index.at(edges.cells[edges.Column(b)][r]);
    out.push_back({i, j, 1.0});
    out.push_back({j, i, 1.0});
  }
  return out;
}

Eigen::MatrixXd Coordinates(const testing::CsvTable& t, const std::string& id, const std::string& x,
                            const std::string& y, const std::map<std::string, int>& index) {
  Eigen::MatrixXd xy(static_cast<Eigen::Index>(index.size()), 2);
  const auto xs = t.Numeric(x), ys = t.Numeric(y);
  for (size_t r = 0; r < xs.size(); ++r) {
    const int i = index.at(t.cells[t.Column(id)][r]);
    xy(i, 0) = xs[r];
    xy(i, 1) = ys[r];
  }
  return xy;
}

SpatialWeights WeightsOf(const JsonValue& spec, const std::map<std::string, int>& index) {
  const std::string kind = spec.String("kind");
  const int n = static_cast<int>(index.size());
  absl::StatusOr<SpatialWeights> w;
  if (kind == "contiguity") {
    w = WeightsFromEntries(n, EdgeEntries(Csv("tests/reference/data/us_states_contiguity.csv"), "state_a", "state_b", index, {}));
  } else if (kind == "china_contiguity") {
    std::vector<std::string> kinds = {"land"};
    if (spec.String("hainan") == "guangdong") kinds.push_back("hainan_guangdong");
    w = WeightsFromEntries(n, EdgeEntries(Csv("data/regions/china_province_contiguity.csv"), "entity_a", "entity_b", index, kinds));
  } else if (kind == "knn" || kind == "inverse_distance") {
    const Eigen::MatrixXd d = PairwiseDistances(
        Coordinates(Csv("tests/reference/data/us_states_centroids.csv"), "state", "x_km", "y_km", index),
        DistanceMetric::kEuclidean);
    w = kind == "knn" ? KNearestNeighbourWeights(d, static_cast<int>(spec.Number("k")))
                      : InverseDistanceWeights(d, spec.Number("power"), spec.Number("cutoff_km"));
  } else if (kind == "inverse_distance_capitals") {
    const Eigen::MatrixXd d = PairwiseDistances(
        Coordinates(Csv("data/regions/china_province_capitals.csv"), "entity", "longitude", "latitude", index),
        DistanceMetric::kGreatCircleKm);
    w = InverseDistanceWeights(d, spec.Number("power"), spec.Number("cutoff_km"));
  }
  EXPECT_TRUE(w.ok()) << kind << ": " << w.status();
  if (spec.String("style") == "W") RowStandardise(&*w);
  return *std::move(w);
}

void ExpectTest(const GlobalAutocorrelation& got, const AutocorrelationTest& t, const JsonValue& e,
                const std::string& at) {
  ExpectClose(got.statistic, e.Find("statistic"), 1e-10, at + " statistic");
  ExpectClose(t.expectation, e.Find("expectation"), 1e-12, at + " expectation");
  ExpectClose(t.variance, e.Find("variance"), 1e-8, at + " variance");
  ExpectClose(t.z, e.Find("z"), 1e-8, at + " z");
  ExpectClose(t.p_greater, e.Find("p_greater"), 1e-8, at + " p greater");
  ExpectClose(t.p_two_sided, e.Find("p_two_sided"), 1e-8, at + " p two-sided");
}

TEST(SpatialGoldenTest, MoranGearyAndLocalMoranMatchSpdepOnRealPanels) {
  JsonValue golden;
  std::string error;
  ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/spatial_autocorrelation.json"), &golden, &error)) << error;
  const auto& cases = golden.Find("cases")->array;
  ASSERT_EQ(cases.size(), 14u);
  for (const JsonValue& c : cases) {
    const std::string at = c.String("name");
    const std::vector<std::string> ids = c.Strings("entities");
    std::map<std::string, int> index;
    for (size_t i = 0; i < ids.size(); ++i) index[ids[i]] = static_cast<int>(i);
    const SpatialWeights w = WeightsOf(*c.Find("weights"), index);
    const testing::CsvTable data = Csv(c.String("data"));
    Eigen::VectorXd x(static_cast<Eigen::Index>(ids.size()));
    const auto values = data.Numeric(c.String("value"));
    const auto periods = data.Numeric("year");
    for (size_t r = 0; r < values.size(); ++r) {
      if (periods[r] == c.Number("period")) x[index.at(data.cells[data.Column(c.String("entity"))][r])] = values[r];
    }
    auto moran = MoranI(x, w, {});
    auto geary = GearyC(x, w, {});
    ASSERT_TRUE(moran.ok() && geary.ok()) << at << moran.status() << geary.status();
    ExpectTest(*moran, moran->randomisation, *c.Find("moran_randomisation"), at + " Moran rand");
    ExpectTest(*moran, moran->normal, *c.Find("moran_normal"), at + " Moran normal");
    ExpectTest(*geary, geary->randomisation, *c.Find("geary_randomisation"), at + " Geary rand");
    ExpectTest(*geary, geary->normal, *c.Find("geary_normal"), at + " Geary normal");
    auto local = ComputeLocalMoran(x, w);
    ASSERT_TRUE(local.ok()) << local.status();
    const JsonValue& e = *c.Find("local");
    for (size_t i = 0; i < ids.size(); ++i) {
      const std::string unit = at + " " + ids[i];
      const auto k = static_cast<Eigen::Index>(i);
      ExpectClose(local->local_i[k], &e.Find("Ii")->array[i], 1e-10, unit + " Ii");
      ExpectClose(local->expectation[k], &e.Find("E")->array[i], 1e-10, unit + " E");
      ExpectClose(local->variance[k], &e.Find("Var")->array[i], 1e-8, unit + " Var");
      ExpectClose(local->z[k], &e.Find("Z")->array[i], 1e-8, unit + " Z");
      ExpectClose(local->p_value[k], &e.Find("p")->array[i], 1e-8, unit + " p");
      ExpectClose(local->spatial_lag[k], &e.Find("lag")->array[i], 1e-10, unit + " lag");
      EXPECT_EQ(ToString(local->quadrant[i]), e.Find("quadrant")->array[i].string) << unit;
    }
  }
}

TEST(SpatialWeightsTest, HainanWithoutTheConventionIsReportedAsAnIsland) {
  const testing::CsvTable edges = Csv("data/regions/china_province_contiguity.csv");
  const testing::CsvTable provinces = Csv("data/regions/china_provinces.csv");
  std::map<std::string, int> index;
  for (const auto& p : provinces.cells[provinces.Column("entity")]) index.emplace(p, static_cast<int>(index.size()));
  auto w = WeightsFromEntries(31, EdgeEntries(edges, "entity_a", "entity_b", index, {"land"}));
  ASSERT_TRUE(w.ok());
  ASSERT_EQ(w->islands.size(), 1u);
  EXPECT_EQ(w->islands[0], index.at("Hainan"));
  auto linked = WeightsFromEntries(31, EdgeEntries(edges, "entity_a", "entity_b", index, {"land", "hainan_guangdong"}));
  EXPECT_TRUE(linked->islands.empty());
}

TEST(SpatialWeightsTest, PermutationPValuesAreReproducibleAndIndependentOfThreads) {
  const testing::CsvTable edges = Csv("tests/reference/data/us_states_contiguity.csv");
  const testing::CsvTable data = Csv("tests/reference/data/produc.csv");
  std::map<std::string, int> index;
  const auto states = data.cells[data.Column("state")];
  const auto years = data.Numeric("year");
  const auto unemp = data.Numeric("unemp");
  std::vector<double> x;
  for (size_t r = 0; r < states.size(); ++r) {
    if (years[r] != 1986) continue;
    index.emplace(states[r], static_cast<int>(index.size()));
    x.push_back(unemp[r]);
  }
  auto w = WeightsFromEntries(48, EdgeEntries(edges, "state_a", "state_b", index, {}));
  ASSERT_TRUE(w.ok());
  RowStandardise(&*w);
  const Eigen::VectorXd v = Eigen::Map<const Eigen::VectorXd>(x.data(), 48);
  auto one = MoranI(v, *w, {999, 42, 1, nullptr});
  auto two = MoranI(v, *w, {999, 42, 2, nullptr});
  auto other_seed = MoranI(v, *w, {999, 7, 2, nullptr});
  ASSERT_TRUE(one.ok() && two.ok() && other_seed.ok());
  EXPECT_EQ(one->permutation_p, two->permutation_p);
  // Strong positive autocorrelation (z ~ 5): no permutation reaches it, p = 1/1000.
  EXPECT_GT(one->randomisation.z, 4);
  EXPECT_DOUBLE_EQ(one->permutation_p, 1.0 / 1000);
  EXPECT_DOUBLE_EQ(other_seed->permutation_p, 1.0 / 1000);
  auto geary = GearyC(v, *w, {499, 42, 2, nullptr});
  ASSERT_TRUE(geary.ok());
  EXPECT_DOUBLE_EQ(geary->permutation_p, 1.0 / 500);
}

}  // namespace
}  // namespace govmetrics::stats
