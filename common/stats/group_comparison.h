// The same panel model per group (e.g. East / Central / West), with three tests
// that a coefficient differs between two groups (formulas and when they differ:
// docs/methods/groups.md):
//
//  1. Interacted Wald (Chow-type): one pooled model with every regressor
//     interacted with the group dummies and every fixed effect interacted with
//     the groups (= separate fixed effects per group), the model's covariance
//     (default: clustered by entity) with the pooled model's small-sample
//     factor; W = (b_g - b_h)^2 / (V_gg + V_hh - 2 V_gh) ~ chi2(1).
//  2. Seemingly unrelated (as Stata suest): the influence contributions
//     B_g x~_i e_i of each group's model are stacked and summed by cluster;
//     V = C/(C-1) sum_c S_c S_c'. The cross-group block is zero when the
//     clusters nest in the groups (entities), not for clusters that cross
//     groups (periods). chi2(1).
//  3. Fisher permutation (as Stata bdiff, but over entities): group labels are
//     permuted across entities (each entity keeps all its rows together), the
//     models refitted, p = (#{|d*| >= |d|} + 1) / (R + 1).
#ifndef GOVMETRICS_COMMON_STATS_GROUP_COMPARISON_H_
#define GOVMETRICS_COMMON_STATS_GROUP_COMPARISON_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/stats/panel_input.h"
#include "common/stats/panel_options.h"
#include "common/stats/panel_result.h"

namespace govmetrics::stats {

struct GroupComparisonInput {
  PanelInput data;                       // y = dependent, x = regressors
  std::vector<int> group;                // per row: group code 0..G-1
  std::vector<std::string> group_names;  // by code
};

struct GroupComparisonOptions {
  PanelModelOptions model;           // estimator kPooledOls or kWithin
  std::vector<std::string> compare;  // coefficients tested (empty: first regressor)
  int permutations = 0;              // 0 = no permutation test; <= kMaxReplications
  uint64_t seed = 0;
  int threads = 2;
};

struct DifferenceTest {
  double statistic = 0;  // chi-square, or the observed difference (permutation)
  double std_error = 0;  // of the difference (NaN for the permutation test)
  double p_value = 0;
  double df = 0;         // chi-square df; 0 for the empirical permutation p
  int64_t replications = 0;
};

struct GroupDifference {
  std::string coefficient;
  int group_a = 0;
  int group_b = 0;
  double difference = 0;  // b_a - b_b
  DifferenceTest interacted_wald;
  DifferenceTest seemingly_unrelated;
  DifferenceTest permutation;  // NaN when permutations = 0
};

struct GroupComparisonResult {
  std::vector<PanelFit> fits;          // per group code
  std::vector<std::vector<int>> rows;  // rows of the input in each group
  std::vector<GroupDifference> differences;  // pairs (a < b), then coefficients
  PanelFit interacted;                 // the fully interacted pooled model
  std::string stacked_cluster;         // cluster variable of the suest covariance
  int64_t stacked_clusters = 0;
  int64_t permutation_failures = 0;    // singular permuted designs, left out
  std::vector<std::string> notes;
};

// InvalidArgument: unknown compared coefficient, estimator not pooled / within,
// permutations out of range, fewer than two groups. FailedPrecondition (message
// starting "group '<name>':"): too few observations for the parameters, a
// regressor collinear within a group; a label varying within an entity when a
// permutation test is requested. Cancelled when should_stop returns true.
absl::StatusOr<GroupComparisonResult> CompareGroups(GroupComparisonInput input,
                                                    const GroupComparisonOptions& options,
                                                    const std::function<bool()>* should_stop = nullptr);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_GROUP_COMPARISON_H_
