// Wild cluster restricted (WCR) bootstrap of t tests on the slopes of a linear
// panel model (Cameron, Gelbach & Miller 2008; Roodman, MacKinnon, Nielsen &
// Webb 2019, "Fast and wild", Stata boottest), for inference with few clusters.
// Formulas and guidance: docs/methods/inference.md.
//
// For each slope j and null value beta0 (0 for the p-value):
//   1. restricted fit: y - beta0 x_j on the other regressors (after the fixed
//      effects are partialled out, FWL), fitted values y~ and residuals u~;
//   2. replicate b: y* = y~ + v_g u~ with one weight v_g per cluster
//      (Rademacher +-1, or Webb's six-point distribution), refit, t*_b =
//      (b*_j - beta0) / se*_j with the cluster-robust (CR0) se;
//   3. p = #{b : |t*_b| >= |t| (1 - 1e-9)} / B (symmetric), t from the original
//      data; the slack makes the draw v = 1 (which reproduces the data) count.
// Any small-sample factor common to t and t* cancels, so CR0 is used inside.
// Everything is computed from per-cluster cross-products X_g'X_g and X_g'y_g,
// so a replicate costs O(G k), not O(n k); t*_b is a closed-form function of beta0
// computed once per slope, so each p-value of the interval search is O(B)
// (wild_bootstrap_slope.h).
//
// Confidence interval: test inversion, {beta0 : p(beta0) > 1 - level}, with
// the SAME weight draws for every beta0; each bound is found by doubling away
// from the estimate in steps of its CR0 standard error until p < 1 - level,
// then bisection (60 steps). If p has not fallen below 1 - level within 2^20
// standard errors (too few distinct weight vectors, e.g. Rademacher with 4
// clusters has 16, and v and -v give the same |t*|), the bound is infinite.
//
// Rademacher weights with 2^G <= replications: all 2^G sign vectors are
// enumerated (exact randomisation distribution), as boottest does.
#ifndef GOVMETRICS_COMMON_STATS_WILD_CLUSTER_BOOTSTRAP_H_
#define GOVMETRICS_COMMON_STATS_WILD_CLUSTER_BOOTSTRAP_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/stats/panel_input.h"
#include "common/stats/panel_options.h"

namespace govmetrics::stats {

enum class WildWeightType { kRademacher, kWebb };

const char* ToString(WildWeightType w);

struct WildBootstrapOptions {
  int replications = 999;  // 1 .. kMaxReplications
  uint64_t seed = 0;
  WildWeightType weights = WildWeightType::kRademacher;
  // When true, `weights` is ignored: Webb below 12 clusters, Rademacher from 12.
  bool automatic_weights = false;
  double level = 0.95;
  // The p-value tests H0: coefficient = null_value (0 for the usual test).
  double null_value = 0.0;
  bool confidence_intervals = true;
  int threads = 2;
};

struct WildBootstrapTest {
  std::string name;
  double estimate = 0;
  double p_value = 0;
  double ci_lower = 0;
  double ci_upper = 0;
  int64_t replications = 0;
  bool enumerated = false;
};

struct WildBootstrapResult {
  std::vector<WildBootstrapTest> tests;  // one per slope (no intercept)
  std::string cluster_by;
  int64_t clusters = 0;
  WildWeightType weights = WildWeightType::kRademacher;
  std::vector<std::string> notes;
};

// Same sample as FitPanelModel with `model` (missing values and, where the
// convention drops them, singletons removed). Clusters: the model's first
// cluster variable when its variance is kCluster, otherwise the entity.
// InvalidArgument for estimators other than pooled OLS / within or
// replications out of range; FailedPrecondition with fewer than 2 clusters;
// Cancelled when should_stop returns true.
absl::StatusOr<WildBootstrapResult> WildClusterBootstrap(
    PanelInput input, const PanelModelOptions& model, const WildBootstrapOptions& options,
    const std::function<bool()>* should_stop = nullptr);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_WILD_CLUSTER_BOOTSTRAP_H_
