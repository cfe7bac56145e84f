#include "common/stats/variance_estimators.h"

#include <algorithm>
#include <cmath>
#include <optional>

#include "Eigen/Dense"
#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "common/stats/panel/variance_registry.h"
#include "common/stats/panel_parallel.h"
#include "common/stats/score_sums_by_rows.h"

namespace govmetrics::stats {
namespace {

constexpr int64_t kBlockRows = 2048;

Eigen::MatrixXd Sandwich(const Eigen::MatrixXd& bread, const Eigen::MatrixXd& meat) {
  Eigen::MatrixXd v = bread * meat * bread;
  return 0.5 * (v + v.transpose());  // exact symmetry for downstream solves
}

}  // namespace

Eigen::VectorXd Leverages(const Eigen::Ref<const Eigen::MatrixXd>& x,
                          const Eigen::MatrixXd& bread, int threads) {
  const int64_t n = x.rows();
  Eigen::VectorXd h(n);
  ParallelChunks(n, EffectiveThreads(n * x.cols(), threads),
                 [&](int, int64_t begin, int64_t end) {
                   for (int64_t b = begin; b < end; b += kBlockRows) {
                     const int64_t len = std::min(kBlockRows, end - b);
                     const Eigen::MatrixXd xb = x.middleRows(b, len) * bread;
                     h.segment(b, len) =
                         xb.cwiseProduct(x.middleRows(b, len)).rowwise().sum();
                   }
                 });
  return h;
}

Eigen::MatrixXd HeteroskedasticMeat(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                    const Eigen::Ref<const Eigen::VectorXd>& resid,
                                    const Eigen::VectorXd& weights, int threads) {
  const int64_t n = x.rows();
  const int64_t k = x.cols();
  const int chunks = EffectiveThreads(n * k, threads);
  std::vector<Eigen::MatrixXd> parts(chunks, Eigen::MatrixXd::Zero(k, k));
  ParallelChunks(n, chunks, [&](int c, int64_t begin, int64_t end) {
    Eigen::MatrixXd scores;
    for (int64_t b = begin; b < end; b += kBlockRows) {
      const int64_t len = std::min(kBlockRows, end - b);
      Eigen::VectorXd s = resid.segment(b, len);
      if (weights.size() == n) s = s.cwiseProduct(weights.segment(b, len).cwiseSqrt());
      scores = x.middleRows(b, len).array().colwise() * s.array();
      parts[c].selfadjointView<Eigen::Lower>().rankUpdate(scores.transpose());
    }
  });
  Eigen::MatrixXd meat = parts[0];
  for (int c = 1; c < chunks; ++c) meat += parts[c];
  meat.triangularView<Eigen::StrictlyUpper>() = meat.transpose();
  return meat;
}

Eigen::MatrixXd ScoreSums(const Eigen::Ref<const Eigen::MatrixXd>& x,
                          const Eigen::Ref<const Eigen::VectorXd>& resid,
                          const FactorCodes& group, int threads) {
  const int64_t n = x.rows();
  const int k = static_cast<int>(x.cols());
  // Over rows when the levels' rows are together (a panel sorted by the level): every
  // thread busy to the end (score_sums_by_rows.h).
  if (const int parts = EffectiveThreads(n * k, threads); parts > 1) {
    if (std::optional<Eigen::MatrixXd> by_rows = ScoreSumsByRows(x, resid, group, parts)) {
      return *std::move(by_rows);
    }
  }
  Eigen::MatrixXd sums = Eigen::MatrixXd::Zero(group.levels, k);
  const int* code = group.codes.data();
  const double* e = resid.data();
  // Parallel over columns: each thread owns whole columns of `sums`.
  const int chunks = std::min<int>(k, EffectiveThreads(n * k, threads));
  ParallelChunks(k, std::max(1, chunks), [&](int, int64_t begin, int64_t end) {
    for (int64_t j = begin; j < end; ++j) {
      double* s = sums.col(j).data();
      const auto col = x.col(j);
      for (int64_t i = 0; i < n; ++i) s[code[i]] += col[i] * e[i];
    }
  });
  return sums;
}

Eigen::MatrixXd DriscollKraayMeat(const Eigen::MatrixXd& period_sums, int max_lag) {
  const int64_t t = period_sums.rows();
  Eigen::MatrixXd meat = period_sums.transpose() * period_sums;
  for (int l = 1; l <= max_lag && l < t; ++l) {
    const double w = 1.0 - static_cast<double>(l) / (max_lag + 1.0);
    const Eigen::MatrixXd s = period_sums.bottomRows(t - l).transpose() *
                              period_sums.topRows(t - l);
    meat += w * (s + s.transpose());
  }
  return meat;
}

absl::Status IidCovariance(const Eigen::Ref<const Eigen::MatrixXd>& /*x*/,
                           const Eigen::Ref<const Eigen::VectorXd>& /*resid*/,
                           const Eigen::MatrixXd& bread, const VarianceContext& ctx,
                           SmallSampleInputs& ss, VarianceResult* out) {
  out->adjustment = ResolveSmallSample(ss);
  const double s2 =
      ctx.df_resid > 0 ? ctx.ssr / ctx.df_resid : std::numeric_limits<double>::quiet_NaN();
  out->covariance = s2 * bread;
  return absl::OkStatus();
}

absl::Status HeteroskedasticCovariance(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                       const Eigen::Ref<const Eigen::VectorXd>& resid,
                                       const Eigen::MatrixXd& bread, const VarianceContext& ctx,
                                       SmallSampleInputs& ss, VarianceResult* out) {
  const VarianceType type = ctx.options.type;
  out->adjustment = ResolveSmallSample(ss);
  Eigen::VectorXd w;
  if (type == VarianceType::kHc2 || type == VarianceType::kHc3) {
    Eigen::VectorXd h = Leverages(x, bread, ctx.threads);
    if (ctx.absorbed_leverage.size() == x.rows()) h += ctx.absorbed_leverage;
    if ((h.array() >= 1.0 - 1e-10).any()) {
      return absl::FailedPreconditionError(
          "HC2/HC3 undefined: an observation has leverage 1 (a singleton "
          "in a fixed-effect level or a dummy for one row)");
    }
    w = (1.0 - h.array()).inverse();
    if (type == VarianceType::kHc3) w = w.cwiseProduct(w);
  }
  out->covariance = out->adjustment.term_factors[0] *
                    Sandwich(bread, HeteroskedasticMeat(x, resid, w, ctx.threads));
  return absl::OkStatus();
}

absl::Status ClusterCovariance(const Eigen::Ref<const Eigen::MatrixXd>& x,
                               const Eigen::Ref<const Eigen::VectorXd>& resid,
                               const Eigen::MatrixXd& bread, const VarianceContext& ctx,
                               SmallSampleInputs& ss, VarianceResult* out) {
  if (ctx.clusters.empty() || ctx.clusters.size() > 2) {
    return absl::InvalidArgumentError("clustering needs one or two cluster variables");
  }
  for (const FactorCodes* c : ctx.clusters) out->cluster_counts.push_back(c->levels);
  FactorCodes both;
  if (ctx.clusters.size() == 2) {
    both = IntersectFactors(*ctx.clusters[0], *ctx.clusters[1]);
    out->cluster_counts.push_back(both.levels);
  }
  ss.cluster_counts = out->cluster_counts;
  out->adjustment = ResolveSmallSample(ss);
  auto term = [&](const FactorCodes& g) {
    const Eigen::MatrixXd s = ScoreSums(x, resid, g, ctx.threads);
    return Sandwich(bread, s.transpose() * s);
  };
  Eigen::MatrixXd v = out->adjustment.term_factors[0] * term(*ctx.clusters[0]);
  if (ctx.clusters.size() == 2) {
    v += out->adjustment.term_factors[1] * term(*ctx.clusters[1]);
    // When the intersection is the observation itself (a panel with
    // unique entity-period pairs) its score sums are the HC0 meat.
    const Eigen::MatrixXd v12 =
        both.levels == x.rows()
            ? Sandwich(bread, HeteroskedasticMeat(x, resid, Eigen::VectorXd(), ctx.threads))
            : term(both);
    v -= out->adjustment.term_factors[2] * v12;
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(v, Eigen::EigenvaluesOnly);
    out->positive_semidefinite =
        eig.eigenvalues().minCoeff() >= -1e-12 * eig.eigenvalues().cwiseAbs().maxCoeff();
  }
  out->covariance = std::move(v);
  return absl::OkStatus();
}

absl::Status DriscollKraayCovariance(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                     const Eigen::Ref<const Eigen::VectorXd>& resid,
                                     const Eigen::MatrixXd& bread, const VarianceContext& ctx,
                                     SmallSampleInputs& ss, VarianceResult* out) {
  if (ctx.period == nullptr) {
    return absl::InvalidArgumentError("Driscoll-Kraay needs the period variable");
  }
  ss.n_periods = ctx.period->levels;
  out->adjustment = ResolveSmallSample(ss);
  int lag = ctx.options.max_lag;
  if (lag <= 0) {
    lag = static_cast<int>(
        std::floor(std::pow(static_cast<double>(ctx.max_periods_per_entity), 0.25)));
  }
  out->max_lag = lag;
  const Eigen::MatrixXd h = ScoreSums(x, resid, *ctx.period, ctx.threads);
  out->covariance = out->adjustment.term_factors[0] * Sandwich(bread, DriscollKraayMeat(h, lag));
  return absl::OkStatus();
}

absl::StatusOr<VarianceResult> ComputeCoefficientVariance(
    const Eigen::Ref<const Eigen::MatrixXd>& x,
    const Eigen::Ref<const Eigen::VectorXd>& resid, const Eigen::MatrixXd& bread,
    const VarianceContext& ctx) {
  SmallSampleInputs ss;
  ss.type = ctx.options.type;
  ss.convention = ctx.options.small_sample;
  ss.distribution = ctx.options.distribution;
  ss.n = x.rows();
  ss.k = ctx.k;
  ss.df_absorbed = ctx.df_absorbed;
  ss.df_absorbed_nested = ctx.df_absorbed_nested;
  ss.df_resid = ctx.df_resid;
  VarianceResult out;
  absl::Status s = GetVariance(ctx.options.type).covariance(x, resid, bread, ctx, ss, &out);
  if (!s.ok()) return s;
  return out;
}

}  // namespace govmetrics::stats
