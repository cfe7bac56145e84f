// Resampling benchmarks of the mediation / group-comparison / few-cluster code
// (govmetrics_stats only). Data: the simulated 31 x 7 panel of
// common/stats/mediation_simulation.h (the study's shape: 217 province-years).
//
//   mediation_bench --benchmark_min_time=2
//   GOVMETRICS_MEDIATION_CSV=/tmp/med.csv mediation_bench   # also writes the data
//     (for bench/mediation_compare.py: statsmodels and R boot on the same rows)
//
// Targets (issue "ModelingService part 2"): 5000-replication entity-block
// bootstrap of a three-mediator two-way FE mediation under 0.5 s on 2 cores;
// 1000-permutation group comparison under 0.3 s.
#include <cstdio>
#include <cstdlib>
#include <fstream>

#include "benchmark/benchmark.h"
#include "common/stats/group_comparison.h"
#include "common/stats/mediation_analysis.h"
#include "common/stats/mediation_simulation.h"
#include "common/stats/wild_cluster_bootstrap.h"

namespace govmetrics::stats {
namespace {

MediationInput StudyShapedData() {
  MediationDgp dgp;
  dgp.mediators = 3;
  return SimulateMediationPanel(dgp, 2024, 0);
}

MediationOptions TwoWay(int reps, int threads, BootstrapCiMethod method) {
  MediationOptions o;
  o.model.estimator = PanelEstimator::kWithin;
  o.model.fixed_effects = FixedEffectsKind::kTwoWay;
  o.model.variance.type = VarianceType::kCluster;
  o.bootstrap.replications = reps;
  o.bootstrap.seed = 1;
  o.bootstrap.ci_method = method;
  o.bootstrap.threads = threads;
  return o;
}

void BM_MediationEntityBootstrap(benchmark::State& state) {
  const MediationInput in = StudyShapedData();
  const MediationOptions o = TwoWay(static_cast<int>(state.range(0)), static_cast<int>(state.range(1)),
                                    state.range(2) ? BootstrapCiMethod::kBca : BootstrapCiMethod::kPercentile);
  for (auto _ : state) {
    absl::StatusOr<MediationResult> r = AnalyzeMediation(in, o);
    if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
    benchmark::DoNotOptimize(r);
  }
  state.counters["reps"] = static_cast<double>(state.range(0));
}
// args: replications, threads, bca
BENCHMARK(BM_MediationEntityBootstrap)
    ->Args({5000, 2, 0})->Args({5000, 1, 0})->Args({5000, 2, 1})->Args({0, 2, 0})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_CompareGroupsPermutation(benchmark::State& state) {
  const MediationInput m = StudyShapedData();
  GroupComparisonInput in;
  in.data = m.data;
  in.group_names = {"East", "Central", "West"};
  for (int e : in.data.entity) in.group.push_back(e < 11 ? 0 : e < 19 ? 1 : 2);
  GroupComparisonOptions o;
  o.model.estimator = PanelEstimator::kWithin;
  o.model.fixed_effects = FixedEffectsKind::kTwoWay;
  o.model.variance.type = VarianceType::kCluster;
  o.permutations = static_cast<int>(state.range(0));
  o.threads = static_cast<int>(state.range(1));
  o.seed = 1;
  for (auto _ : state) {
    absl::StatusOr<GroupComparisonResult> r = CompareGroups(in, o);
    if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
    benchmark::DoNotOptimize(r);
  }
}
// args: permutations, threads (5 regressors: x, m1..m3, c)
BENCHMARK(BM_CompareGroupsPermutation)
    ->Args({1000, 2})->Args({1000, 1})->Args({0, 2})
    ->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_WildClusterBootstrap(benchmark::State& state) {
  const MediationInput m = StudyShapedData();
  PanelModelOptions model;
  model.fixed_effects = FixedEffectsKind::kTwoWay;
  model.variance.type = VarianceType::kCluster;
  WildBootstrapOptions o;
  o.replications = 999;
  o.weights = WildWeightType::kWebb;
  o.confidence_intervals = state.range(0) != 0;
  for (auto _ : state) {
    absl::StatusOr<WildBootstrapResult> r = WildClusterBootstrap(m.data, model, o);
    if (!r.ok()) state.SkipWithError(std::string(r.status().message()).c_str());
    benchmark::DoNotOptimize(r);
  }
}
// arg: with test-inversion CIs (5 slopes, 31 entity clusters crossed by year FE)
BENCHMARK(BM_WildClusterBootstrap)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void WriteCsvIfAsked() {
  const char* path = std::getenv("GOVMETRICS_MEDIATION_CSV");
  if (path == nullptr) return;
  const MediationInput in = StudyShapedData();
  std::ofstream f(path);
  f << "entity,period,y";
  for (const auto& name : in.data.x_names) f << "," << name;
  f << "\n";
  char buf[64];
  for (Eigen::Index i = 0; i < in.data.y.size(); ++i) {
    f << in.data.entity[i] << "," << in.data.period[i];
    std::snprintf(buf, sizeof buf, ",%.17g", in.data.y[i]);
    f << buf;
    for (Eigen::Index j = 0; j < in.data.x.cols(); ++j) {
      std::snprintf(buf, sizeof buf, ",%.17g", in.data.x(i, j));
      f << buf;
    }
    f << "\n";
  }
  std::fprintf(stderr, "wrote %s\n", path);
}

}  // namespace
}  // namespace govmetrics::stats

int main(int argc, char** argv) {
  govmetrics::stats::WriteCsvIfAsked();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
