// Reproducible random streams for resampling procedures (bootstrap, permutation,
// wild bootstrap).
//
// Why one stream per replicate: replicate r always draws from the stream derived
// from (seed, r), so the result of a bootstrap does not depend on how replicates
// are spread over threads, nor on the order in which threads run. The stream is
// std::mt19937_64 (its output sequence is fixed by the C++ standard) seeded with a
// SplitMix64 hash of (seed, stream id, r). Integers and doubles are derived from
// its raw 64-bit output here, NOT with std::uniform_int_distribution /
// std::uniform_real_distribution, whose algorithms are implementation-defined: the
// draws are therefore identical under libstdc++, libc++ and MSVC.
#ifndef GOVMETRICS_COMMON_STATS_RANDOM_STREAMS_H_
#define GOVMETRICS_COMMON_STATS_RANDOM_STREAMS_H_

#include <cstdint>
#include <random>

namespace govmetrics::stats {

// SplitMix64 finaliser (Steele, Lea & Flood 2014): a bijective 64-bit mixer.
uint64_t SplitMix64(uint64_t x);

// Distinct purposes get distinct stream ids so that, for one seed, the mediation
// bootstrap and a permutation test never share draws.
enum class StreamPurpose : uint64_t {
  kMediationBootstrap = 1,
  kPermutation = 2,
  kWildBootstrap = 3,
  kSimulation = 4,
  kThresholdBootstrap = 5,
  kSpatialImpacts = 9,  // spatial_impacts.cc: draws of (rho, beta, theta)
  kSpatialTraceProbes = 12,  // trace_probes.cc: Rademacher probes of the Hutchinson traces
};

class ReplicateStream {
 public:
  ReplicateStream(uint64_t seed, StreamPurpose purpose, uint64_t replicate);

  // Raw 64 bits.
  uint64_t Next() { return engine_(); }
  // Uniform integer in [0, n), n >= 1, unbiased (Lemire's multiply-shift with
  // rejection).
  uint64_t Index(uint64_t n);
  // Uniform double in [0, 1) with 53 random bits.
  double Uniform();
  // +1 or -1 with probability 1/2 each.
  double Rademacher() { return (Next() >> 63) ? 1.0 : -1.0; }
  // Webb's six-point weights: +-sqrt(1/2), +-1, +-sqrt(3/2), each with
  // probability 1/6 (mean 0, variance 1).
  double Webb();
  // Standard normal (Box-Muller on Uniform(); used by simulations only).
  double Normal();

 private:
  std::mt19937_64 engine_;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_RANDOM_STREAMS_H_
