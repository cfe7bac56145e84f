#include "common/stats/spatial/spatial_panel_information.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "common/stats/spatial/spatial_inverse.h"
#include "common/stats/spatial/trace_probes.h"

namespace govmetrics::stats {
namespace {

// P applied to every column (each an N-vector of one period or one probe), or nothing.
Eigen::MatrixXd Centre(Eigen::MatrixXd m, bool project) {
  if (project) m.rowwise() -= m.colwise().mean();
  return m;
}

// G_A, G_B and H = B G_A B^-1 (each between two P's under the period projection) and
// their transposes, applied to blocks of N-vectors.
struct Multipliers {
  const SparseWeights& w;
  Eigen::SparseMatrix<double> wt;  // W'
  bool project;
  double lambda;
  const SpatialInverse* a;  // (I - rho W)^-1, or null without rho
  const SpatialInverse* b;  // (I - lambda W)^-1, or null without lambda

  Eigen::MatrixXd B(const Eigen::MatrixXd& z) const { return b ? Eigen::MatrixXd(z - lambda * (w * z)) : z; }
  Eigen::MatrixXd Bt(const Eigen::MatrixXd& z) const { return b ? Eigen::MatrixXd(z - lambda * (wt * z)) : z; }
  Eigen::MatrixXd H(const Eigen::MatrixXd& z) const {
    const Eigen::MatrixXd pz = Centre(z, project);
    return Centre(B(w * a->Solve(b ? b->Solve(pz) : pz)), project);
  }
  Eigen::MatrixXd Ht(const Eigen::MatrixXd& z) const {
    const Eigen::MatrixXd y = a->SolveTransposed(wt * Bt(Centre(z, project)));
    return Centre(b ? b->SolveTransposed(y) : y, project);
  }
  Eigen::MatrixXd Gb(const Eigen::MatrixXd& z) const { return Centre(w * b->Solve(Centre(z, project)), project); }
  Eigen::MatrixXd Gbt(const Eigen::MatrixXd& z) const {
    return Centre(b->SolveTransposed(wt * Centre(z, project)), project);
  }
  // Each column of v (N T stacked, period-major) as an N x T matrix.
  static Eigen::Map<const Eigen::MatrixXd> Periods(const Eigen::VectorXd& v, int n) {
    return Eigen::Map<const Eigen::MatrixXd>(v.data(), n, v.size() / n);
  }
  static Eigen::VectorXd Stack(const Eigen::MatrixXd& m) { return Eigen::Map<const Eigen::VectorXd>(m.data(), m.size()); }
};

// The control variate of the multipliers G = W (I - a W)^-1 = W + a W G: M0 = P W P,
// whose traces are exact from W alone, with P = I - 11'/N (or I) and
// tr(P A P B) = tr(AB) - (1'AB1 + 1'BA1) / N + (1'A1)(1'B1) / N^2.
struct ControlTraces {
  double square = 0;  // tr(M0 M0) + tr(M0'M0)
  double trace = 0;   // tr(M0)
  double own = 0;     // tr(M0 M0) alone (the observed Hessian's Jacobian curvature)
};

ControlTraces ExactControlTraces(const SparseWeights& w, bool project) {
  const int n = static_cast<int>(w.rows());
  const Eigen::VectorXd ones = Eigen::VectorXd::Ones(n);
  const Eigen::VectorXd row_sums = w * ones, col_sums = w.transpose() * ones;
  double tr_ww = 0, frobenius = 0, tr_w = 0;
  for (int i = 0; i < w.outerSize(); ++i) {
    for (SparseWeights::InnerIterator it(w, i); it; ++it) {
      const int j = static_cast<int>(it.col());
      tr_ww += it.value() * w.coeff(j, i);
      frobenius += it.value() * it.value();
      if (i == j) tr_w += it.value();
    }
  }
  ControlTraces c{tr_ww + frobenius, tr_w, tr_ww};
  if (project) {
    const double total = row_sums.sum(), nn = static_cast<double>(n) * n;
    c.square -= (2 * row_sums.dot(col_sums) + row_sums.squaredNorm() + col_sums.squaredNorm()) / n;
    c.square += 2 * total * total / nn;
    c.own += total * total / nn - 2 * row_sums.dot(col_sums) / n;
    c.trace -= total / n;
  }
  return c;
}

// tr(H H) + tr(H'H), tr(H), tr(G_B G_B) + tr(G_B'G_B), tr(G_B), tr(G_B'H) + tr(G_B H),
// and tr(H H), tr(G_B G_B) alone (z'M M z = (M'z)'(M z): no further solve).
// G_B (and H without lambda, H = G_A) use the control variate P W P.
struct TraceTerms {
  TraceAccumulator hh, h, gg, g, gh, hh_own, gg_own;
};

// The trace terms of one multiplier M.
struct MultiplierTraces {
  TraceAccumulator* square;  // tr(M M) + tr(M'M)
  TraceAccumulator* trace;   // tr(M)
  TraceAccumulator* own;     // tr(M M)
};

// Adds the trace terms of one multiplier, given mz = M z and mtz = M' z, less the
// control's (c0z = P W P z, c0tz = P W' P z) when `controlled`.
void AddMultiplier(const Eigen::MatrixXd& z, const Eigen::MatrixXd& mz, const Eigen::MatrixXd& mtz,
                   const Eigen::MatrixXd* c0z, const Eigen::MatrixXd* c0tz, const MultiplierTraces& out) {
  Eigen::RowVectorXd sq = TraceAccumulator::ColumnDots(mtz + mz, mz);
  Eigen::RowVectorXd tr = TraceAccumulator::ColumnDots(z, mz);
  Eigen::RowVectorXd own = TraceAccumulator::ColumnDots(mtz, mz);
  if (c0z) {
    sq -= TraceAccumulator::ColumnDots(*c0tz + *c0z, *c0z);
    tr -= TraceAccumulator::ColumnDots(z, *c0z);
    own -= TraceAccumulator::ColumnDots(*c0tz, *c0z);
  }
  out.square->Add(sq);
  out.trace->Add(tr);
  out.own->Add(own);
}

TraceTerms AccumulateTraces(const Multipliers& m, TraceProbes* probes) {
  TraceTerms t;
  const ControlTraces control = ExactControlTraces(m.w, m.project);
  const bool control_h = m.a && !m.b;
  if (control_h) {
    t.hh.SetControlTrace(control.square), t.h.SetControlTrace(control.trace), t.hh_own.SetControlTrace(control.own);
  }
  if (m.b) {
    t.gg.SetControlTrace(control.square), t.g.SetControlTrace(control.trace), t.gg_own.SetControlTrace(control.own);
  }
  Eigen::MatrixXd z;
  while (probes->Next(&z)) {
    const Eigen::MatrixXd pz = Centre(z, m.project);
    const Eigen::MatrixXd c0z = Centre(m.w * pz, m.project), c0tz = Centre(m.wt * pz, m.project);
    Eigen::MatrixXd hz;
    if (m.a) {
      hz = m.H(z);
      AddMultiplier(z, hz, m.Ht(z), control_h ? &c0z : nullptr, &c0tz, {&t.hh, &t.h, &t.hh_own});
    }
    if (m.b) {
      const Eigen::MatrixXd gz = m.Gb(z), gtz = m.Gbt(z);
      AddMultiplier(z, gz, gtz, &c0z, &c0tz, {&t.gg, &t.g, &t.gg_own});
      if (m.a) t.gh.Add(gz + gtz, hz);
    }
  }
  return t;
}

JacobianCurvature CurvatureOf(const TraceTerms& t, const TraceProbes& probes, double t_eff, bool rho, bool lambda) {
  JacobianCurvature c;
  if (rho) c.rho = t_eff * t.hh_own.Estimate(probes), c.rho_std_error = t_eff * t.hh_own.StdError(probes);
  if (lambda) c.lambda = t_eff * t.gg_own.Estimate(probes), c.lambda_std_error = t_eff * t.gg_own.StdError(probes);
  return c;
}

// Monte Carlo error of the entry (i, j), scaled by sqrt(I_ii I_jj).
double RelativeError(const Eigen::MatrixXd& info, int i, int j, double se) {
  const double scale = std::sqrt(std::fabs(info(i, i) * info(j, j)));
  return scale > 0 ? se / scale : 0.0;
}

// (I - a W)^-1 on the likelihood's factorisation where it keeps one, else its own.
absl::StatusOr<std::unique_ptr<SpatialInverse>> InverseOf(const SparseWeights& w, double a,
                                                          const SpatialLogDeterminant& log_det) {
  absl::StatusOr<std::unique_ptr<SpatialInverse>> shared = log_det.InverseAt(a);
  if (!shared.ok() || *shared) return shared;
  return SpatialInverse::Create(w, a);
}

}  // namespace

absl::StatusOr<SpatialInformation> SpatialInformationMatrix(const SpatialPanelDesign& d, const SpatialEstimate& est,
                                                            const SpatialTraceOptions& options,
                                                            const SpatialLogDeterminant& log_det) {
  const int n = d.n_entities;
  const int k = static_cast<int>(est.beta.size());
  const int r = est.has_rho ? 1 : 0;
  const int l = est.has_lambda ? 1 : 0;
  const int p = r + l + k + 1;
  const double s2 = est.sigma2;
  std::unique_ptr<SpatialInverse> a_inv, b_inv;
  if (r) {
    absl::StatusOr<std::unique_ptr<SpatialInverse>> inv = InverseOf(*d.w, est.rho, log_det);
    if (!inv.ok()) return inv.status();
    a_inv = *std::move(inv);
  }
  if (l) {
    absl::StatusOr<std::unique_ptr<SpatialInverse>> inv = InverseOf(*d.w, est.lambda, log_det);
    if (!inv.ok()) return inv.status();
    b_inv = *std::move(inv);
  }
  const Multipliers m{*d.w, d.w->transpose(), d.period_projection, est.lambda, a_inv.get(), b_inv.get()};
  TraceProbes probes = options.exact ? TraceProbes::Exact(n) : TraceProbes::Hutchinson(n, options.probes, options.seed);
  const TraceTerms t = AccumulateTraces(m, &probes);

  SpatialInformation out;
  Eigen::MatrixXd& info = out.matrix;
  info = Eigen::MatrixXd::Zero(p, p);
  Eigen::MatrixXd bx(d.x.rows(), k);
  for (int j = 0; j < k; ++j) bx.col(j) = Multipliers::Stack(Centre(m.B(Multipliers::Periods(d.x.col(j), n)), m.project));
  info.block(r + l, r + l, k, k) = bx.transpose() * bx / s2;
  info(p - 1, p - 1) = d.n_eff / (2 * s2 * s2);
  if (l) {
    info(r, r) = d.t_eff * t.gg.Estimate(probes);
    info(r, p - 1) = info(p - 1, r) = d.t_eff * t.g.Estimate(probes) / s2;
  }
  if (r) {
    const Eigen::VectorXd xb = d.x * est.beta;
    const Eigen::VectorXd v =
        Multipliers::Stack(Centre(m.B(*d.w * a_inv->Solve(Multipliers::Periods(xb, n))), m.project));
    info(0, 0) = d.t_eff * t.hh.Estimate(probes) + v.squaredNorm() / s2;
    info.block(0, r + l, 1, k) = (bx.transpose() * v).transpose() / s2;
    info.block(r + l, 0, k, 1) = info.block(0, r + l, 1, k).transpose();
    info(0, p - 1) = info(p - 1, 0) = d.t_eff * t.h.Estimate(probes) / s2;
    if (l) info(0, 1) = info(1, 0) = d.t_eff * t.gh.Estimate(probes);
  }
  out.curvature = CurvatureOf(t, probes, d.t_eff, r, l);
  if (!probes.exact()) {
    double worst = 0;
    if (r) worst = std::max({RelativeError(info, 0, 0, d.t_eff * t.hh.StdError(probes)),
                             RelativeError(info, 0, p - 1, d.t_eff * t.h.StdError(probes) / s2)});
    if (l) worst = std::max({worst, RelativeError(info, r, r, d.t_eff * t.gg.StdError(probes)),
                             RelativeError(info, r, p - 1, d.t_eff * t.g.StdError(probes) / s2)});
    if (r && l) worst = std::max(worst, RelativeError(info, 0, 1, d.t_eff * t.gh.StdError(probes)));
    out.trace_relative_error = worst;
  }
  return out;
}

}  // namespace govmetrics::stats
