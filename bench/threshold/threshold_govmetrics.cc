// Side-by-side driver for bench/threshold/run.sh: reads a balanced panel written by
// run.sh (first line "entities periods kx kz", then one row per entity-period, entity-
// major: y, x_1..x_kx, z_1..z_kz, q) and times stats::FitThresholdModel.
//   threshold_govmetrics FILE THRESHOLDS REPLICATIONS THREADS            -> one timed fit
//   threshold_govmetrics --size DATASETS REPLICATIONS SEED               -> F1 size simulation
// The size simulation draws panels of the demo's shape (31 x 7) with no threshold (y = x +
// fixed effect + N(0,1)), q ~ N(0,1) independent, and counts bootstrap p < 0.05 and < 0.10.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "common/stats/random_streams.h"
#include "common/stats/threshold/threshold_model.h"

namespace {

using govmetrics::stats::ThresholdData;

bool ReadPanel(const char* path, ThresholdData* d) {
  std::ifstream in(path);
  int64_t kx = 0, kz = 0;
  if (!(in >> d->entities >> d->periods >> kx >> kz)) return false;
  const int64_t n = d->entities * d->periods;
  d->y.resize(n);
  d->regime_x.resize(n, kx);
  d->controls.resize(n, kz);
  d->q.resize(n);
  for (int64_t r = 0; r < n; ++r) {
    in >> d->y[r];
    for (int64_t j = 0; j < kx; ++j) in >> d->regime_x(r, j);
    for (int64_t j = 0; j < kz; ++j) in >> d->controls(r, j);
    in >> d->q[r];
  }
  return static_cast<bool>(in);
}

int TimedFit(const char* path, int thresholds, int replications, int threads) {
  ThresholdData data;
  if (!ReadPanel(path, &data)) return 2;
  govmetrics::stats::ThresholdOptions options;
  options.thresholds = thresholds;
  options.replications = replications;
  options.threads = threads;
  options.seed = 1;
  const auto start = std::chrono::steady_clock::now();
  auto fit = govmetrics::stats::FitThresholdModel(data, options);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!fit.ok()) {
    std::cerr << fit.status() << "\n";
    return 1;
  }
  std::printf("thresholds=%d replications=%d threads=%d seconds=%.3f", thresholds, replications, threads, seconds);
  for (const auto& t : fit->tests) std::printf(" F%d=%.4f p=%.3f", t.thresholds, t.f_statistic, t.p_value);
  std::printf("\n");
  return 0;
}

int SizeSimulation(int datasets, int replications, uint64_t seed) {
  int reject5 = 0, reject10 = 0;
  for (int s = 0; s < datasets; ++s) {
    govmetrics::stats::ReplicateStream rng(seed, govmetrics::stats::StreamPurpose::kSimulation, s);
    ThresholdData d;
    d.entities = 31;
    d.periods = 7;
    const int64_t n = d.entities * d.periods;
    d.y.resize(n);
    d.regime_x.resize(n, 1);
    d.controls.resize(n, 0);
    d.q.resize(n);
    for (int64_t e = 0; e < d.entities; ++e) {
      const double effect = rng.Normal();
      for (int64_t t = 0; t < d.periods; ++t) {
        const int64_t r = e * d.periods + t;
        d.regime_x(r, 0) = rng.Normal();
        d.q[r] = rng.Normal();
        d.y[r] = effect + d.regime_x(r, 0) + rng.Normal();
      }
    }
    govmetrics::stats::ThresholdOptions options;
    options.replications = replications;
    options.seed = seed + static_cast<uint64_t>(s);
    auto fit = govmetrics::stats::FitThresholdModel(d, options);
    if (!fit.ok()) {
      std::cerr << fit.status() << "\n";
      return 1;
    }
    reject5 += fit->tests[0].p_value < 0.05;
    reject10 += fit->tests[0].p_value < 0.10;
  }
  std::printf("datasets=%d replications=%d rejection@5%%=%.3f rejection@10%%=%.3f\n", datasets, replications,
              static_cast<double>(reject5) / datasets, static_cast<double>(reject10) / datasets);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 5 && std::string(argv[1]) == "--size") {
    return SizeSimulation(std::atoi(argv[2]), std::atoi(argv[3]), std::strtoull(argv[4], nullptr, 10));
  }
  if (argc != 5) {
    std::cerr << "usage: threshold_govmetrics FILE THRESHOLDS REPLICATIONS THREADS | --size DATASETS REPS SEED\n";
    return 2;
  }
  return TimedFit(argv[1], std::atoi(argv[2]), std::atoi(argv[3]), std::atoi(argv[4]));
}
