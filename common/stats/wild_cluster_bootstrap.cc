#include "common/stats/wild_cluster_bootstrap.h"

#include <atomic>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/bootstrap_panel_subset.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/fixed_effects_absorb.h"
#include "common/stats/fixed_effects_factor.h"
#include "common/stats/linear_solve.h"
#include "common/stats/panel_fit.h"
#include "common/stats/panel_sample.h"
#include "common/stats/wild_bootstrap_slope.h"
#include "common/stats/wild_bootstrap_weights.h"

namespace govmetrics::stats {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// One bound of the test-inversion interval (direction -1 lower, +1 upper).
double InvertBound(const WildSlopeTest& test, double alpha, int direction,
                   const std::function<bool()>& stopped) {
  const double center = test.estimate();
  const double step = test.std_error() > 0 ? test.std_error() : 1.0;
  double inner = center, outer = kInf;
  // Beyond 2^20 standard errors the p-value is dominated by rounding; an
  // interval that has not closed by then is reported as unbounded.
  for (int m = 0; m <= 20; ++m) {
    if (stopped()) return std::nan("");
    const double candidate = center + direction * step * std::ldexp(1.0, m);
    if (test.PValue(candidate) < alpha) {
      outer = candidate;
      break;
    }
    inner = candidate;
  }
  if (std::isinf(outer)) return direction * kInf;
  for (int it = 0; it < 60; ++it) {
    if (stopped()) return std::nan("");
    const double mid = 0.5 * (inner + outer);
    if (mid == inner || mid == outer) break;
    if (test.PValue(mid) < alpha) {
      outer = mid;
    } else {
      inner = mid;
    }
  }
  return 0.5 * (inner + outer);
}

}  // namespace

const char* ToString(WildWeightType w) {
  return w == WildWeightType::kWebb ? "webb" : "rademacher";
}

absl::StatusOr<WildBootstrapResult> WildClusterBootstrap(
    PanelInput input, const PanelModelOptions& model, const WildBootstrapOptions& options,
    const std::function<bool()>* should_stop) {
  if (options.replications < 1 || options.replications > kMaxReplications) {
    return absl::InvalidArgumentError(absl::StrCat(
        "variance.wild_bootstrap.replications: must be in [1, ", kMaxReplications, "], got ",
        options.replications));
  }
  if (!(options.level > 0 && options.level < 1)) {
    return absl::InvalidArgumentError("confidence_level: must be in (0, 1)");
  }
  if (absl::Status s = ValidatePanelInput(input, model); !s.ok()) return s;
  const PanelModelOptions o = ResolvePanelOptions(model, input);
  if (o.estimator != PanelEstimator::kPooledOls && o.estimator != PanelEstimator::kWithin) {
    return absl::InvalidArgumentError(absl::StrCat(
        "variance.wild_bootstrap: supported for POOLED_OLS and WITHIN, not ", ToString(o.estimator)));
  }
  WildBootstrapResult result;
  std::vector<DroppedRows> dropped;
  int64_t n = DropIncompleteRows(input, false, &dropped);
  TruncatePanelRows(input, n);

  const bool within = o.estimator == PanelEstimator::kWithin;
  const bool fe_entity = within && (o.fixed_effects == FixedEffectsKind::kEntity ||
                                    o.fixed_effects == FixedEffectsKind::kTwoWay);
  const bool fe_period = within && (o.fixed_effects == FixedEffectsKind::kPeriod ||
                                    o.fixed_effects == FixedEffectsKind::kTwoWay);
  auto make_factors = [&]() {
    std::vector<FactorCodes> f;
    if (fe_entity) f.push_back(RecodeFactor("entity", input.entity));
    if (fe_period) f.push_back(RecodeFactor("period", input.period));
    if (within) {
      for (size_t q = 0; q < input.absorb.size(); ++q) f.push_back(RecodeFactor(input.absorb_names[q], input.absorb[q]));
    }
    return f;
  };
  std::vector<FactorCodes> factors = make_factors();
  std::vector<const FactorCodes*> ptrs;
  for (const auto& f : factors) ptrs.push_back(&f);
  if (o.singletons == SingletonPolicy::kDrop && !ptrs.empty()) {
    int64_t count = 0;
    const std::vector<char> keep = SingletonKeepMask(ptrs, &count);
    if (count > 0) {
      n = CompactPanelRows(input, n, keep);
      TruncatePanelRows(input, n);
      factors = make_factors();
      ptrs.clear();
      for (const auto& f : factors) ptrs.push_back(&f);
    }
  }
  if (n == 0) return absl::FailedPreconditionError("no complete observations");

  // Cluster variable.
  std::vector<int> cluster_values = input.entity;
  result.cluster_by = "entity";
  if (o.variance.type == VarianceType::kCluster && !o.variance.cluster_by.empty()) {
    result.cluster_by = o.variance.cluster_by[0];
    if (result.cluster_by == "period") {
      cluster_values = input.period;
    } else if (result.cluster_by != "entity") {
      for (size_t q = 0; q < input.cluster_names.size(); ++q) {
        if (input.cluster_names[q] == result.cluster_by) cluster_values = input.clusters[q];
      }
    }
    if (o.variance.cluster_by.size() > 1) {
      result.notes.push_back(absl::StrCat("wild bootstrap clusters by '", result.cluster_by,
                                          "' only (first cluster variable)"));
    }
  }
  if (cluster_values.empty()) return absl::InvalidArgumentError("entity: required for the wild cluster bootstrap");
  const FactorCodes cluster = RecodeFactor("cluster", cluster_values);
  result.clusters = cluster.levels;
  if (cluster.levels < 2) return absl::FailedPreconditionError("wild cluster bootstrap needs at least two clusters");

  // Design after the fixed effects are partialled out.
  Eigen::MatrixXd x;
  std::vector<std::string> names;
  if (within) {
    x = std::move(input.x);
    names = input.x_names;
  } else {
    x.resize(n, input.x.cols() + 1);
    x.col(0).setOnes();
    x.rightCols(input.x.cols()) = input.x;
    names.push_back("(Intercept)");
    names.insert(names.end(), input.x_names.begin(), input.x_names.end());
  }
  Eigen::VectorXd y = std::move(input.y);
  Eigen::VectorXd reference(x.cols());
  for (Eigen::Index j = 0; j < x.cols(); ++j) reference[j] = x.col(j).squaredNorm();
  if (!ptrs.empty()) {
    std::vector<double*> columns;
    for (Eigen::Index j = 0; j < x.cols(); ++j) columns.push_back(x.col(j).data());
    columns.push_back(y.data());
    AbsorbOptions ao;
    ao.tolerance = o.fe_tolerance;
    ao.max_iterations = o.fe_max_iterations;
    ao.threads = std::max(1, o.threads);
    ao.should_stop = should_stop;
    absl::StatusOr<AbsorbReport> report = AbsorbFixedEffects(ptrs, columns, n, ao);
    if (!report.ok()) return report.status();
  }
  absl::StatusOr<RankRevealingInverse> inv =
      InvertGramRankRevealing(x.transpose() * x, reference, o.collinearity_tolerance);
  if (!inv.ok()) return inv.status();
  if (inv->kept.empty()) return absl::FailedPreconditionError("every regressor is collinear with the fixed effects");
  if (!inv->dropped.empty()) {
    std::vector<std::string> kept_names;
    for (int j : inv->kept) kept_names.push_back(names[j]);
    CompactColumns(inv->kept, x);
    names = kept_names;
  }

  const WildClusterProblem p = MakeWildClusterProblem(x, y, inv->inverse, cluster, ptrs);

  WildBootstrapOptions resolved_options = options;
  if (options.automatic_weights) {
    resolved_options.weights = p.clusters < 12 ? WildWeightType::kWebb : WildWeightType::kRademacher;
  }
  result.weights = resolved_options.weights;
  const bool enumerate = resolved_options.weights == WildWeightType::kRademacher &&
                         p.clusters < 31 && (int64_t{1} << p.clusters) <= options.replications;
  const WildWeightSource weights(resolved_options, p.clusters, enumerate);
  if (resolved_options.weights == WildWeightType::kRademacher && p.clusters < 12) {
    result.notes.push_back(absl::StrCat("Rademacher weights with ", p.clusters,
                                        " clusters have only 2^G distinct draws; Webb weights are "
                                        "recommended below 12 clusters"));
  }

  std::vector<int> slopes;
  for (int j = 0; j < p.k; ++j) {
    if (names[j] != "(Intercept)") slopes.push_back(j);
  }
  result.tests.resize(slopes.size());
  std::atomic<bool> cancelled{false};
  const std::function<bool()> stopped = [&] {
    if (!cancelled && should_stop != nullptr && *should_stop && (*should_stop)()) cancelled = true;
    return cancelled.load();
  };
  const double alpha = 1.0 - options.level;
  absl::Status status = RunReplicates(static_cast<int64_t>(slopes.size()), options.threads, should_stop,
                                      [&](int64_t s, int) {
    const int j = slopes[s];
    const WildSlopeTest test(p, j, weights);
    WildBootstrapTest& out = result.tests[s];
    out.name = names[j];
    out.estimate = test.estimate();
    out.replications = weights.replications();
    out.enumerated = enumerate;
    out.p_value = test.PValue(options.null_value);
    out.ci_lower = out.ci_upper = std::nan("");
    if (options.confidence_intervals) {
      out.ci_lower = InvertBound(test, alpha, -1, stopped);
      out.ci_upper = InvertBound(test, alpha, +1, stopped);
    }
  });
  if (!status.ok()) return status;
  if (cancelled) return absl::CancelledError("wild bootstrap cancelled");
  return result;
}

}  // namespace govmetrics::stats
