#include "common/stats/group_permutation.h"

#include <cmath>
#include <limits>

#include "common/stats/bootstrap_runner.h"
#include "common/stats/random_streams.h"

namespace govmetrics::stats {
namespace {

// Differences for every target given an entity -> group assignment; false if a
// group's design is singular.
bool Differences(const PanelInput& data, const std::vector<int>& entity_group, int groups,
                 const GroupAbsorb& absorb, const std::vector<PermutationTarget>& targets,
                 double* out) {
  std::vector<std::vector<int>> rows(groups);
  const int n = static_cast<int>(data.y.size());
  for (int i = 0; i < n; ++i) rows[entity_group[data.entity[i]]].push_back(i);
  std::vector<Eigen::VectorXd> slopes(groups);
  GroupFastFit fit;
  for (int g = 0; g < groups; ++g) {
    if (!FitGroupFast(data, rows[g], absorb, false, &fit)) return false;
    slopes[g] = fit.slopes;
  }
  for (size_t t = 0; t < targets.size(); ++t) {
    const auto& tg = targets[t];
    out[t] = slopes[tg.group_a][tg.coefficient] - slopes[tg.group_b][tg.coefficient];
  }
  return true;
}

}  // namespace

absl::StatusOr<PermutationOutcome> PermutationTest(
    const PanelInput& data, const std::vector<int>& entity_group, int groups,
    const GroupAbsorb& absorb, const std::vector<PermutationTarget>& targets, int permutations,
    uint64_t seed, int threads, const std::function<bool()>* should_stop) {
  const size_t nt = targets.size();
  PermutationOutcome out;
  out.observed.assign(nt, std::numeric_limits<double>::quiet_NaN());
  if (!Differences(data, entity_group, groups, absorb, targets, out.observed.data())) {
    return absl::FailedPreconditionError("a group's model is singular on the observed labels");
  }
  std::vector<double> draws(static_cast<size_t>(permutations) * nt);
  std::vector<char> ok(permutations, 0);
  absl::Status status = RunReplicates(permutations, threads, should_stop, [&](int64_t r, int) {
    ReplicateStream rng(seed, StreamPurpose::kPermutation, static_cast<uint64_t>(r));
    std::vector<int> labels = entity_group;
    for (size_t i = labels.size(); i > 1; --i) {
      std::swap(labels[i - 1], labels[rng.Index(i)]);
    }
    ok[r] = Differences(data, labels, groups, absorb, targets, draws.data() + r * nt);
  });
  if (!status.ok()) return status;
  out.exceed.assign(nt, 0);
  for (int r = 0; r < permutations; ++r) {
    if (!ok[r]) {
      ++out.failures;
      continue;
    }
    ++out.used;
    for (size_t t = 0; t < nt; ++t) {
      // Relative slack so that a permutation reproducing the observed labels
      // (d* = d up to rounding) counts as "at least as extreme".
      const double d = std::fabs(out.observed[t]);
      if (std::fabs(draws[r * nt + t]) >= d * (1.0 - 1e-12)) ++out.exceed[t];
    }
  }
  out.p_values.resize(nt);
  for (size_t t = 0; t < nt; ++t) {
    out.p_values[t] = (static_cast<double>(out.exceed[t]) + 1.0) / (static_cast<double>(out.used) + 1.0);
  }
  return out;
}

}  // namespace govmetrics::stats
