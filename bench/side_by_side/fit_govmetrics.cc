// Two-way FE with entity-clustered SEs through govmetrics' engine on the same binary
// panel the R / Python scripts read; times only the fit (FitPanelModel), and reports the
// peak resident memory of the whole process against the size of the input matrix.
//   fit_govmetrics FILE.bin
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <vector>

#include "common/stats/panel_fit.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.bin\n", argv[0]);
    return 2;
  }
  std::FILE* f = std::fopen(argv[1], "rb");
  if (f == nullptr) return 2;
  std::fseek(f, 0, SEEK_END);
  const long bytes = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  const long rows = bytes / (8 * 8);
  govmetrics::stats::PanelInput input;
  input.y.resize(rows);
  input.x.resize(rows, 5);
  input.entity.resize(rows);
  input.period.resize(rows);
  input.x_names = {"x1", "x2", "x3", "x4", "x5"};
  std::vector<double> record(8);
  for (long i = 0; i < rows; ++i) {
    if (std::fread(record.data(), sizeof(double), 8, f) != 8) return 2;
    input.entity[i] = static_cast<int>(record[0]);
    input.period[i] = static_cast<int>(record[1]);
    input.y[i] = record[2];
    for (int j = 0; j < 5; ++j) input.x(i, j) = record[3 + j];
  }
  std::fclose(f);
  struct rusage before;
  getrusage(RUSAGE_SELF, &before);

  govmetrics::stats::PanelModelOptions options;
  options.estimator = govmetrics::stats::PanelEstimator::kWithin;
  options.fixed_effects = govmetrics::stats::FixedEffectsKind::kTwoWay;
  options.variance.type = govmetrics::stats::VarianceType::kCluster;
  options.variance.small_sample = govmetrics::stats::SmallSampleConvention::kPlm;
  const auto start = std::chrono::steady_clock::now();
  auto fit = govmetrics::stats::FitPanelModel(std::move(input), options);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  if (!fit.ok()) {
    std::fprintf(stderr, "%s\n", std::string(fit.status().message()).c_str());
    return 1;
  }
  struct rusage after;
  getrusage(RUSAGE_SELF, &after);
  const double input_mb = rows * 8.0 * 8 / 1e6;  // y, x1..x5, entity, period as doubles
  std::printf("govmetrics rows=%ld seconds=%.3f b1=%.10f se1=%.10f input_mb=%.1f peak_rss_mb=%.1f "
              "rss_before_fit_mb=%.1f\n",
              rows, seconds, fit->coefficients[0].estimate, fit->coefficients[0].std_error, input_mb,
              after.ru_maxrss / 1024.0, before.ru_maxrss / 1024.0);
  return 0;
}
