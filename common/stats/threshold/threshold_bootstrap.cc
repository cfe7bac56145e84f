#include "common/stats/threshold/threshold_bootstrap.h"

#include <cmath>
#include <limits>

#include "Eigen/QR"
#include "absl/status/status.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/random_streams.h"
#include "common/stats/threshold/threshold_ssr_plan.h"

namespace govmetrics::stats {
namespace {

// Memory for the SSR curve plans shared by the replicates of one test (a plan holds the
// regressors, n x (kz + kx (1 + fixed thresholds)), plus ~(kx f + 2 kx^2) numbers per
// candidate: ~60 kB for the demo study; the few plans every replicate uses come first).
constexpr int64_t kMaxPlanBytes = int64_t{64} << 20;

}  // namespace

std::vector<int64_t> ThresholdBootstrapDraws(uint64_t seed, int k, int64_t r, int64_t entities) {
  ReplicateStream rng(seed, StreamPurpose::kThresholdBootstrap,
                      (static_cast<uint64_t>(k) << 32) | static_cast<uint64_t>(r));
  std::vector<int64_t> draws(static_cast<size_t>(entities));
  for (auto& d : draws) d = static_cast<int64_t>(rng.Index(static_cast<uint64_t>(entities)));
  return draws;
}

absl::StatusOr<std::vector<double>> BootstrapThresholdF(const ThresholdDesign& design,
                                                        const std::vector<double>& grid,
                                                        const std::vector<double>& null_thresholds, int k,
                                                        const ThresholdOptions& options) {
  const Eigen::MatrixXd f = design.Regressors(null_thresholds);
  const Eigen::VectorXd fitted = f * f.colPivHouseholderQr().solve(design.y());
  const Eigen::VectorXd resid = design.y() - fitted;
  const int64_t periods = design.periods();
  std::vector<double> f_star(static_cast<size_t>(options.replications), std::numeric_limits<double>::quiet_NaN());
  SsrCurvePlans plans(design, kMaxPlanBytes);
  auto replicate = [&](int64_t r, int /*worker*/) {
    const std::vector<int64_t> draws = ThresholdBootstrapDraws(options.seed, k, r, design.entities());
    Eigen::VectorXd y = fitted;
    for (int64_t e = 0; e < design.entities(); ++e) {
      y.segment(e * periods, periods) += resid.segment(draws[static_cast<size_t>(e)] * periods, periods);
    }
    auto search = SearchThresholds(design, y, grid, options, k, SearchScope::kLastFStatistic, &plans);
    if (search.ok()) f_star[static_cast<size_t>(r)] = search->f[static_cast<size_t>(k - 1)];
  };
  if (auto status = RunReplicates(options.replications, options.threads, options.should_stop, replicate);
      !status.ok()) {
    return status;
  }
  for (double v : f_star) {
    if (std::isnan(v)) {
      return absl::FailedPreconditionError(
          "threshold bootstrap: a replicate found no identified candidate threshold; lower the trim");
    }
  }
  return f_star;
}

}  // namespace govmetrics::stats
