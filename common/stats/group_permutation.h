// Fisher's permutation test of coefficient differences between groups, with
// whole entities permuted (each entity keeps its rows and receives another
// entity's label), so within-entity dependence is preserved under the null of
// exchangeable groups. Permutation r shuffles the entity labels with the
// stream (seed, r) (Fisher-Yates), refits every group on the fast path and
// records d* for every (pair, coefficient). Group sizes in entities are fixed.
#ifndef GOVMETRICS_COMMON_STATS_GROUP_PERMUTATION_H_
#define GOVMETRICS_COMMON_STATS_GROUP_PERMUTATION_H_

#include <cstdint>
#include <functional>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "common/stats/group_fast_fit.h"
#include "common/stats/panel_input.h"

namespace govmetrics::stats {

struct PermutationTarget {
  int group_a = 0;
  int group_b = 0;
  int coefficient = 0;  // column of x
};

struct PermutationOutcome {
  std::vector<double> observed;     // d per target (fast path, unpermuted)
  std::vector<double> p_values;     // (#{|d*| >= |d|} + 1) / (R_ok + 1)
  std::vector<int64_t> exceed;      // #{|d*| >= |d|}
  int64_t used = 0;                 // permutations with every group estimable
  int64_t failures = 0;
};

// `data` complete rows only; `entity_group[e]` the label of entity code e
// (data.entity must hold dense codes 0..E-1); `groups` the number of labels.
absl::StatusOr<PermutationOutcome> PermutationTest(
    const PanelInput& data, const std::vector<int>& entity_group, int groups,
    const GroupAbsorb& absorb, const std::vector<PermutationTarget>& targets, int permutations,
    uint64_t seed, int threads, const std::function<bool()>* should_stop);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_GROUP_PERMUTATION_H_
