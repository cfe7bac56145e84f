#include "common/stats/spatial/trace_probes.h"

#include <algorithm>
#include <cmath>

#include "common/stats/random_streams.h"

namespace govmetrics::stats {

TraceProbes TraceProbes::Exact(int n) { return TraceProbes(n, n, true, 0); }

TraceProbes TraceProbes::Hutchinson(int n, int count, uint64_t seed) { return TraceProbes(n, count, false, seed); }

bool TraceProbes::Next(Eigen::MatrixXd* block) {
  if (next_ >= count_) return false;
  const int width = std::min(kBlock, count_ - next_);
  block->setZero(n_, width);
  for (int c = 0; c < width; ++c) {
    const int r = next_ + c;
    if (exact_) {
      (*block)(r, c) = 1.0;
      continue;
    }
    ReplicateStream stream(seed_, StreamPurpose::kSpatialTraceProbes, static_cast<uint64_t>(r));
    for (int i = 0; i < n_; ++i) (*block)(i, c) = (stream.Next() & 1) ? 1.0 : -1.0;
  }
  next_ += width;
  return true;
}

Eigen::RowVectorXd TraceAccumulator::ColumnDots(const Eigen::MatrixXd& left, const Eigen::MatrixXd& right) {
  return left.cwiseProduct(right).colwise().sum();
}

void TraceAccumulator::Add(const Eigen::RowVectorXd& values) {
  sum_ += values.sum();
  sum_squares_ += values.squaredNorm();
}

double TraceAccumulator::Estimate(const TraceProbes& probes) const {
  return control_ + (probes.exact() ? sum_ : sum_ / probes.count());
}

double TraceAccumulator::StdError(const TraceProbes& probes) const {
  const int m = probes.count();
  if (probes.exact() || m < 2) return 0.0;
  const double mean = sum_ / m;
  const double variance = std::max(0.0, (sum_squares_ - m * mean * mean) / (m - 1));
  return std::sqrt(variance / m);
}

}  // namespace govmetrics::stats
