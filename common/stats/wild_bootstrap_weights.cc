#include "common/stats/wild_bootstrap_weights.h"

#include <cmath>

#include "common/stats/random_streams.h"

namespace govmetrics::stats {
namespace {

// Weight matrices up to this many entries are drawn once and stored; larger
// ones are regenerated per use from the same streams.
constexpr int64_t kMaxStoredWeights = 20'000'000;

}  // namespace

WildWeightSource::WildWeightSource(const WildBootstrapOptions& options, int clusters, bool enumerate)
    : options_(options), clusters_(clusters), enumerate_(enumerate) {
  replications_ = enumerate ? (int64_t{1} << clusters) : options.replications;
  if (!enumerate && replications_ * clusters <= kMaxStoredWeights) {
    stored_.resize(static_cast<size_t>(replications_ * clusters));
    for (int64_t b = 0; b < replications_; ++b) Draw(b, stored_.data() + b * clusters);
  }
}

const double* WildWeightSource::Get(int64_t b, std::vector<double>* scratch) const {
  if (!stored_.empty()) return stored_.data() + b * clusters_;
  scratch->resize(static_cast<size_t>(clusters_));
  Draw(b, scratch->data());
  return scratch->data();
}

void WildWeightSource::Draw(int64_t b, double* v) const {
  if (enumerate_) {
    for (int g = 0; g < clusters_; ++g) v[g] = ((b >> g) & 1) ? 1.0 : -1.0;
    return;
  }
  ReplicateStream rng(options_.seed, StreamPurpose::kWildBootstrap, static_cast<uint64_t>(b));
  for (int g = 0; g < clusters_; ++g) {
    v[g] = options_.weights == WildWeightType::kWebb ? rng.Webb() : rng.Rademacher();
  }
}

bool ReproducesData(const double* v, int clusters) {
  for (int g = 0; g < clusters; ++g) {
    if (std::fabs(v[g]) != 1.0 || v[g] != v[0]) return false;
  }
  return true;
}

}  // namespace govmetrics::stats
