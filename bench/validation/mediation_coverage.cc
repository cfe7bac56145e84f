// Monte Carlo coverage of the 95% bootstrap CIs of an indirect effect.
//
// DGP: common/stats/mediation_simulation.h (31 entities x 7 periods, entity and
// period effects in X, M and Y, AR(1) errors within entity with rho = 0.5,
// heteroskedastic), true a b = 0.5 x 0.4 = 0.2. Model: two-way FE, entity-
// clustered SEs. For each dataset d = 0..D-1: bootstrap with B replicates and
// seed 1000 + d; record whether each CI contains 0.2. Reports coverage and its
// Monte Carlo SE sqrt(p (1 - p) / D), for entity-block resampling (percentile,
// BC, BCa) and, for contrast, observation resampling (percentile), plus the
// Sobel normal interval ab +- 1.96 se_sobel.
//
// Build (no CMake target; needs only govmetrics_stats):
//   g++ -O2 -std=c++17 -I. -I/usr/include/eigen3 bench/validation/mediation_coverage.cc \
//       BUILD/common/stats/libgovmetrics_stats.a $(pkg-config --libs absl_statusor absl_strings absl_str_format) \
//       -lpthread -o /tmp/mediation_coverage
//   /tmp/mediation_coverage [datasets=1000] [replications=999]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "common/stats/mediation_analysis.h"
#include "common/stats/mediation_simulation.h"

using namespace govmetrics::stats;

int main(int argc, char** argv) {
  const int datasets = argc > 1 ? std::atoi(argv[1]) : 1000;
  const int reps = argc > 2 ? std::atoi(argv[2]) : 999;
  const MediationDgp dgp;
  const double truth = dgp.a * dgp.b;
  struct Arm {
    std::string name;
    BootstrapCiMethod method;
    ResampleUnit unit;
    int covered = 0;
    double width = 0;
  };
  std::vector<Arm> arms = {
      {"entity-block percentile", BootstrapCiMethod::kPercentile, ResampleUnit::kEntityBlock},
      {"entity-block BC", BootstrapCiMethod::kBiasCorrected, ResampleUnit::kEntityBlock},
      {"entity-block BCa", BootstrapCiMethod::kBca, ResampleUnit::kEntityBlock},
      {"observation percentile", BootstrapCiMethod::kPercentile, ResampleUnit::kObservation},
  };
  int sobel_covered = 0;
  for (int d = 0; d < datasets; ++d) {
    const MediationInput in = SimulateMediationPanel(dgp, 2024, d);
    for (size_t a = 0; a < arms.size(); ++a) {
      MediationOptions o;
      o.model.estimator = PanelEstimator::kWithin;
      o.model.fixed_effects = FixedEffectsKind::kTwoWay;
      o.model.variance.type = VarianceType::kCluster;
      o.bootstrap.replications = reps;
      o.bootstrap.seed = 1000 + d;
      o.bootstrap.ci_method = arms[a].method;
      o.bootstrap.resample = arms[a].unit;
      absl::StatusOr<MediationResult> r = AnalyzeMediation(in, o);
      if (!r.ok()) {
        std::fprintf(stderr, "dataset %d: %s\n", d, std::string(r.status().message()).c_str());
        return 1;
      }
      const MediatorEffect& e = r->mediators[0];
      arms[a].covered += e.bootstrap_ci_lower <= truth && truth <= e.bootstrap_ci_upper;
      arms[a].width += (e.bootstrap_ci_upper - e.bootstrap_ci_lower) / datasets;
      if (a == 0) {
        sobel_covered += std::fabs(e.indirect - truth) <= 1.959963984540054 * e.sobel.std_error;
      }
    }
  }
  std::printf("datasets %d, bootstrap replications %d, true a*b = %.3f\n", datasets, reps, truth);
  std::printf("%-28s %9s %8s %10s\n", "interval", "coverage", "MC SE", "mean width");
  for (const Arm& a : arms) {
    const double p = static_cast<double>(a.covered) / datasets;
    std::printf("%-28s %9.3f %8.3f %10.4f\n", a.name.c_str(), p, std::sqrt(p * (1 - p) / datasets), a.width);
  }
  const double ps = static_cast<double>(sobel_covered) / datasets;
  std::printf("%-28s %9.3f %8.3f\n", "Sobel (clustered SEs)", ps, std::sqrt(ps * (1 - ps) / datasets));
  return 0;
}
