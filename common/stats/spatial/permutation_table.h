// The random permutations of a spatial permutation test on n units. Permutation r is
// the Fisher-Yates shuffle drawn from ReplicateStream(seed, kPermutation, r) (for
// i = n..2, swap positions i - 1 and Index(i)), recorded as an order so that
// y[k] = x[order[k]] is exactly what shuffling x in place gives.
//
// Why a table: a request tests Moran's I and Geary's C in every period with the same
// units and seed, hence the same permutations, and seeding a Mersenne Twister for each
// replicate costs more than a statistic on a few dozen units. Drawn once, the orders
// serve them all (the demo study: 2 statistics x 7 periods x 1000 permutations).
#ifndef GOVMETRICS_COMMON_STATS_SPATIAL_PERMUTATION_TABLE_H_
#define GOVMETRICS_COMMON_STATS_SPATIAL_PERMUTATION_TABLE_H_

#include <cstdint>
#include <memory>
#include <vector>

namespace govmetrics::stats {

// Writes permutation r of `units` units to order[0 .. units).
void DrawPermutation(uint64_t seed, int64_t r, int64_t units, int32_t* order);

class PermutationTable {
 public:
  // nullptr when the table would exceed 64 MB (then each test draws as it goes).
  static std::unique_ptr<PermutationTable> Draw(int64_t units, int64_t permutations, uint64_t seed);

  bool Matches(int64_t units, int64_t permutations, uint64_t seed) const {
    return units == units_ && permutations == permutations_ && seed == seed_;
  }
  const int32_t* Order(int64_t r) const { return orders_.data() + r * units_; }

 private:
  PermutationTable(int64_t units, int64_t permutations, uint64_t seed);

  int64_t units_;
  int64_t permutations_;
  uint64_t seed_;
  std::vector<int32_t> orders_;  // permutations x units
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SPATIAL_PERMUTATION_TABLE_H_
