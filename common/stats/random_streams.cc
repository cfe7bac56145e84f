#include "common/stats/random_streams.h"

#include <cmath>

namespace govmetrics::stats {
namespace {
__extension__ typedef unsigned __int128 Uint128;
}  // namespace

uint64_t SplitMix64(uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31);
}

ReplicateStream::ReplicateStream(uint64_t seed, StreamPurpose purpose, uint64_t replicate)
    : engine_(SplitMix64(SplitMix64(SplitMix64(seed) ^ static_cast<uint64_t>(purpose)) ^
                         (replicate * 0xD1B54A32D192ED03ULL))) {}

uint64_t ReplicateStream::Index(uint64_t n) {
  // Lemire (2019), "Fast random integer generation in an interval".
  Uint128 m = static_cast<Uint128>(Next()) * n;
  uint64_t low = static_cast<uint64_t>(m);
  if (low < n) {
    const uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      m = static_cast<Uint128>(Next()) * n;
      low = static_cast<uint64_t>(m);
    }
  }
  return static_cast<uint64_t>(m >> 64);
}

double ReplicateStream::Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

double ReplicateStream::Webb() {
  static const double kValues[6] = {-std::sqrt(1.5), -1.0, -std::sqrt(0.5),
                                    std::sqrt(0.5),  1.0,  std::sqrt(1.5)};
  return kValues[Index(6)];
}

double ReplicateStream::Normal() {
  double u1 = Uniform();
  while (u1 <= 0.0) u1 = Uniform();
  const double u2 = Uniform();
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586476925 * u2);
}

}  // namespace govmetrics::stats
