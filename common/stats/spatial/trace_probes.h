// Traces of N x N matrices that are only available as products M z (the spatial
// multipliers W (I - a W)^-1 behind the information matrix), from blocks of probe
// vectors z with E[z z'] = I:
//  - exact: the N unit vectors, so sum_j e_j' M e_j = tr(M) (N products; no error);
//  - Hutchinson (1990): `count` Rademacher vectors (+-1 with probability 1/2 each),
//    tr(M) ~ mean z' M z, unbiased with variance 2 (||M||_F^2 - sum M_ii^2) / count for
//    symmetric M; the reported error is the Monte Carlo standard error of the mean.
//    Probe r comes from the stream (seed, r), so results are reproducible.
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_TRACE_PROBES_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_TRACE_PROBES_H_

#include <cstdint>

#include "Eigen/Core"

namespace govmetrics::stats {

class TraceProbes {
 public:
  static TraceProbes Exact(int n);
  static TraceProbes Hutchinson(int n, int count, uint64_t seed);

  // The next block of probes (N x up to kBlock columns); false when all are used.
  bool Next(Eigen::MatrixXd* block);
  bool exact() const { return exact_; }
  int count() const { return count_; }

 private:
  static constexpr int kBlock = 8;
  TraceProbes(int n, int count, bool exact, uint64_t seed) : n_(n), count_(count), exact_(exact), seed_(seed) {}

  int n_, count_;
  bool exact_;
  uint64_t seed_;
  int next_ = 0;
};

// One trace: the per-probe values z_r' M z_r (given as column-wise products of two
// blocks), summed (exact) or averaged with their standard error (Hutchinson).
//
// A control variate lowers the Hutchinson variance (Hutchinson 1990, sec. 3; the
// first-order term of a series, as in LeSage and Pace 2009, sec. 4.4): with M0 a matrix
// whose trace is known exactly, each probe contributes z'(M - M0)z and the estimate is
// tr(M0) + the mean, still unbiased, with the variance of M - M0 instead of M.
class TraceAccumulator {
 public:
  // The per-probe values sum_i left(i, r) * right(i, r), one per column r.
  static Eigen::RowVectorXd ColumnDots(const Eigen::MatrixXd& left, const Eigen::MatrixXd& right);

  // Adds the per-probe values z_r' (M - M0) z_r of one block.
  void Add(const Eigen::RowVectorXd& values);
  void Add(const Eigen::MatrixXd& left, const Eigen::MatrixXd& right) { Add(ColumnDots(left, right)); }
  // tr(M0) of the control variate (0 without one).
  void SetControlTrace(double trace) { control_ = trace; }
  double Estimate(const TraceProbes& probes) const;
  // 0 for exact traces.
  double StdError(const TraceProbes& probes) const;

 private:
  double sum_ = 0, sum_squares_ = 0, control_ = 0;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_TRACE_PROBES_H_
