#include "common/stats/wild_cluster_bootstrap.h"

#include <atomic>
#include <cmath>
#include <limits>
#include <utility>

#include "Eigen/Cholesky"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/bootstrap_panel_subset.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/fixed_effects_absorb.h"
#include "common/stats/fixed_effects_factor.h"
#include "common/stats/linear_solve.h"
#include "common/stats/panel_fit.h"
#include "common/stats/panel_sample.h"
#include "common/stats/random_streams.h"

namespace govmetrics::stats {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// Weight matrices up to this many entries are drawn once and stored; larger
// ones are regenerated per evaluation from the same streams.
constexpr int64_t kMaxStoredWeights = 20'000'000;

// The weights of replicate b: stored, or drawn from stream (seed, b), or the
// b-th Rademacher sign vector when enumerating.
class WeightSource {
 public:
  WeightSource(const WildBootstrapOptions& o, int clusters, bool enumerate)
      : options_(o), clusters_(clusters), enumerate_(enumerate) {
    replications_ = enumerate ? (int64_t{1} << clusters) : o.replications;
    if (!enumerate && replications_ * clusters <= kMaxStoredWeights) {
      stored_.resize(replications_ * clusters);
      for (int64_t b = 0; b < replications_; ++b) Draw(b, stored_.data() + b * clusters);
    }
  }
  int64_t replications() const { return replications_; }
  // Returns a pointer to the weights of replicate b (scratch used if needed).
  const double* Get(int64_t b, std::vector<double>* scratch) const {
    if (!stored_.empty()) return stored_.data() + b * clusters_;
    scratch->resize(clusters_);
    Draw(b, scratch->data());
    return scratch->data();
  }

 private:
  void Draw(int64_t b, double* v) const {
    if (enumerate_) {
      for (int g = 0; g < clusters_; ++g) v[g] = ((b >> g) & 1) ? 1.0 : -1.0;
      return;
    }
    ReplicateStream rng(options_.seed, StreamPurpose::kWildBootstrap, static_cast<uint64_t>(b));
    for (int g = 0; g < clusters_; ++g) {
      v[g] = options_.weights == WildWeightType::kWebb ? rng.Webb() : rng.Rademacher();
    }
  }

  const WildBootstrapOptions& options_;
  int clusters_;
  bool enumerate_;
  int64_t replications_ = 0;
  std::vector<double> stored_;
};

// The cluster-level sufficient statistics of the linear model.
struct ClusterProblem {
  int k = 0;
  int clusters = 0;
  Eigen::MatrixXd gram;               // X'X
  Eigen::MatrixXd bread;              // (X'X)^-1
  Eigen::VectorXd xy;                 // X'y
  Eigen::VectorXd beta;               // unrestricted estimate
  std::vector<Eigen::MatrixXd> a;     // X_g'X_g
  Eigen::MatrixXd xy_g;               // clusters x k: row g = (X_g'y_g)'
  // Fixed effects that are NOT nested in the clusters (e.g. period effects with
  // entity clusters) mix clusters when y* is demeaned: then the refit's scores
  // need the demeaned per-cluster pieces M(1_h u~) (see SlopeTest).
  bool crossed = false;
  const Eigen::MatrixXd* x = nullptr;          // demeaned design (n x k)
  const Eigen::VectorXd* y = nullptr;          // demeaned response
  const std::vector<int>* cluster = nullptr;   // cluster code per row
  std::vector<const FactorCodes*> factors;     // the absorbed fixed effects
};

// p-value machinery for one slope j.
class SlopeTest {
 public:
  SlopeTest(const ClusterProblem& p, int j, const WeightSource& w) : p_(p), j_(j), w_(w) {
    const int k = p.k, c = p.clusters;
    q_.resize(c, k);
    for (int g = 0; g < c; ++g) q_.row(g) = (p.a[g] * p.bread.col(j)).transpose();
    // Unrestricted CR0 standard error of b_j.
    double acc = 0.0;
    for (int g = 0; g < c; ++g) {
      const Eigen::VectorXd s = p.xy_g.row(g).transpose() - p.a[g] * p.beta;
      const double proj = p.bread.row(j).dot(s);
      acc += proj * proj;
    }
    se_ = std::sqrt(acc);
    for (int i = 0; i < k; ++i) {
      if (i != j) others_.push_back(i);
    }
    if (!others_.empty()) {
      Eigen::MatrixXd g_oo(others_.size(), others_.size());
      for (size_t r = 0; r < others_.size(); ++r) {
        for (size_t s = 0; s < others_.size(); ++s) g_oo(r, s) = p.gram(others_[r], others_[s]);
      }
      restricted_ = g_oo.ldlt();
    }
    if (p.crossed) PrepareCrossed();
  }

  // y* = y~ + v o u~ is built on the raw scale, so its demeaned version is
  // M(y~) + sum_h v_h M(1_h o u~), and when a fixed effect crosses the clusters
  // M(1_h o u~) is not zero outside cluster h. With u~(beta0) = u_y - beta0 u_x
  // (restricted residuals of y and of x_j on the other demeaned regressors):
  //   R_gh = B_j. X_g' M(1_h o u~)_g,  c_h = X_h' u~_h,
  //   s*_g (projected on B_j.) = sum_h v_h R_gh - q_g . delta,
  //   delta = B sum_h v_h c_h.
  // Exactly what a full LSDV refit of y* gives (checked against brute force).
  void PrepareCrossed() {
    const Eigen::MatrixXd& x = *p_.x;
    const int64_t n = x.rows();
    const int c = p_.clusters, k = p_.k;
    Eigen::MatrixXd xo(n, static_cast<Eigen::Index>(others_.size()));
    for (size_t r = 0; r < others_.size(); ++r) xo.col(r) = x.col(others_[r]);
    auto residual = [&](const Eigen::VectorXd& v) -> Eigen::VectorXd {
      if (others_.empty()) return v;
      return v - xo * restricted_.solve(xo.transpose() * v);
    };
    const Eigen::VectorXd uy = residual(*p_.y);
    const Eigen::VectorXd ux = residual(x.col(j_));
    const std::vector<int>& code = *p_.cluster;
    Ry_ = Eigen::MatrixXd::Zero(c, c);
    Rx_ = Eigen::MatrixXd::Zero(c, c);
    cy_ = Eigen::MatrixXd::Zero(c, k);
    cx_ = Eigen::MatrixXd::Zero(c, k);
    const Eigen::VectorXd bj = p_.bread.row(j_).transpose();
    const Eigen::VectorXd xbj = x * bj;  // x_i . B_j.
    std::vector<double> w(n);
    AbsorbOptions ao;
    ao.threads = 1;
    for (int pass = 0; pass < 2; ++pass) {
      const Eigen::VectorXd& u = pass == 0 ? uy : ux;
      Eigen::MatrixXd& R = pass == 0 ? Ry_ : Rx_;
      Eigen::MatrixXd& cc = pass == 0 ? cy_ : cx_;
      for (int64_t i = 0; i < n; ++i) cc.row(code[i]) += u[i] * x.row(i);
      for (int h = 0; h < c; ++h) {
        for (int64_t i = 0; i < n; ++i) w[i] = code[i] == h ? u[i] : 0.0;
        std::vector<double*> cols = {w.data()};
        (void)AbsorbFixedEffects(p_.factors, cols, n, ao);
        for (int64_t i = 0; i < n; ++i) R(code[i], h) += xbj[i] * w[i];
      }
    }
  }

  double estimate() const { return p_.beta[j_]; }
  double std_error() const { return se_; }

  // Symmetric WCR p-value of H0: beta_j = beta0.
  double PValue(double beta0) const {
    const int k = p_.k, c = p_.clusters;
    // Restricted estimate with beta_j fixed at beta0.
    Eigen::VectorXd beta_r = Eigen::VectorXd::Zero(k);
    beta_r[j_] = beta0;
    if (!others_.empty()) {
      Eigen::VectorXd rhs(others_.size());
      for (size_t r = 0; r < others_.size(); ++r) {
        rhs[r] = p_.xy[others_[r]] - beta0 * p_.gram(others_[r], j_);
      }
      const Eigen::VectorXd sol = restricted_.solve(rhs);
      for (size_t r = 0; r < others_.size(); ++r) beta_r[others_[r]] = sol[r];
    }
    // c_g = X_g' u~_g, d_g = B c_g, r_g = (B c_g)_j.
    Eigen::MatrixXd cg(c, k);
    if (p_.crossed) {
      cg = cy_ - beta0 * cx_;
    } else {
      for (int g = 0; g < c; ++g) cg.row(g) = p_.xy_g.row(g) - (p_.a[g] * beta_r).transpose();
    }
    Eigen::MatrixXd rmat;
    if (p_.crossed) rmat = Ry_ - beta0 * Rx_;
    const Eigen::MatrixXd d = cg * p_.bread;  // bread symmetric
    const Eigen::VectorXd r = d.col(j_);
    const double t = (p_.beta[j_] - beta0) / se_;
    const double threshold = std::fabs(t) * (1.0 - 1e-9);
    int64_t exceed = 0;
    std::vector<double> scratch;
    Eigen::VectorXd delta(k);
    for (int64_t b = 0; b < w_.replications(); ++b) {
      const double* v = w_.Get(b, &scratch);
      // v = +-(1, ..., 1) rebuilds the original data (t* = t, or -t since t*
      // is odd in v) exactly, whatever rounding says; it matters far from the
      // estimate, in test inversion.
      bool all_ones = true;
      for (int g = 0; all_ones && g < c; ++g) all_ones = std::fabs(v[g]) == 1.0 && v[g] == v[0];
      if (all_ones) {
        ++exceed;
        continue;
      }
      delta.setZero();
      for (int g = 0; g < c; ++g) delta.noalias() += v[g] * d.row(g).transpose();
      double acc = 0.0;
      if (p_.crossed) {
        const Eigen::VectorXd rv = rmat * Eigen::Map<const Eigen::VectorXd>(v, c);
        for (int g = 0; g < c; ++g) {
          const double s = rv[g] - q_.row(g).dot(delta);
          acc += s * s;
        }
      } else {
        for (int g = 0; g < c; ++g) {
          const double s = v[g] * r[g] - q_.row(g).dot(delta);
          acc += s * s;
        }
      }
      const double t_star = delta[j_] / std::sqrt(acc);
      if (std::fabs(t_star) >= threshold) ++exceed;
    }
    return static_cast<double>(exceed) / static_cast<double>(w_.replications());
  }

 private:
  const ClusterProblem& p_;
  int j_;
  const WeightSource& w_;
  Eigen::MatrixXd q_;
  double se_ = 0;
  std::vector<int> others_;
  Eigen::LDLT<Eigen::MatrixXd> restricted_;
  Eigen::MatrixXd Ry_, Rx_, cy_, cx_;  // crossed fixed effects only
};

// One bound of the test-inversion interval (direction -1 lower, +1 upper).
double InvertBound(const SlopeTest& test, double alpha, int direction,
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

  ClusterProblem p;
  p.k = static_cast<int>(x.cols());
  p.clusters = cluster.levels;
  p.gram = x.transpose() * x;
  p.bread = inv->inverse;
  p.xy = x.transpose() * y;
  p.beta = p.bread * p.xy;
  for (const FactorCodes* f : ptrs) p.crossed = p.crossed || !IsNestedIn(*f, cluster);
  p.x = &x;
  p.y = &y;
  p.cluster = &cluster.codes;
  p.factors = ptrs;
  p.a.assign(p.clusters, Eigen::MatrixXd::Zero(p.k, p.k));
  p.xy_g = Eigen::MatrixXd::Zero(p.clusters, p.k);
  for (int64_t i = 0; i < n; ++i) {
    const int g = cluster.codes[i];
    p.a[g].noalias() += x.row(i).transpose() * x.row(i);
    p.xy_g.row(g) += y[i] * x.row(i);
  }

  WildBootstrapOptions resolved_options = options;
  if (options.automatic_weights) {
    resolved_options.weights = p.clusters < 12 ? WildWeightType::kWebb : WildWeightType::kRademacher;
  }
  result.weights = resolved_options.weights;
  const bool enumerate = resolved_options.weights == WildWeightType::kRademacher &&
                         p.clusters < 31 && (int64_t{1} << p.clusters) <= options.replications;
  const WeightSource weights(resolved_options, p.clusters, enumerate);
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
    SlopeTest test(p, j, weights);
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
