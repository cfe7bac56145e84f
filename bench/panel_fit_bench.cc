// Two-way fixed effects (entity + period, balanced, T = 20) with 5 regressors
// and entity-clustered standard errors (STATA convention), at 2e4, 2e5, 1e6
// and 1e7 rows. The input is generated once per size and copied outside the
// timed region; FitPanelModel then works on the moved-in copy in place, so the
// timing covers validation, absorption, the solve and the variance.
//
//   panel_fit_bench --benchmark_filter=TwoWay
#include <cmath>
#include <cstdint>
#include <map>
#include <random>

#include "benchmark/benchmark.h"
#include "common/stats/panel_fit.h"

namespace govmetrics::stats {
namespace {

constexpr int kPeriods = 20;
constexpr int kRegressors = 5;

const PanelInput& Panel(int64_t rows) {
  static std::map<int64_t, PanelInput> cache;
  auto it = cache.find(rows);
  if (it != cache.end()) return it->second;
  PanelInput in;
  const int64_t entities = rows / kPeriods;
  const int64_t n = entities * kPeriods;
  std::mt19937_64 rng(42);
  std::normal_distribution<double> nd;
  in.y.resize(n);
  in.x.resize(n, kRegressors);
  in.entity.resize(n);
  in.period.resize(n);
  for (int j = 0; j < kRegressors; ++j) in.x_names.push_back("x" + std::to_string(j + 1));
  for (int64_t i = 0; i < entities; ++i) {
    const double alpha = nd(rng);
    for (int t = 0; t < kPeriods; ++t) {
      const int64_t r = i * kPeriods + t;
      in.entity[r] = static_cast<int>(i);
      in.period[r] = 2000 + t;
      double y = alpha + 0.1 * t;
      for (int j = 0; j < kRegressors; ++j) {
        const double x = nd(rng) + 0.5 * alpha;
        in.x(r, j) = x;
        y += (j + 1) * 0.1 * x;
      }
      in.y[r] = y + nd(rng);
    }
  }
  return cache.emplace(rows, std::move(in)).first->second;
}

void BM_TwoWayClusteredFit(benchmark::State& state) {
  const int64_t rows = state.range(0);
  const PanelInput& source = Panel(rows);
  PanelModelOptions o;
  o.estimator = PanelEstimator::kWithin;
  o.fixed_effects = FixedEffectsKind::kTwoWay;
  o.variance.type = VarianceType::kCluster;
  o.variance.cluster_by = {"entity"};
  o.threads = 2;
  for (auto _ : state) {
    state.PauseTiming();
    PanelInput copy = source;
    state.ResumeTiming();
    absl::StatusOr<PanelFit> fit = FitPanelModel(std::move(copy), o);
    if (!fit.ok()) {
      state.SkipWithError(std::string(fit.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(fit->coefficients.data());
  }
  state.SetItemsProcessed(state.iterations() * rows);
}

BENCHMARK(BM_TwoWayClusteredFit)
    ->Arg(20000)
    ->Arg(200000)
    ->Arg(1000000)
    ->Arg(10000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace govmetrics::stats

BENCHMARK_MAIN();
