// CompareGroups against tests/reference/golden/groups_produc.json (R lm with dummies +
// sandwich; script tests/reference/mediation/groups_reference.R): per-group slopes, the
// fully interacted Wald test and the stacked (suest) covariance, with state clusters
// (nested in the groups) and year clusters (crossing them). Tolerances: slopes and
// differences 1e-9 relative, SEs and chi-square statistics 1e-7, p-values 1e-6. Then
// properties of the permutation test and the error cases.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include "common/stats/group_comparison.h"
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

class GroupComparisonTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    ASSERT_TRUE(govmetrics::testing::ReadJsonFile(Source("tests/reference/golden/groups_produc.json"),
                                                  &golden_, &error))
        << error;
    ASSERT_TRUE(testing::ReadCsv(Source(golden_.String("data")), &csv_));
  }

  GroupComparisonInput Input() const {
    GroupComparisonInput in;
    PanelInput& d = in.data;
    d.y_name = golden_.String("dependent");
    const std::vector<double> y = csv_.Numeric(d.y_name);
    d.y = Eigen::Map<const Eigen::VectorXd>(y.data(), static_cast<Eigen::Index>(y.size()));
    d.x_names = golden_.Strings("regressors");
    d.x.resize(d.y.size(), static_cast<Eigen::Index>(d.x_names.size()));
    for (size_t j = 0; j < d.x_names.size(); ++j) {
      const std::vector<double> v = csv_.Numeric(d.x_names[j]);
      d.x.col(j) = Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
    }
    d.entity = csv_.Codes("state");
    for (double t : csv_.Numeric("year")) d.period.push_back(static_cast<int>(t));
    std::map<std::string, int> index;
    for (double r : csv_.Numeric("region")) {
      const std::string g = r <= 3 ? "A" : r <= 6 ? "B" : "C";
      auto [it, inserted] = index.emplace(g, static_cast<int>(in.group_names.size()));
      if (inserted) in.group_names.push_back(g);
      in.group.push_back(it->second);
    }
    return in;
  }

  static GroupComparisonOptions Options(const std::string& cluster, const std::string& convention) {
    GroupComparisonOptions o;
    o.model.estimator = PanelEstimator::kWithin;
    o.model.fixed_effects = FixedEffectsKind::kTwoWay;
    o.model.variance.type = VarianceType::kCluster;
    o.model.variance.cluster_by = {cluster};
    o.model.variance.small_sample =
        convention == "stata" ? SmallSampleConvention::kStata : SmallSampleConvention::kNone;
    o.compare = {"lpcap", "lemp"};
    return o;
  }

  JsonValue golden_;
  testing::CsvTable csv_;
};

TEST_F(GroupComparisonTest, AnalyticTestsMatchTheReference) {
  const JsonValue* cases = golden_.Find("cases");
  ASSERT_NE(cases, nullptr);
  ASSERT_EQ(cases->array.size(), 3u);
  for (const JsonValue& c : cases->array) {
    SCOPED_TRACE(c.String("name"));
    const GroupComparisonInput input = Input();
    absl::StatusOr<GroupComparisonResult> r =
        CompareGroups(input, Options(c.Strings("cluster_by")[0], c.String("small_sample")));
    ASSERT_TRUE(r.ok()) << r.status();
    EXPECT_EQ(r->stacked_clusters, static_cast<int64_t>(c.Number("stacked_clusters")));
    const JsonValue* diffs = c.Find("differences");
    ASSERT_EQ(diffs->array.size(), r->differences.size());
    for (const JsonValue& e : diffs->array) {
      const std::string coef = e.String("coefficient");
      const std::string ga = e.String("group_a"), gb = e.String("group_b");
      const GroupDifference* found = nullptr;
      double sign = 1;
      for (const auto& d : r->differences) {
        const std::string a = input.group_names[d.group_a], b = input.group_names[d.group_b];
        if (d.coefficient != coef) continue;
        if (a == ga && b == gb) found = &d;
        if (a == gb && b == ga) {
          found = &d;
          sign = -1;
        }
      }
      ASSERT_NE(found, nullptr) << coef << " " << ga << " " << gb;
      const std::string what = coef + " " + ga + "-" + gb;
      ExpectRel(sign * found->difference, e.Number("difference"), 1e-9, what + " difference");
      const JsonValue* w = e.Find("interacted_wald");
      ExpectRel(found->interacted_wald.statistic, w->Number("statistic"), 1e-7, what + " wald");
      ExpectRel(found->interacted_wald.std_error, w->Number("std_error"), 1e-7, what + " wald se");
      ExpectRel(found->interacted_wald.p_value, w->Number("p_value"), 1e-6, what + " wald p");
      const JsonValue* s = e.Find("seemingly_unrelated");
      ExpectRel(found->seemingly_unrelated.statistic, s->Number("statistic"), 1e-7, what + " suest");
      ExpectRel(found->seemingly_unrelated.std_error, s->Number("std_error"), 1e-7, what + " suest se");
      ExpectRel(found->seemingly_unrelated.p_value, s->Number("p_value"), 1e-6, what + " suest p");
    }
  }
}

TEST_F(GroupComparisonTest, PerGroupFitsMatchTheReferenceSlopes) {
  const GroupComparisonInput input = Input();
  absl::StatusOr<GroupComparisonResult> r = CompareGroups(input, Options("entity", "stata"));
  ASSERT_TRUE(r.ok()) << r.status();
  for (const JsonValue& g : golden_.Find("group_slopes")->array) {
    int code = -1;
    for (size_t i = 0; i < input.group_names.size(); ++i) {
      if (input.group_names[i] == g.String("group")) code = static_cast<int>(i);
    }
    ASSERT_GE(code, 0);
    const PanelFit& fit = r->fits[code];
    EXPECT_EQ(fit.n_obs, static_cast<int64_t>(g.Number("n_obs")));
    for (const auto& c : fit.coefficients) {
      ExpectRel(c.estimate, g.Find("coefficients")->Number(c.name), 1e-9, g.String("group") + " " + c.name);
    }
  }
}

TEST_F(GroupComparisonTest, PermutationPValueIsAnEmpiricalShareAndThreadInvariant) {
  GroupComparisonOptions o = Options("entity", "stata");
  o.permutations = 199;
  o.seed = 3;
  o.threads = 1;
  absl::StatusOr<GroupComparisonResult> one = CompareGroups(Input(), o);
  o.threads = 2;
  absl::StatusOr<GroupComparisonResult> two = CompareGroups(Input(), o);
  ASSERT_TRUE(one.ok() && two.ok()) << one.status() << two.status();
  for (size_t t = 0; t < one->differences.size(); ++t) {
    const DifferenceTest& p = one->differences[t].permutation;
    EXPECT_EQ(p.p_value, two->differences[t].permutation.p_value);
    EXPECT_EQ(p.replications, 199);
    EXPECT_GT(p.p_value, 0.0);
    EXPECT_LE(p.p_value, 1.0);
    const double count = p.p_value * 200.0;  // (#exceed + 1) / (R + 1)
    EXPECT_NEAR(count, std::round(count), 1e-9);
    EXPECT_NEAR(p.statistic, one->differences[t].difference, 1e-10);
  }
}

TEST_F(GroupComparisonTest, PermutationOfExchangeableGroupsGivesLargePValues) {
  // Labels assigned at random over entities carry no information: on average the
  // p-value is about 1/2, and it is below 0.01 with probability ~1%.
  GroupComparisonInput in = Input();
  std::vector<int> label_of_entity(48);
  for (int e = 0; e < 48; ++e) label_of_entity[e] = (e * 7) % 3;
  for (size_t i = 0; i < in.group.size(); ++i) in.group[i] = label_of_entity[in.data.entity[i]];
  in.group_names = {"g0", "g1", "g2"};
  GroupComparisonOptions o = Options("entity", "stata");
  o.compare = {"lpcap"};
  o.permutations = 299;
  absl::StatusOr<GroupComparisonResult> r = CompareGroups(in, o);
  ASSERT_TRUE(r.ok()) << r.status();
  double mean = 0;
  for (const auto& d : r->differences) mean += d.permutation.p_value / 3.0;
  EXPECT_GT(mean, 0.05);
}

TEST_F(GroupComparisonTest, TooSmallGroupIsAFailedPreconditionNamingIt) {
  GroupComparisonInput in = Input();
  in.group_names.push_back("tiny");
  // Two states (34 rows) become group "tiny": 4 slopes + 2 + 17 - 1 fixed effects = 22 < 34,
  // so use one state (17 rows, 4 + 1 + 17 - 1 = 21 parameters).
  for (size_t i = 0; i < in.group.size(); ++i) {
    if (in.data.entity[i] == 0) in.group[i] = 3;
  }
  absl::StatusOr<GroupComparisonResult> r = CompareGroups(in, Options("entity", "stata"));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("group 'tiny'"), std::string::npos) << r.status();
}

TEST_F(GroupComparisonTest, UnknownComparedCoefficientAndPermutationLimitAreRejected) {
  GroupComparisonOptions o = Options("entity", "stata");
  o.compare = {"lpcap", "gdp"};
  absl::StatusOr<GroupComparisonResult> r = CompareGroups(Input(), o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("compare[1]"), std::string::npos);
  o = Options("entity", "stata");
  o.permutations = 100001;
  r = CompareGroups(Input(), o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("permutations"), std::string::npos);
}

TEST_F(GroupComparisonTest, LabelVaryingWithinAnEntityBlocksThePermutationTest) {
  GroupComparisonInput in = Input();
  in.group[0] = (in.group[0] + 1) % 3;  // first row of the first state changes group
  GroupComparisonOptions o = Options("entity", "none");
  o.permutations = 10;
  absl::StatusOr<GroupComparisonResult> r = CompareGroups(in, o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("changes within entity"), std::string::npos);
}

}  // namespace
}  // namespace govmetrics::stats
