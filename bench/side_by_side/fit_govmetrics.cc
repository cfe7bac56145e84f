// Two-way FE with entity-clustered SEs through govmetrics' engine on the same binary
// panel the R / Python scripts read; times only the fit (FitPanelModel), and reports the
// peak resident memory of the whole process against the size of the input matrix.
//   fit_govmetrics FILE.bin [REPEAT [POOL_MB]]
// REPEAT fits (default 1), the panel read again from the file before each, one line per
// fit. POOL_MB > 0 serves large blocks from the pool the modeling server uses
// (common/memory/process_large_blocks.h, its --large_block_pool_mb), so the second and
// later fits run on memory kept from the first, as a warm modeling server's do: the fair
// in-memory counterpart of a warm fit by reference (bench/workspace/fit_by_reference.py).
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/memory/process_large_blocks.h"
#include "common/stats/panel_fit.h"

namespace {

// The panel of FILE.bin (entity, period, y, x1..x5 per row as doubles); false on a
// short or unreadable file.
bool ReadPanel(const char* path, govmetrics::stats::PanelInput* input) {
  std::FILE* f = std::fopen(path, "rb");
  if (f == nullptr) return false;
  std::fseek(f, 0, SEEK_END);
  const long rows = std::ftell(f) / (8 * 8);
  std::fseek(f, 0, SEEK_SET);
  input->y.resize(rows);
  input->x.resize(rows, 5);
  input->entity.resize(rows);
  input->period.resize(rows);
  input->x_names = {"x1", "x2", "x3", "x4", "x5"};
  std::vector<double> record(8);
  for (long i = 0; i < rows; ++i) {
    if (std::fread(record.data(), sizeof(double), 8, f) != 8) {
      std::fclose(f);
      return false;
    }
    input->entity[i] = static_cast<int>(record[0]);
    input->period[i] = static_cast<int>(record[1]);
    input->y[i] = record[2];
    for (int j = 0; j < 5; ++j) input->x(i, j) = record[3 + j];
  }
  std::fclose(f);
  return true;
}

govmetrics::stats::PanelModelOptions TwoWayClustered() {
  govmetrics::stats::PanelModelOptions options;
  options.estimator = govmetrics::stats::PanelEstimator::kWithin;
  options.fixed_effects = govmetrics::stats::FixedEffectsKind::kTwoWay;
  options.variance.type = govmetrics::stats::VarianceType::kCluster;
  options.variance.small_sample = govmetrics::stats::SmallSampleConvention::kPlm;
  return options;
}

// One timed fit of the file's panel; prints its line, returns false on failure.
bool TimedFit(const char* path, int fit_number) {
  govmetrics::stats::PanelInput input;
  if (!ReadPanel(path, &input)) return false;
  const long rows = static_cast<long>(input.y.size());
  struct rusage before;
  getrusage(RUSAGE_SELF, &before);
  const auto start = std::chrono::steady_clock::now();
  auto fit = govmetrics::stats::FitPanelModel(std::move(input), TwoWayClustered());
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!fit.ok()) {
    std::fprintf(stderr, "%s\n", std::string(fit.status().message()).c_str());
    return false;
  }
  struct rusage after;
  getrusage(RUSAGE_SELF, &after);
  const double input_mb = rows * 8.0 * 8 / 1e6;  // y, x1..x5, entity, period as doubles
  std::printf("govmetrics fit=%d rows=%ld seconds=%.3f b1=%.10f se1=%.10f input_mb=%.1f "
              "peak_rss_mb=%.1f rss_before_fit_mb=%.1f\n",
              fit_number, rows, seconds, fit->coefficients[0].estimate,
              fit->coefficients[0].std_error, input_mb, after.ru_maxrss / 1024.0,
              before.ru_maxrss / 1024.0);
  std::fflush(stdout);
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.bin [REPEAT [POOL_MB]]\n", argv[0]);
    return 2;
  }
  const int repeat = argc > 2 ? std::atoi(argv[2]) : 1;
  const long pool_mb = argc > 3 ? std::atol(argv[3]) : 0;
  if (pool_mb > 0) {
    govmetrics::memory::LargeBlockPoolOptions pool;
    pool.max_idle_bytes = static_cast<size_t>(pool_mb) << 20;
    govmetrics::memory::ConfigureProcessLargeBlocks(pool);
  }
  for (int i = 1; i <= repeat; ++i) {
    if (!TimedFit(argv[1], i)) return 1;
  }
  return 0;
}
