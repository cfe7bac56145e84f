#include "common/stats/spatial/permutation_table.h"

#include <numeric>
#include <utility>

#include "common/stats/random_streams.h"

namespace govmetrics::stats {
namespace {

constexpr int64_t kMaxTableBytes = int64_t{64} << 20;

}  // namespace

void DrawPermutation(uint64_t seed, int64_t r, int64_t units, int32_t* order) {
  std::iota(order, order + units, 0);
  ReplicateStream rng(seed, StreamPurpose::kPermutation, static_cast<uint64_t>(r));
  for (int64_t i = units; i > 1; --i) {
    std::swap(order[i - 1], order[static_cast<int64_t>(rng.Index(static_cast<uint64_t>(i)))]);
  }
}

std::unique_ptr<PermutationTable> PermutationTable::Draw(int64_t units, int64_t permutations, uint64_t seed) {
  if (units <= 0 || permutations <= 0 ||
      permutations > kMaxTableBytes / static_cast<int64_t>(sizeof(int32_t)) / units) {
    return nullptr;
  }
  return std::unique_ptr<PermutationTable>(new PermutationTable(units, permutations, seed));
}

PermutationTable::PermutationTable(int64_t units, int64_t permutations, uint64_t seed)
    : units_(units), permutations_(permutations), seed_(seed),
      orders_(static_cast<size_t>(units * permutations)) {
  for (int64_t r = 0; r < permutations; ++r) DrawPermutation(seed, r, units, orders_.data() + r * units);
}

}  // namespace govmetrics::stats
