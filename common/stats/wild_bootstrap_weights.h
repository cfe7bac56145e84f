// The weight vectors v (one weight per cluster) of the wild cluster bootstrap's
// replicates: drawn from stream (seed, b), or the b-th Rademacher sign vector when
// all 2^G are enumerated. Small weight matrices are drawn once and stored; larger
// ones are redrawn on demand from the same streams (same values either way).
#ifndef GOVMETRICS_COMMON_STATS_WILD_BOOTSTRAP_WEIGHTS_H_
#define GOVMETRICS_COMMON_STATS_WILD_BOOTSTRAP_WEIGHTS_H_

#include <cstdint>
#include <vector>

#include "common/stats/wild_cluster_bootstrap.h"

namespace govmetrics::stats {

class WildWeightSource {
 public:
  // `options` must outlive the source. With `enumerate`, replications() = 2^clusters.
  WildWeightSource(const WildBootstrapOptions& options, int clusters, bool enumerate);

  int64_t replications() const { return replications_; }
  int clusters() const { return clusters_; }
  // The weights of replicate b (`scratch` holds them when they are not stored).
  const double* Get(int64_t b, std::vector<double>* scratch) const;

 private:
  void Draw(int64_t b, double* v) const;

  const WildBootstrapOptions& options_;
  int clusters_;
  bool enumerate_;
  int64_t replications_ = 0;
  std::vector<double> stored_;
};

// v = +-(1, ..., 1): the replicate rebuilds the original data (t* = +-t exactly,
// whatever rounding says).
bool ReproducesData(const double* v, int clusters);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_WILD_BOOTSTRAP_WEIGHTS_H_
