#include "common/stats/mediation_bootstrap.h"

#include <cmath>
#include <limits>

#include "common/stats/bootstrap_cross_products.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/fixed_effects_factor.h"
#include "common/stats/linear_solve.h"
#include "common/stats/random_streams.h"

namespace govmetrics::stats {

const char* ToString(ResampleUnit u) {
  return u == ResampleUnit::kEntityBlock ? "entity_block" : "observation";
}

void EvaluateIndirectEffects(const MediationSample& s, const std::vector<int>& rows,
                             const std::vector<int>& fe_entity, double* out) {
  const int k = s.n_mediators;
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (int j = 0; j <= k; ++j) out[j] = nan;
  const int m = static_cast<int>(rows.size());
  const Eigen::Index p = s.z.cols();
  Eigen::MatrixXd z(m, p);
  for (Eigen::Index c = 0; c < p; ++c) {
    const double* src = s.z.col(c).data();
    double* dst = z.col(c).data();
    for (int i = 0; i < m; ++i) dst[i] = src[rows[i]];
  }
  std::vector<FactorCodes> factors;
  if (s.absorb_entity) factors.push_back(RecodeFactor("entity", fe_entity));
  if (s.absorb_period) {
    std::vector<int> period(m);
    for (int i = 0; i < m; ++i) period[i] = s.period[rows[i]];
    factors.push_back(RecodeFactor("period", period));
  }
  for (const auto& label : s.absorb) {
    std::vector<int> codes(m);
    for (int i = 0; i < m; ++i) codes[i] = label[rows[i]];
    factors.push_back(RecodeFactor("absorb", codes));
  }
  AbsorbSpec spec;
  for (const auto& f : factors) spec.factors.push_back(&f);
  spec.center = s.intercept_only;
  Eigen::MatrixXd cross;
  Eigen::VectorXd raw;
  if (!AbsorbedCrossProducts(z, spec, &cross, &raw).ok()) return;

  const int outcome = static_cast<int>(p) - 1;
  std::vector<int> a_regressors = {0};
  for (int c = 0; c < s.n_controls; ++c) a_regressors.push_back(1 + k + c);
  Eigen::VectorXd slopes;
  std::vector<double> b(k, nan);
  if (s.parallel) {
    std::vector<int> regs = {0};
    for (int j = 0; j < k; ++j) regs.push_back(1 + j);
    for (int c = 0; c < s.n_controls; ++c) regs.push_back(1 + k + c);
    if (SolveFromCrossProducts(cross, outcome, regs, raw, kDefaultCollinearityTolerance, &slopes)) {
      for (int j = 0; j < k; ++j) b[j] = slopes[1 + j];
    }
  }
  double total = 0.0;
  for (int j = 0; j < k; ++j) {
    if (!SolveFromCrossProducts(cross, 1 + j, a_regressors, raw, kDefaultCollinearityTolerance,
                                &slopes)) {
      total = nan;
      continue;
    }
    const double a = slopes[0];
    if (!s.parallel) {
      std::vector<int> regs = {0, 1 + j};
      for (int c = 0; c < s.n_controls; ++c) regs.push_back(1 + k + c);
      if (SolveFromCrossProducts(cross, outcome, regs, raw, kDefaultCollinearityTolerance,
                                 &slopes)) {
        b[j] = slopes[1];
      }
    }
    out[j] = a * b[j];
    total += out[j];
  }
  out[k] = total;
}

absl::StatusOr<MediationResampling> ResampleIndirectEffects(
    const MediationSample& s, const MediationResamplingOptions& options,
    const std::function<bool()>* should_stop) {
  const int k = s.n_mediators;
  const int n = static_cast<int>(s.z.rows());
  const int g = s.n_entities;
  std::vector<std::vector<int>> rows_of(g);
  for (int i = 0; i < n; ++i) rows_of[s.entity[i]].push_back(i);

  MediationResampling out;
  const int64_t reps = options.replications;
  out.replicates.assign(k + 1, std::vector<double>(reps));
  out.failures.assign(k + 1, 0);

  absl::Status status = RunReplicates(reps, options.threads, should_stop, [&](int64_t r, int) {
    ReplicateStream rng(options.seed, StreamPurpose::kMediationBootstrap, static_cast<uint64_t>(r));
    std::vector<int> rows, ids;
    if (options.unit == ResampleUnit::kEntityBlock) {
      rows.reserve(n);
      ids.reserve(n);
      for (int j = 0; j < g; ++j) {
        const int e = static_cast<int>(rng.Index(g));
        for (int row : rows_of[e]) {
          rows.push_back(row);
          ids.push_back(j);
        }
      }
    } else {
      rows.resize(n);
      ids.resize(n);
      for (int i = 0; i < n; ++i) {
        rows[i] = static_cast<int>(rng.Index(n));
        ids[i] = s.entity[rows[i]];
      }
    }
    std::vector<double> stats(k + 1);
    EvaluateIndirectEffects(s, rows, ids, stats.data());
    for (int j = 0; j <= k; ++j) out.replicates[j][r] = stats[j];
  });
  if (!status.ok()) return status;
  for (int j = 0; j <= k; ++j) {
    for (double v : out.replicates[j]) out.failures[j] += !std::isfinite(v);
  }

  if (options.jackknife) {
    const int units = options.unit == ResampleUnit::kEntityBlock ? g : n;
    out.jackknife.assign(k + 1, std::vector<double>(units));
    status = RunReplicates(units, options.threads, should_stop, [&](int64_t u, int) {
      std::vector<int> rows, ids;
      rows.reserve(n);
      for (int i = 0; i < n; ++i) {
        const bool left_out = options.unit == ResampleUnit::kEntityBlock ? s.entity[i] == u : i == u;
        if (left_out) continue;
        rows.push_back(i);
        ids.push_back(s.entity[i]);
      }
      std::vector<double> stats(k + 1);
      EvaluateIndirectEffects(s, rows, ids, stats.data());
      for (int j = 0; j <= k; ++j) out.jackknife[j][u] = stats[j];
    });
    if (!status.ok()) return status;
    // A failed leave-one-out fit carries no information on skewness: drop it.
    for (auto& values : out.jackknife) {
      std::vector<double> kept;
      for (double v : values) {
        if (std::isfinite(v)) kept.push_back(v);
      }
      values.swap(kept);
    }
  }
  return out;
}

}  // namespace govmetrics::stats
