#include "common/stats/index_composite.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <utility>

#include "absl/strings/str_format.h"
#include "common/stats/index_normalization.h"
#include "common/stats/index_pooling.h"
#include "common/stats/index_work_buffer.h"
#include "common/stats/weighting_coefficient_of_variation.h"
#include "common/stats/weighting_critic.h"
#include "common/stats/weighting_entropy.h"
#include "common/stats/weighting_moments.h"
#include "common/stats/weighting_result.h"

namespace govmetrics::stats {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool UsesEntropy(WeightingMethod m) {
  return m == WeightingMethod::kEntropy || m == WeightingMethod::kEntropyTopsis;
}

std::string PoolSuffix(Pooling pooling, const PoolBlock& pool) {
  switch (pooling) {
    case Pooling::kPerPeriod:
      return absl::StrFormat(" (period %d)", pool.period);
    case Pooling::kBasePeriod:
      return absl::StrFormat(" (base period %d)", pool.period);
    case Pooling::kPooled:
      break;
  }
  return "";
}

// What a weighting method needs to know about the columns of one pool.
struct PoolStats {
  Eigen::VectorXd entropy;  // entropy-based methods
  Eigen::VectorXd sd;       // CRITIC: sd of the normalised values
  Eigen::MatrixXd corr;     // CRITIC
  Eigen::VectorXd cv;       // coefficient of variation of the RAW values
};

// `z` is a normalised block (rows of one pool); `bounds` / `dirs` give the affine map back
// to raw values (raw = min + range z, or max - range z), which is how the coefficient of
// variation is computed on raw data after the raw values were overwritten in place.
absl::StatusOr<PoolStats> ComputePoolStats(const Eigen::Ref<const Eigen::MatrixXd>& z,
                                           const std::vector<MinMaxBounds>& bounds,
                                           const std::vector<Direction>& dirs,
                                           const std::vector<std::string>& names,
                                           const IndexOptions& o, const std::string& suffix) {
  PoolStats st;
  const Eigen::Index m = z.cols();
  if (UsesEntropy(o.method)) {
    st.entropy.resize(m);
    for (Eigen::Index j = 0; j < m; ++j) st.entropy[j] = ColumnEntropy(z.col(j), o.shift);
  } else if (o.method == WeightingMethod::kCritic) {
    ColumnMoments mom = ComputeColumnMoments(z);
    st.corr = PearsonCorrelation(z, mom.mean);
    st.sd = std::move(mom.sd);
  } else if (o.method == WeightingMethod::kCoefficientOfVariation) {
    const ColumnMoments mom = ComputeColumnMoments(z);
    st.cv.resize(m);
    for (Eigen::Index j = 0; j < m; ++j) {
      const MinMaxBounds& b = bounds[j];
      const double raw_mean = dirs[j] == Direction::kPositive ? b.min + b.range() * mom.mean[j]
                                                              : b.max - b.range() * mom.mean[j];
      absl::StatusOr<double> cv =
          CoefficientOfVariation(raw_mean, b.range() * mom.sd[j], b.min, names[j] + suffix);
      if (!cv.ok()) return cv.status();
      st.cv[j] = *cv;
    }
  }
  return st;
}

// Weights of the columns `cols` of a pool, as one group.
absl::StatusOr<WeightingResult> WeighGroup(WeightingMethod method, const std::vector<int>& cols,
                                           const PoolStats& st, const std::string& group) {
  const int g = static_cast<int>(cols.size());
  WeightingResult r;
  r.entropy = Eigen::VectorXd::Constant(g, kNaN);
  r.divergence = Eigen::VectorXd::Constant(g, kNaN);
  absl::StatusOr<Eigen::VectorXd> w;
  switch (method) {
    case WeightingMethod::kEntropy:
    case WeightingMethod::kEntropyTopsis:
      for (int i = 0; i < g; ++i) {
        r.entropy[i] = st.entropy[cols[i]];
        r.divergence[i] = 1.0 - r.entropy[i];
      }
      w = NormalizeInformation(r.divergence, group);
      break;
    case WeightingMethod::kCritic: {
      Eigen::VectorXd sd(g);
      Eigen::MatrixXd corr(g, g);
      for (int a = 0; a < g; ++a) {
        sd[a] = st.sd[cols[a]];
        for (int b = 0; b < g; ++b) corr(a, b) = st.corr(cols[a], cols[b]);
      }
      r.divergence = CriticInformation(sd, corr);
      w = CriticWeightsFromInformation(r.divergence, group);
      break;
    }
    case WeightingMethod::kCoefficientOfVariation:
      for (int i = 0; i < g; ++i) r.divergence[i] = st.cv[cols[i]];
      w = NormalizeInformation(r.divergence, group);
      break;
    case WeightingMethod::kEqual:
      w = Eigen::VectorXd::Constant(g, 1.0 / g);
      break;
  }
  if (!w.ok()) return w.status();
  r.weight = *std::move(w);
  return r;
}

// dst[input row of w] += c * src[w] for working rows w in [start, start + len).
void AddScaled(const double* src, double c, int start, int len, const PoolLayout& layout,
               double* dst) {
  if (c == 0.0) return;
  if (layout.identity()) {
    Eigen::Map<Eigen::VectorXd>(dst + start, len) +=
        c * Eigen::Map<const Eigen::VectorXd>(src + start, len);
  } else {
    const int* rows = layout.input_rows.data();
    for (int w = start; w < start + len; ++w) dst[rows[w]] += c * src[w];
  }
}

// `col` holds the column in working-row order.
absl::Status NonFiniteError(const double* col, const PoolLayout& layout, const std::string& name,
                            MissingPolicy policy) {
  int row = std::numeric_limits<int>::max();
  bool is_nan = false;
  for (int w = 0; w < layout.n; ++w) {
    const double v = col[w];
    if (!std::isfinite(v) && layout.InputRow(w) < row) {
      row = layout.InputRow(w);
      is_nan = std::isnan(v);
    }
  }
  if (is_nan) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "indicator '%s' is missing (NaN) at row %d and missing_policy is %s; choose LISTWISE "
        "or INTERPOLATE_WITHIN_ENTITY to drop or fill missing values",
        name, row, MissingPolicyName(policy)));
  }
  return absl::InvalidArgumentError(
      absl::StrFormat("indicator '%s' has an infinite value at row %d", name, row));
}

}  // namespace

absl::StatusOr<IndexResult> ComputeCompositeIndex(const IndexInput& in, const IndexOptions& o) {
  if (absl::Status s = ValidateIndexOptions(o); !s.ok()) return s;
  const int m = in.columns.cols();
  const int rows = in.columns.rows();
  if (m == 0) return absl::InvalidArgumentError("an index needs at least one indicator");
  if (static_cast<int>(in.indicators.size()) != m) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%d indicator specs for %d indicator columns", in.indicators.size(), m));
  }
  if (!in.entity.empty() && static_cast<int>(in.entity.size()) != rows) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%d entity codes for %d rows", in.entity.size(), rows));
  }
  if (!in.period.empty() && static_cast<int>(in.period.size()) != rows) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%d periods for %d rows", in.period.size(), rows));
  }

  // Names, directions and dimensions.
  std::vector<std::string> names(m);
  std::vector<Direction> dirs(m);
  int max_dim = -1;
  for (int j = 0; j < m; ++j) {
    const IndicatorSpec& spec = in.indicators[j];
    names[j] = spec.name.empty() ? absl::StrFormat("indicator %d", j) : spec.name;
    dirs[j] = spec.direction;
    if (spec.direction != Direction::kPositive && spec.direction != Direction::kNegative) {
      return absl::InvalidArgumentError(absl::StrFormat("indicator '%s': bad direction", names[j]));
    }
    if (spec.dimension < 0) {
      return absl::InvalidArgumentError(
          absl::StrFormat("indicator '%s': negative dimension index", names[j]));
    }
    max_dim = std::max(max_dim, spec.dimension);
  }
  std::vector<std::string> dim_names = in.dimension_names;
  if (dim_names.empty()) {
    for (int k = 0; k <= max_dim; ++k) dim_names.push_back(absl::StrFormat("dimension %d", k));
  }
  const int K = static_cast<int>(dim_names.size());
  std::vector<std::vector<int>> dim_cols(K);
  for (int j = 0; j < m; ++j) {
    if (in.indicators[j].dimension >= K) {
      return absl::InvalidArgumentError(
          absl::StrFormat("indicator '%s': dimension index %d but only %d dimensions", names[j],
                          in.indicators[j].dimension, K));
    }
    dim_cols[in.indicators[j].dimension].push_back(j);
  }
  for (int k = 0; k < K; ++k) {
    if (dim_cols[k].empty()) {
      return absl::InvalidArgumentError(
          absl::StrFormat("dimension '%s' has no indicators", dim_names[k]));
    }
  }
  std::vector<int> all_cols(m);
  std::iota(all_cols.begin(), all_cols.end(), 0);

  // Rows and pools.
  absl::StatusOr<RowPlan> plan =
      PlanRows(in.columns, names, o.missing_policy, in.entity, in.period);
  if (!plan.ok()) return plan.status();
  absl::StatusOr<PoolLayout> layout_or =
      BuildPoolLayout(*plan, rows, o.pooling, o.base_period, in.period);
  if (!layout_or.ok()) return layout_or.status();
  const PoolLayout& layout = *layout_or;
  const int n = layout.n;
  const int P = static_cast<int>(layout.pools.size());
  if (n < 2) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "%d row(s) left after handling missing values; an index needs at least 2", n));
  }
  for (const PoolBlock& pool : layout.pools) {
    if (pool.len < 2) {
      return absl::FailedPreconditionError(
          absl::StrFormat("%d row(s)%s; weights need at least 2 rows per pool (k = 1/ln n)",
                          pool.len, PoolSuffix(o.pooling, pool)));
    }
  }

  // The working matrix, in pool order. With the identity layout (pooled, nothing dropped)
  // the raw column is normalised straight into it; otherwise it is gathered first and
  // normalised in place. Either way one matrix, no per-step copies.
  std::vector<int> work_row_of;
  if (!plan->interpolated.empty()) {
    work_row_of.assign(rows, -1);
    for (int w = 0; w < n; ++w) work_row_of[layout.InputRow(w)] = w;
  }
  const bool direct = layout.identity() && plan->interpolated.empty();
  WorkBuffer buffer(n, m);
  if (!buffer.ok()) {
    return absl::ResourceExhaustedError(
        absl::StrFormat("cannot allocate the %d x %d working matrix", n, m));
  }
  Eigen::Map<Eigen::MatrixXd> work = buffer.matrix();
  std::vector<std::vector<MinMaxBounds>> bounds(P, std::vector<MinMaxBounds>(m));
  const bool one_pool_all_rows = P == 1 && layout.pools[0].len == n;
  size_t cell = 0;
  for (int j = 0; j < m; ++j) {
    double* w = work.col(j).data();
    const double* src = w;
    if (direct) {
      src = in.columns.data(j);
    } else {
      const double* x = in.columns.data(j);
      if (layout.identity()) {
        std::copy(x, x + n, w);
      } else {
        const int* from = layout.input_rows.data();
        for (int r = 0; r < n; ++r) w[r] = x[from[r]];
      }
      for (; cell < plan->interpolated.size() && plan->interpolated[cell].indicator == j; ++cell) {
        w[work_row_of[plan->interpolated[cell].row]] = plan->interpolated[cell].value;
      }
    }
    // NaN-propagating min/max double as the finiteness check (one pass fewer).
    const Eigen::Map<const Eigen::VectorXd> col(src, n);
    const double lo = col.minCoeff<Eigen::PropagateNaN>();
    const double hi = col.maxCoeff<Eigen::PropagateNaN>();
    if (!std::isfinite(lo) || !std::isfinite(hi)) {
      return NonFiniteError(src, layout, names[j], o.missing_policy);
    }
    for (int p = 0; p < P; ++p) {
      const PoolBlock& pool = layout.pools[p];
      if (one_pool_all_rows) {
        if (!(hi > lo)) {
          return ComputeBounds(col, names[j] + PoolSuffix(o.pooling, pool)).status();
        }
        bounds[p][j] = {lo, hi};
        continue;
      }
      absl::StatusOr<MinMaxBounds> b =
          ComputeBounds(col.segment(pool.start, pool.len), names[j] + PoolSuffix(o.pooling, pool));
      if (!b.ok()) return b.status();
      bounds[p][j] = *b;
    }
    for (const ScoreSegment& seg : layout.segments) {
      NormalizeInto(src + seg.start, w + seg.start, seg.len, bounds[seg.pool][j], dirs[j]);
    }
  }

  // First level: indicator weights per pool.
  const bool flat_like = o.hierarchy != Hierarchy::kEntropyOnDimensionScores;
  std::vector<Eigen::VectorXd> entropy(P), divergence(P), global(P), within(P), coef(P);
  std::vector<Eigen::VectorXd> dim_weight(P), dim_entropy(P), dim_divergence(P);
  for (int p = 0; p < P; ++p) {
    const PoolBlock& pool = layout.pools[p];
    const std::string suffix = PoolSuffix(o.pooling, pool);
    absl::StatusOr<PoolStats> st =
        ComputePoolStats(work.middleRows(pool.start, pool.len), bounds[p], dirs, names, o, suffix);
    if (!st.ok()) return st.status();
    entropy[p].resize(m);
    divergence[p].resize(m);
    within[p].resize(m);
    dim_entropy[p] = Eigen::VectorXd::Constant(K, kNaN);
    dim_divergence[p] = Eigen::VectorXd::Constant(K, kNaN);
    if (flat_like) {
      absl::StatusOr<WeightingResult> r =
          WeighGroup(o.method, all_cols, *st, "all indicators" + suffix);
      if (!r.ok()) return r.status();
      entropy[p] = r->entropy;
      divergence[p] = r->divergence;
      global[p] = r->weight;
      dim_weight[p] = Eigen::VectorXd::Zero(K);
      for (int j = 0; j < m; ++j) dim_weight[p][in.indicators[j].dimension] += global[p][j];
      for (int j = 0; j < m; ++j) {
        const int k = in.indicators[j].dimension;
        if (dim_weight[p][k] > 0.0) {
          within[p][j] = global[p][j] / dim_weight[p][k];
        } else if (o.hierarchy == Hierarchy::kSummedDivergence) {
          return absl::FailedPreconditionError(absl::StrFormat(
              "dimension '%s'%s has weight 0 (its indicators carry no information); its "
              "within-dimension score is undefined",
              dim_names[k], suffix));
        } else {
          within[p][j] = kNaN;
        }
      }
      coef[p] = o.hierarchy == Hierarchy::kFlat ? global[p] : within[p];
    } else {
      for (int k = 0; k < K; ++k) {
        absl::StatusOr<WeightingResult> r =
            WeighGroup(o.method, dim_cols[k], *st, "dimension '" + dim_names[k] + "'" + suffix);
        if (!r.ok()) return r.status();
        for (size_t i = 0; i < dim_cols[k].size(); ++i) {
          const int j = dim_cols[k][i];
          entropy[p][j] = r->entropy[i];
          divergence[p][j] = r->divergence[i];
          within[p][j] = r->weight[i];
        }
      }
      coef[p] = within[p];
    }
  }

  IndexResult result;
  result.options = o;
  result.dimension_names = dim_names;
  result.rows_used = n;
  result.dropped_rows = plan->dropped;
  result.interpolated_cells = plan->interpolated;
  result.composite = Eigen::VectorXd::Zero(rows);
  result.dimension_scores = Eigen::MatrixXd::Zero(rows, K);

  // Dimension scores: one axpy per indicator over each segment.
  // Dimension by dimension, so the output column being accumulated stays in cache.
  for (const ScoreSegment& seg : layout.segments) {
    for (int k = 0; k < K; ++k) {
      for (int j : dim_cols[k]) {
        AddScaled(work.col(j).data(), coef[seg.pool][j], seg.start, seg.len, layout,
                  result.dimension_scores.col(k).data());
      }
    }
  }

  // Second level for kEntropyOnDimensionScores: the method again on the dimension scores
  // of each pool, as positive indicators min-max normalised over the pool.
  if (!flat_like) {
    const std::vector<Direction> dim_dirs(K, Direction::kPositive);
    std::vector<int> all_dims(K);
    std::iota(all_dims.begin(), all_dims.end(), 0);
    for (int p = 0; p < P; ++p) {
      const PoolBlock& pool = layout.pools[p];
      const std::string suffix = PoolSuffix(o.pooling, pool);
      if (K == 1) {
        dim_weight[p] = Eigen::VectorXd::Ones(1);
      } else {
        Eigen::MatrixXd s(pool.len, K);
        if (layout.identity()) {
          s = result.dimension_scores.middleRows(pool.start, pool.len);
        } else {
          for (int k = 0; k < K; ++k) {
            const double* d = result.dimension_scores.col(k).data();
            for (int r = 0; r < pool.len; ++r) s(r, k) = d[layout.InputRow(pool.start + r)];
          }
        }
        std::vector<MinMaxBounds> sb(K);
        for (int k = 0; k < K; ++k) {
          absl::StatusOr<MinMaxBounds> b =
              ComputeBounds(s.col(k), "dimension score '" + dim_names[k] + "'" + suffix);
          if (!b.ok()) return b.status();
          sb[k] = *b;
          NormalizeInPlace(s.col(k), sb[k], Direction::kPositive);
        }
        std::vector<std::string> score_names(K);
        for (int k = 0; k < K; ++k) score_names[k] = "dimension score '" + dim_names[k] + "'";
        absl::StatusOr<PoolStats> st = ComputePoolStats(s, sb, dim_dirs, score_names, o, suffix);
        if (!st.ok()) return st.status();
        absl::StatusOr<WeightingResult> r =
            WeighGroup(o.method, all_dims, *st, "dimension scores" + suffix);
        if (!r.ok()) return r.status();
        dim_weight[p] = r->weight;
        dim_entropy[p] = r->entropy;
        dim_divergence[p] = r->divergence;
      }
      global[p].resize(m);
      for (int j = 0; j < m; ++j) {
        global[p][j] = dim_weight[p][in.indicators[j].dimension] * within[p][j];
      }
    }
  }

  // Composite.
  if (o.method == WeightingMethod::kEntropyTopsis) {
    result.topsis_distance_best = Eigen::VectorXd::Zero(rows);
    result.topsis_distance_worst = Eigen::VectorXd::Zero(rows);
    for (const ScoreSegment& seg : layout.segments) {
      for (int j = 0; j < m; ++j) {
        const double g = global[seg.pool][j];
        const double* z = work.col(j).data();
        for (int w = seg.start; w < seg.start + seg.len; ++w) {
          const int row = layout.InputRow(w);
          const double best = g * (1.0 - z[w]);
          const double worst = g * z[w];
          result.topsis_distance_best[row] += best * best;
          result.topsis_distance_worst[row] += worst * worst;
        }
      }
    }
    result.topsis_distance_best = result.topsis_distance_best.cwiseSqrt();
    result.topsis_distance_worst = result.topsis_distance_worst.cwiseSqrt();
    result.composite =
        (result.topsis_distance_worst.array() /
         (result.topsis_distance_best.array() + result.topsis_distance_worst.array()))
            .matrix();
  } else {
    for (const ScoreSegment& seg : layout.segments) {
      for (int k = 0; k < K; ++k) {
        const double mult = o.hierarchy == Hierarchy::kFlat ? 1.0 : dim_weight[seg.pool][k];
        if (layout.identity()) {
          result.composite.segment(seg.start, seg.len) +=
              mult * result.dimension_scores.col(k).segment(seg.start, seg.len);
        } else {
          for (int w = seg.start; w < seg.start + seg.len; ++w) {
            const int row = layout.InputRow(w);
            result.composite[row] += mult * result.dimension_scores(row, k);
          }
        }
      }
    }
  }
  if (o.score_scale != 1.0) {
    result.composite *= o.score_scale;
    result.dimension_scores *= o.score_scale;
  }
  for (const DroppedRow& d : plan->dropped) {
    result.composite[d.row] = kNaN;
    result.dimension_scores.row(d.row).setConstant(kNaN);
    if (result.topsis_distance_best.size() > 0) {
      result.topsis_distance_best[d.row] = kNaN;
      result.topsis_distance_worst[d.row] = kNaN;
    }
  }

  // Weights, pool-major.
  result.weights.reserve(static_cast<size_t>(P) * m);
  for (int p = 0; p < P; ++p) {
    const int32_t period = o.pooling == Pooling::kPerPeriod ? layout.pools[p].period : 0;
    for (int j = 0; j < m; ++j) {
      result.weights.push_back({j, period, entropy[p][j], divergence[p][j], global[p][j],
                                within[p][j], bounds[p][j].min, bounds[p][j].max});
    }
    for (int k = 0; k < K; ++k) {
      result.dimension_weights.push_back(
          {k, period, dim_weight[p][k], dim_entropy[p][k], dim_divergence[p][k]});
    }
  }
  return result;
}

}  // namespace govmetrics::stats
