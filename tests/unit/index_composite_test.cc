// ComputeCompositeIndex behaviour: hierarchy identities, pooling, scale, missing values
// (dropped rows reported, scores NaN), zero-copy input and every error case.

#include "common/stats/index_composite.h"

#include <cmath>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

using ::testing::HasSubstr;

// 3 entities x 4 periods (2001..2004), 3 indicators in 2 dimensions; rows entity-major.
struct Panel {
  Eigen::MatrixXd x;
  std::vector<int> entity;
  std::vector<int32_t> period;
  std::vector<IndicatorSpec> specs;
  std::vector<std::string> dims{"tech", "env"};

  Panel() : x(12, 3) {
    x << 1.0, 10.0, 5.0,  //
        2.0, 12.0, 4.5,   //
        2.5, 15.0, 4.0,   //
        3.0, 19.0, 3.0,   //
        0.5, 30.0, 7.0,   //
        1.5, 31.0, 6.0,   //
        2.0, 35.0, 6.5,   //
        4.0, 36.0, 5.5,   //
        1.2, 20.0, 2.0,   //
        1.4, 22.0, 2.5,   //
        3.5, 21.0, 1.0,   //
        5.0, 28.0, 1.5;
    for (int e = 0; e < 3; ++e) {
      for (int t = 0; t < 4; ++t) {
        entity.push_back(e);
        period.push_back(2001 + t);
      }
    }
    specs = {{"ports", Direction::kPositive, 0},
             {"patents", Direction::kPositive, 0},
             {"pm25", Direction::kNegative, 1}};
  }

  IndexInput Input() const {
    IndexInput in;
    in.columns = IndicatorColumns::FromMatrix(x);
    in.indicators = specs;
    in.dimension_names = dims;
    in.entity = entity;
    in.period = period;
    return in;
  }
};

absl::StatusOr<IndexResult> RunIndex(const Panel& p, IndexOptions o = {}) {
  return ComputeCompositeIndex(p.Input(), o);
}

TEST(CompositeIndexTest, FlatDimensionScoresAddUpToTheComposite) {
  Panel p;
  auto r = RunIndex(p);
  ASSERT_TRUE(r.ok()) << r.status();
  for (int i = 0; i < 12; ++i) {
    EXPECT_NEAR(r->dimension_scores.row(i).sum(), r->composite[i], 1e-15);
  }
  double total = 0.0;
  for (const IndicatorWeight& w : r->weights) total += w.weight;
  EXPECT_NEAR(total, 1.0, 1e-15);
}

TEST(CompositeIndexTest, SummedDivergenceKeepsTheFlatCompositeAndAveragesWithinDimensions) {
  Panel p;
  IndexOptions o;
  auto flat = RunIndex(p, o);
  o.hierarchy = Hierarchy::kSummedDivergence;
  auto summed = RunIndex(p, o);
  ASSERT_TRUE(flat.ok() && summed.ok());
  for (int i = 0; i < 12; ++i) EXPECT_NEAR(summed->composite[i], flat->composite[i], 1e-15);
  // Dimension weight = sum of its indicators' weights = share of summed divergence.
  const double d0 = summed->weights[0].divergence + summed->weights[1].divergence;
  const double d = d0 + summed->weights[2].divergence;
  EXPECT_NEAR(summed->dimension_weights[0].weight, d0 / d, 1e-15);
  EXPECT_NEAR(
      summed->weights[0].weight_within_dimension + summed->weights[1].weight_within_dimension, 1.0,
      1e-15);
  // Dimension scores are weighted means of z: within [0,1] under pooled normalisation.
  EXPECT_LE(summed->dimension_scores.maxCoeff(), 1.0);
  EXPECT_GE(summed->dimension_scores.minCoeff(), 0.0);
}

TEST(CompositeIndexTest, EntropyOnDimensionScoresReportsGlobalWeightAsProduct) {
  Panel p;
  IndexOptions o;
  o.hierarchy = Hierarchy::kEntropyOnDimensionScores;
  auto r = RunIndex(p, o);
  ASSERT_TRUE(r.ok()) << r.status();
  for (const IndicatorWeight& w : r->weights) {
    const double dim_w = r->dimension_weights[p.specs[w.indicator].dimension].weight;
    EXPECT_NEAR(w.weight, dim_w * w.weight_within_dimension, 1e-15);
  }
  EXPECT_TRUE(std::isfinite(r->dimension_weights[0].entropy));
  EXPECT_GE(r->dimension_weights[0].entropy, 0.0);
  EXPECT_LE(r->dimension_weights[0].entropy, 1.0);
  for (int i = 0; i < 12; ++i) {
    EXPECT_NEAR(r->composite[i],
                r->dimension_weights[0].weight * r->dimension_scores(i, 0) +
                    r->dimension_weights[1].weight * r->dimension_scores(i, 1),
                1e-15);
  }
}

TEST(CompositeIndexTest, ScaleHundredMultipliesEveryScore) {
  Panel p;
  IndexOptions o;
  auto one = RunIndex(p, o);
  o.score_scale = 100.0;
  auto hundred = RunIndex(p, o);
  ASSERT_TRUE(one.ok() && hundred.ok());
  for (int i = 0; i < 12; ++i) {
    EXPECT_NEAR(hundred->composite[i], 100.0 * one->composite[i], 1e-13);
    EXPECT_NEAR(hundred->dimension_scores(i, 1), 100.0 * one->dimension_scores(i, 1), 1e-13);
  }
  EXPECT_EQ(hundred->options.score_scale, 100.0);
}

TEST(CompositeIndexTest, ShiftZeroWorksAndTheMinimumRowScoresZero) {
  Panel p;
  IndexOptions o;
  o.shift = 0.0;
  auto r = RunIndex(p, o);
  ASSERT_TRUE(r.ok()) << r.status();
  for (const IndicatorWeight& w : r->weights) {
    EXPECT_TRUE(std::isfinite(w.entropy));
    EXPECT_GE(w.entropy, 0.0);
    EXPECT_LE(w.entropy, 1.0);
  }
}

TEST(CompositeIndexTest, PerPeriodReportsOneSetOfWeightsPerPeriod) {
  Panel p;
  IndexOptions o;
  o.pooling = Pooling::kPerPeriod;
  auto r = RunIndex(p, o);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->weights.size(), 4u * 3u);
  EXPECT_EQ(r->weights[0].period, 2001);
  EXPECT_EQ(r->weights[11].period, 2004);
  EXPECT_EQ(r->dimension_weights.size(), 4u * 2u);
  for (int t = 0; t < 4; ++t) {
    double s = 0.0;
    for (int j = 0; j < 3; ++j) s += r->weights[t * 3 + j].weight;
    EXPECT_NEAR(s, 1.0, 1e-15);
  }
}

TEST(CompositeIndexTest, BasePeriodScoresLaterGrowthAboveOne) {
  Panel p;
  IndexOptions o;
  o.pooling = Pooling::kBasePeriod;
  o.base_period = 2001;
  auto r = RunIndex(p, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->weights.size(), 3u);  // one set, from the base period
  // Entity 2 in 2004 exceeds every base-period value on all three indicators.
  EXPECT_GT(r->composite[11], 1.0);
  EXPECT_EQ(r->weights[0].min, 0.5);  // base-period bounds
  EXPECT_EQ(r->weights[0].max, 1.2);
}

TEST(CompositeIndexTest, TopsisClosenessLiesInUnitIntervalAndReportsDistances) {
  Panel p;
  IndexOptions o;
  o.method = WeightingMethod::kEntropyTopsis;
  auto r = RunIndex(p, o);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->topsis_distance_best.size(), 12);
  EXPECT_GE(r->composite.minCoeff(), 0.0);
  EXPECT_LE(r->composite.maxCoeff(), 1.0);
}

TEST(CompositeIndexTest, ColumnPointersGiveTheSameResultAsAMatrix) {
  Panel p;
  std::vector<std::vector<double>> cols(3);
  for (int j = 0; j < 3; ++j) cols[j].assign(p.x.col(j).data(), p.x.col(j).data() + 12);
  IndexInput in = p.Input();
  in.columns = IndicatorColumns(12, {cols[0].data(), cols[1].data(), cols[2].data()});
  auto a = ComputeCompositeIndex(in, {});
  auto b = RunIndex(p);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->composite, b->composite);
}

TEST(CompositeIndexTest, ListwiseDropsRowsReportsThemAndLeavesTheirScoresNaN) {
  Panel p;
  p.x(5, 1) = std::nan("");
  p.x(9, 2) = std::nan("");
  IndexOptions o;
  o.missing_policy = MissingPolicy::kListwise;
  auto r = RunIndex(p, o);
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->rows_used, 10);
  ASSERT_EQ(r->dropped_rows.size(), 2u);
  EXPECT_EQ(r->dropped_rows[0].row, 5);
  EXPECT_EQ(r->dropped_rows[0].indicator, 1);
  EXPECT_EQ(r->dropped_rows[1].row, 9);
  EXPECT_TRUE(std::isnan(r->composite[5]));
  EXPECT_TRUE(std::isnan(r->dimension_scores(9, 0)));

  // Same numbers as running on the remaining rows only.
  Panel q;
  Eigen::MatrixXd kept(10, 3);
  std::vector<int> ent;
  std::vector<int32_t> per;
  for (int i = 0, k = 0; i < 12; ++i) {
    if (i == 5 || i == 9) continue;
    kept.row(k++) = p.x.row(i);
    ent.push_back(p.entity[i]);
    per.push_back(p.period[i]);
  }
  IndexInput in = q.Input();
  in.columns = IndicatorColumns::FromMatrix(kept);
  in.entity = ent;
  in.period = per;
  auto sub = ComputeCompositeIndex(in, {});
  ASSERT_TRUE(sub.ok()) << sub.status();
  EXPECT_NEAR(r->composite[0], sub->composite[0], 1e-15);
  EXPECT_NEAR(r->composite[11], sub->composite[9], 1e-15);
}

TEST(CompositeIndexTest, InterpolationFillsInteriorGapsAndDropsLeadingOnes) {
  Panel p;
  p.x(1, 0) = std::nan("");  // entity 0, 2002: interior -> (1.0 + 2.5) / 2
  p.x(4, 2) = std::nan("");  // entity 1, 2001: leading -> dropped
  IndexOptions o;
  o.missing_policy = MissingPolicy::kInterpolateWithinEntity;
  auto r = RunIndex(p, o);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->interpolated_cells.size(), 1u);
  EXPECT_EQ(r->interpolated_cells[0].row, 1);
  EXPECT_DOUBLE_EQ(r->interpolated_cells[0].value, 1.75);
  ASSERT_EQ(r->dropped_rows.size(), 1u);
  EXPECT_EQ(r->dropped_rows[0].row, 4);
  EXPECT_TRUE(std::isnan(r->composite[4]));
  EXPECT_TRUE(std::isfinite(r->composite[1]));
  EXPECT_EQ(r->rows_used, 11);
}

TEST(CompositeIndexTest, InterpolationUsesPeriodDistanceNotRowDistance) {
  Panel p;
  p.period = {2001, 2002, 2005, 2006, 2001, 2002, 2003, 2004, 2001, 2002, 2003, 2004};
  p.x(1, 0) = std::nan("");  // between 2001 (1.0) and 2005 (2.5): 1.0 + 1.5 / 4
  IndexOptions o;
  o.missing_policy = MissingPolicy::kInterpolateWithinEntity;
  auto r = RunIndex(p, o);
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->interpolated_cells.size(), 1u);
  EXPECT_DOUBLE_EQ(r->interpolated_cells[0].value, 1.375);
}

// ---------------------------------------------------------------- errors

TEST(CompositeIndexErrorTest, MissingValueUnderRejectNamesRowAndIndicator) {
  Panel p;
  p.x(7, 1) = std::nan("");
  auto r = RunIndex(p);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("patents"));
  EXPECT_THAT(r.status().message(), HasSubstr("row 7"));
}

TEST(CompositeIndexErrorTest, InfiniteValueIsInvalidArgumentUnderEveryPolicy) {
  Panel p;
  p.x(3, 0) = INFINITY;
  IndexOptions o;
  o.missing_policy = MissingPolicy::kListwise;
  auto r = RunIndex(p, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("infinite"));
}

TEST(CompositeIndexErrorTest, ConstantIndicatorIsFailedPreconditionNamingIt) {
  Panel p;
  p.x.col(2).setConstant(4.0);
  auto r = RunIndex(p);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(r.status().message(), HasSubstr("pm25"));
}

TEST(CompositeIndexErrorTest, IndicatorConstantWithinOnePeriodNamesThePeriod) {
  Panel p;
  p.x(2, 0) = p.x(6, 0) = p.x(10, 0) = 2.0;  // every 2003 value equal
  IndexOptions o;
  o.pooling = Pooling::kPerPeriod;
  auto r = RunIndex(p, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(r.status().message(), HasSubstr("ports"));
  EXPECT_THAT(r.status().message(), HasSubstr("2003"));
}

TEST(CompositeIndexErrorTest, NegativeShiftAndBadScaleAreInvalidArgument) {
  Panel p;
  IndexOptions o;
  o.shift = -0.01;
  EXPECT_EQ(RunIndex(p, o).status().code(), absl::StatusCode::kInvalidArgument);
  o.shift = 0.0;
  o.score_scale = 0.0;
  EXPECT_EQ(RunIndex(p, o).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CompositeIndexErrorTest, BadDimensionsAreInvalidArgument) {
  Panel p;
  p.specs[2].dimension = 5;
  EXPECT_EQ(RunIndex(p).status().code(), absl::StatusCode::kInvalidArgument);
  Panel q;
  q.dims = {"tech", "env", "empty"};
  auto r = RunIndex(q);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("empty"));
}

TEST(CompositeIndexErrorTest, AbsentBasePeriodIsInvalidArgument) {
  Panel p;
  IndexOptions o;
  o.pooling = Pooling::kBasePeriod;
  o.base_period = 1999;
  EXPECT_EQ(RunIndex(p, o).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CompositeIndexErrorTest, PerPeriodPoolingWithoutPeriodsIsInvalidArgument) {
  Panel p;
  IndexInput in = p.Input();
  in.period = {};
  IndexOptions o;
  o.pooling = Pooling::kPerPeriod;
  EXPECT_EQ(ComputeCompositeIndex(in, o).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CompositeIndexErrorTest, PeriodWithASingleRowIsFailedPrecondition) {
  Panel p;
  p.period[11] = 2010;  // only one row in 2010
  IndexOptions o;
  o.pooling = Pooling::kPerPeriod;
  auto r = RunIndex(p, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(r.status().message(), HasSubstr("2010"));
}

TEST(CompositeIndexErrorTest, CoefficientOfVariationOnNegativeRawDataIsFailedPrecondition) {
  Panel p;
  p.x(0, 0) = -1.0;
  IndexOptions o;
  o.method = WeightingMethod::kCoefficientOfVariation;
  auto r = RunIndex(p, o);
  EXPECT_EQ(r.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_THAT(r.status().message(), HasSubstr("ports"));
}

TEST(CompositeIndexErrorTest, DuplicateEntityPeriodUnderInterpolationIsInvalidArgument) {
  Panel p;
  p.period[1] = 2001;
  p.x(2, 0) = std::nan("");
  IndexOptions o;
  o.missing_policy = MissingPolicy::kInterpolateWithinEntity;
  EXPECT_EQ(RunIndex(p, o).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(CompositeIndexErrorTest, AllRowsDroppedIsFailedPrecondition) {
  Panel p;
  p.x.col(0).setConstant(std::nan(""));
  IndexOptions o;
  o.missing_policy = MissingPolicy::kListwise;
  EXPECT_EQ(RunIndex(p, o).status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace govmetrics::stats
