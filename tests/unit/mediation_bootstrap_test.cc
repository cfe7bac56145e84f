// The entity-block bootstrap of indirect effects: the fast path reproduces the
// engine's fits, results are bit-identical whatever the thread count, resampled
// duplicates of an entity get their own fixed effects, limits and cancellation,
// and (a small Monte Carlo) the 95% percentile CI covers the true a*b.
#include <atomic>
#include <cmath>
#include <vector>

#include "common/stats/bootstrap_panel_subset.h"
#include "common/stats/mediation_analysis.h"
#include "common/stats/mediation_bootstrap.h"
#include "common/stats/mediation_simulation.h"
#include "common/stats/panel_fit.h"
#include "common/stats/random_streams.h"
#include "gtest/gtest.h"

namespace govmetrics::stats {
namespace {

MediationOptions TwoWay(int replications) {
  MediationOptions o;
  o.model.estimator = PanelEstimator::kWithin;
  o.model.fixed_effects = FixedEffectsKind::kTwoWay;
  o.model.variance.type = VarianceType::kCluster;
  o.bootstrap.replications = replications;
  o.bootstrap.seed = 7;
  return o;
}

MediationSample SampleOf(const MediationInput& in, bool parallel) {
  MediationSample s;
  const int k = static_cast<int>(in.mediators.size());
  s.z.resize(in.data.y.size(), in.data.x.cols() + 1);
  s.z.leftCols(in.data.x.cols()) = in.data.x;  // x, m1..mK, c as simulated
  s.z.rightCols(1) = in.data.y;
  s.n_mediators = k;
  s.n_controls = 1;
  s.parallel = parallel;
  s.entity = in.data.entity;
  s.period = in.data.period;
  s.absorb_entity = s.absorb_period = true;
  s.intercept_only = false;
  s.n_entities = 0;
  for (int e : s.entity) s.n_entities = std::max(s.n_entities, e + 1);
  return s;
}

TEST(MediationBootstrapTest, FastPathReproducesTheModelFitsOnTheFullSample) {
  MediationDgp dgp;
  dgp.mediators = 3;
  const MediationInput in = SimulateMediationPanel(dgp, 11, 0);
  for (bool parallel : {false, true}) {
    MediationOptions o = TwoWay(0);
    o.mode = parallel ? MediationMode::kParallel : MediationMode::kSeparate;
    absl::StatusOr<MediationResult> r = AnalyzeMediation(in, o);
    ASSERT_TRUE(r.ok()) << r.status();
    const MediationSample s = SampleOf(in, parallel);
    std::vector<int> rows(in.data.y.size());
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<int>(i);
    std::vector<double> out(4);
    EvaluateIndirectEffects(s, rows, s.entity, out.data());
    for (int j = 0; j < 3; ++j) EXPECT_NEAR(out[j], r->mediators[j].indirect, 1e-12) << j;
    if (parallel) {
      EXPECT_NEAR(out[3], r->total_indirect, 1e-12);
    }
  }
}

TEST(MediationBootstrapTest, FastPathReproducesPooledAndOneWayFits) {
  const MediationInput in = SimulateMediationPanel(MediationDgp(), 12, 0);
  for (int kind = 0; kind < 3; ++kind) {
    MediationOptions o = TwoWay(0);
    MediationSample s = SampleOf(in, false);
    if (kind == 0) {
      o.model.estimator = PanelEstimator::kPooledOls;
      s.absorb_entity = s.absorb_period = false;
      s.intercept_only = true;
    } else if (kind == 1) {
      o.model.fixed_effects = FixedEffectsKind::kEntity;
      s.absorb_period = false;
    } else {
      o.model.fixed_effects = FixedEffectsKind::kPeriod;
      s.absorb_entity = false;
    }
    absl::StatusOr<MediationResult> r = AnalyzeMediation(in, o);
    ASSERT_TRUE(r.ok()) << r.status();
    std::vector<int> rows(in.data.y.size());
    for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<int>(i);
    double out[2];
    EvaluateIndirectEffects(s, rows, s.entity, out);
    EXPECT_NEAR(out[0], r->mediators[0].indirect, 1e-12) << kind;
  }
}

TEST(MediationBootstrapTest, DuplicatedEntitiesGetTheirOwnFixedEffects) {
  const MediationInput in = SimulateMediationPanel(MediationDgp(), 3, 1);
  const MediationSample s = SampleOf(in, false);
  // Draw entities 0, 0, 1, 2, ..., 29 (entity 0 twice, entity 30 never).
  std::vector<int> rows, ids;
  for (int j = 0; j < 31; ++j) {
    const int e = j == 0 ? 0 : j - 1;
    for (int t = 0; t < 7; ++t) {
      rows.push_back(e * 7 + t);
      ids.push_back(j);
    }
  }
  double fast[2];
  EvaluateIndirectEffects(s, rows, ids, fast);
  // The engine on the same resampled panel with entity ids 0..30.
  PanelInput resampled = SelectPanelRows(in.data, rows);
  resampled.entity = ids;
  auto fit_path = [&](int response, std::vector<int> x, int coef) {
    PanelModelOptions o;
    o.fixed_effects = FixedEffectsKind::kTwoWay;
    absl::StatusOr<PanelFit> f = FitPanelModel(EquationInput(resampled, response, x), o);
    EXPECT_TRUE(f.ok()) << f.status();
    return f->coefficients[coef].estimate;
  };
  const double a = fit_path(1, {0, 2}, 0);
  const double b = fit_path(-1, {0, 1, 2}, 1);
  EXPECT_NEAR(fast[0], a * b, 1e-12);
  // Exact duplicates have the same entity means whether or not they share a
  // level, so the slopes agree with a shared id too; distinct ids are what keep
  // the resampled panel a complete entity x period crossing (exact two-way
  // demeaning, no iterations) and give each draw its own cluster.
  std::vector<int> shared = ids;
  for (int& id : shared) id = id == 0 ? 1 : id;  // draws 0 and 1 are both entity 0
  double merged[2];
  EvaluateIndirectEffects(s, rows, shared, merged);
  EXPECT_NEAR(merged[0], fast[0], 1e-9);
}

TEST(MediationBootstrapTest, ResultsAreBitIdenticalWhateverTheThreadCount) {
  MediationDgp dgp;
  dgp.mediators = 2;
  const MediationInput in = SimulateMediationPanel(dgp, 5, 0);
  for (auto method : {BootstrapCiMethod::kPercentile, BootstrapCiMethod::kBca}) {
    for (auto unit : {ResampleUnit::kEntityBlock, ResampleUnit::kObservation}) {
      MediationOptions o = TwoWay(300);
      o.bootstrap.ci_method = method;
      o.bootstrap.resample = unit;
      o.bootstrap.threads = 1;
      absl::StatusOr<MediationResult> one = AnalyzeMediation(in, o);
      o.bootstrap.threads = 2;
      absl::StatusOr<MediationResult> two = AnalyzeMediation(in, o);
      o.bootstrap.threads = 5;
      absl::StatusOr<MediationResult> five = AnalyzeMediation(in, o);
      ASSERT_TRUE(one.ok() && two.ok() && five.ok());
      for (int j = 0; j < 2; ++j) {
        EXPECT_EQ(one->mediators[j].bootstrap_ci_lower, two->mediators[j].bootstrap_ci_lower);
        EXPECT_EQ(one->mediators[j].bootstrap_ci_upper, two->mediators[j].bootstrap_ci_upper);
        EXPECT_EQ(one->mediators[j].bootstrap_std_error, five->mediators[j].bootstrap_std_error);
        EXPECT_EQ(one->mediators[j].bootstrap_ci_upper, five->mediators[j].bootstrap_ci_upper);
      }
    }
  }
}

TEST(MediationBootstrapTest, TheSeedChangesTheDrawsAndOnlyTheSeed) {
  const MediationInput in = SimulateMediationPanel(MediationDgp(), 5, 2);
  MediationOptions o = TwoWay(200);
  absl::StatusOr<MediationResult> a = AnalyzeMediation(in, o);
  absl::StatusOr<MediationResult> b = AnalyzeMediation(in, o);
  o.bootstrap.seed = 8;
  absl::StatusOr<MediationResult> c = AnalyzeMediation(in, o);
  ASSERT_TRUE(a.ok() && b.ok() && c.ok());
  EXPECT_EQ(a->mediators[0].bootstrap_std_error, b->mediators[0].bootstrap_std_error);
  EXPECT_NE(a->mediators[0].bootstrap_std_error, c->mediators[0].bootstrap_std_error);
}

TEST(MediationBootstrapTest, BootstrapSeIsCloseToTheClusteredSobelSe) {
  // Two estimates of the same sampling variability: within 25% of each other.
  const MediationInput in = SimulateMediationPanel(MediationDgp(), 21, 0);
  absl::StatusOr<MediationResult> r = AnalyzeMediation(in, TwoWay(2000));
  ASSERT_TRUE(r.ok()) << r.status();
  const auto& e = r->mediators[0];
  EXPECT_NEAR(e.bootstrap_std_error / e.sobel.std_error, 1.0, 0.25);
  EXPECT_LT(e.bootstrap_ci_lower, e.indirect);
  EXPECT_GT(e.bootstrap_ci_upper, e.indirect);
  EXPECT_EQ(e.bootstrap_failures, 0);
  EXPECT_EQ(e.bootstrap_replicates, 2000);
}

TEST(MediationBootstrapTest, ReplicationsOutOfRangeNameTheField) {
  const MediationInput in = SimulateMediationPanel(MediationDgp(), 1, 0);
  absl::StatusOr<MediationResult> r = AnalyzeMediation(in, TwoWay(100001));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("bootstrap.replications"), std::string::npos);
  r = AnalyzeMediation(in, TwoWay(-1));
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(MediationBootstrapTest, MediatorEqualToTreatmentIsRejected) {
  MediationInput in = SimulateMediationPanel(MediationDgp(), 1, 0);
  in.mediators = {"x"};
  absl::StatusOr<MediationResult> r = AnalyzeMediation(in, TwoWay(0));
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("mediators[0]"), std::string::npos);
}

TEST(MediationBootstrapTest, StopPredicateCancelsBetweenReplicates) {
  const MediationInput in = SimulateMediationPanel(MediationDgp(), 1, 0);
  std::atomic<int> calls{0};
  // Let the model fits through, stop once replicates are running.
  std::function<bool()> stop = [&] { return ++calls > 50; };
  absl::StatusOr<MediationResult> r = AnalyzeMediation(in, TwoWay(100000), &stop);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), absl::StatusCode::kCancelled);
}

TEST(MediationBootstrapTest, MissingValuesAreDroppedOnceForEveryEquation) {
  MediationDgp dgp;
  dgp.mediators = 2;
  MediationInput in = SimulateMediationPanel(dgp, 4, 0);
  in.data.x(3, 1) = std::nan("");  // m1 missing in row 3
  in.data.x(10, 2) = std::nan("");  // m2 missing in row 10
  in.data.y[20] = std::nan("");
  absl::StatusOr<MediationResult> r = AnalyzeMediation(in, TwoWay(0));
  ASSERT_TRUE(r.ok()) << r.status();
  EXPECT_EQ(r->n_obs, 217 - 3);
  int64_t dropped = 0;
  for (const auto& d : r->dropped_rows) dropped += d.count;
  EXPECT_EQ(dropped, 3);
  // One sample: the decomposition still holds exactly for both mediators.
  for (const auto& e : r->mediators) EXPECT_NEAR(e.c.estimate, e.c_prime.estimate + e.indirect, 1e-10);
}

// Monte Carlo check (not a timing test): 40 datasets from the DGP, 199
// entity-block replicates each; the 95% percentile CI should cover the true
// a*b = 0.2 in about 38 of 40. Under correct coverage P(covered <= 33) is
// about 0.5%, so the band [34, 40] fails only for a broken bootstrap (for
// example one that ignores within-entity dependence badly or mis-centres).
TEST(MediationBootstrapTest, PercentileIntervalCoversTheTrueIndirectEffect) {
  MediationDgp dgp;
  const double truth = dgp.a * dgp.b;
  int covered = 0;
  for (int d = 0; d < 40; ++d) {
    MediationOptions o = TwoWay(199);
    o.bootstrap.seed = 1000 + d;
    absl::StatusOr<MediationResult> r = AnalyzeMediation(SimulateMediationPanel(dgp, 2024, d), o);
    ASSERT_TRUE(r.ok()) << r.status();
    covered += r->mediators[0].bootstrap_ci_lower <= truth && truth <= r->mediators[0].bootstrap_ci_upper;
  }
  EXPECT_GE(covered, 34);
}

TEST(RandomStreamsTest, StreamsDependOnSeedPurposeAndReplicateOnly) {
  ReplicateStream a(1, StreamPurpose::kMediationBootstrap, 5);
  ReplicateStream b(1, StreamPurpose::kMediationBootstrap, 5);
  ReplicateStream c(1, StreamPurpose::kPermutation, 5);
  ReplicateStream d(1, StreamPurpose::kMediationBootstrap, 6);
  const uint64_t va = a.Next();
  EXPECT_EQ(va, b.Next());
  EXPECT_NE(va, c.Next());
  EXPECT_NE(va, d.Next());
}

TEST(RandomStreamsTest, IndexIsUniform) {
  ReplicateStream s(3, StreamPurpose::kSimulation, 0);
  std::vector<int> counts(7, 0);
  for (int i = 0; i < 70000; ++i) ++counts[s.Index(7)];
  for (int c : counts) EXPECT_NEAR(c, 10000, 450);  // > 4.5 SD
}

}  // namespace
}  // namespace govmetrics::stats
