// Composite-index core on a large synthetic panel: 1,000,000 rows x 30 indicators in 5
// dimensions (target: entropy, pooled, flat, under 0.5 s single-threaded). Uses only
// govmetrics_stats. Run:  <build>/bench/index_core_bench --benchmark_min_time=2
// Figures and the machine they came from go to docs/performance.md.

#include <cstdint>
#include <random>
#include <vector>

#include "Eigen/Core"
#include "benchmark/benchmark.h"
#include "common/stats/index_composite.h"

namespace govmetrics::stats {
namespace {

constexpr int kEntities = 10000;
constexpr int kPeriods = 100;
constexpr int kRows = kEntities * kPeriods;  // 1e6
constexpr int kIndicators = 30;
constexpr int kDimensions = 5;

struct Data {
  Eigen::MatrixXd x;
  std::vector<int> entity;
  std::vector<int32_t> period;
  std::vector<IndicatorSpec> specs;
};

const Data& GetData() {
  static const Data* data = [] {
    auto* d = new Data;
    d->x.resize(kRows, kIndicators);
    std::mt19937_64 rng(42);
    std::lognormal_distribution<double> ln(0.0, 1.0);
    for (int j = 0; j < kIndicators; ++j) {
      for (int i = 0; i < kRows; ++i) d->x(i, j) = ln(rng) * (j + 1);
    }
    d->entity.resize(kRows);
    d->period.resize(kRows);
    for (int i = 0; i < kRows; ++i) {
      d->entity[i] = i / kPeriods;
      d->period[i] = 2000 + i % kPeriods;
    }
    for (int j = 0; j < kIndicators; ++j) {
      d->specs.push_back({"x" + std::to_string(j),
                          j % 4 == 3 ? Direction::kNegative : Direction::kPositive,
                          j % kDimensions});
    }
    return d;
  }();
  return *data;
}

void RunIndex(benchmark::State& state, const IndexOptions& options) {
  const Data& d = GetData();
  IndexInput in;
  in.columns = IndicatorColumns::FromMatrix(d.x);
  in.indicators = d.specs;
  in.entity = d.entity;
  in.period = d.period;
  for (auto _ : state) {
    absl::StatusOr<IndexResult> r = ComputeCompositeIndex(in, options);
    if (!r.ok()) {
      state.SkipWithError(std::string(r.status().message()).c_str());
      break;
    }
    benchmark::DoNotOptimize(r->composite.data());
  }
  state.SetItemsProcessed(state.iterations() * static_cast<int64_t>(kRows) * kIndicators);
  state.counters["rows"] = kRows;
  state.counters["indicators"] = kIndicators;
}

void BM_EntropyPooledFlat(benchmark::State& state) { RunIndex(state, IndexOptions{}); }

void BM_EntropyPooledDimensionEntropy(benchmark::State& state) {
  IndexOptions o;
  o.hierarchy = Hierarchy::kEntropyOnDimensionScores;
  RunIndex(state, o);
}

void BM_EntropyPerPeriod(benchmark::State& state) {
  IndexOptions o;
  o.pooling = Pooling::kPerPeriod;
  RunIndex(state, o);
}

void BM_CriticPooled(benchmark::State& state) {
  IndexOptions o;
  o.method = WeightingMethod::kCritic;
  RunIndex(state, o);
}

void BM_EntropyTopsisPooled(benchmark::State& state) {
  IndexOptions o;
  o.method = WeightingMethod::kEntropyTopsis;
  RunIndex(state, o);
}

BENCHMARK(BM_EntropyPooledFlat)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EntropyPooledDimensionEntropy)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EntropyPerPeriod)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_CriticPooled)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_EntropyTopsisPooled)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace govmetrics::stats

BENCHMARK_MAIN();
