#include "common/stats/index_missing.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/strings/str_format.h"

namespace govmetrics::stats {
namespace {

// Row -> first indicator with a NaN (or -1). One vectorised hasNaN() per column first, so
// complete columns cost a single read.
std::vector<int> FirstMissingIndicator(const IndicatorColumns& x, bool* any) {
  std::vector<int> first(x.rows(), -1);
  *any = false;
  for (int j = 0; j < x.cols(); ++j) {
    if (!x.col(j).hasNaN()) continue;
    *any = true;
    const double* c = x.data(j);
    for (int i = 0; i < x.rows(); ++i) {
      if (std::isnan(c[i]) && first[i] < 0) first[i] = j;
    }
  }
  return first;
}

void FinishPlan(const std::vector<int>& first_missing, RowPlan* plan) {
  plan->all_rows = false;
  plan->used_rows.reserve(first_missing.size());
  for (int i = 0; i < static_cast<int>(first_missing.size()); ++i) {
    if (first_missing[i] < 0) {
      plan->used_rows.push_back(i);
    } else {
      plan->dropped.push_back({i, first_missing[i]});
    }
  }
}

}  // namespace

absl::StatusOr<RowPlan> PlanRows(const IndicatorColumns& x,
                                 const std::vector<std::string>& indicator_names,
                                 MissingPolicy policy, absl::Span<const int> entity,
                                 absl::Span<const int32_t> period) {
  RowPlan plan;
  if (policy == MissingPolicy::kReject) return plan;

  bool any = false;
  std::vector<int> first_missing = FirstMissingIndicator(x, &any);
  if (!any) return plan;
  if (policy == MissingPolicy::kListwise) {
    FinishPlan(first_missing, &plan);
    return plan;
  }

  // kInterpolateWithinEntity.
  const int n = x.rows();
  if (static_cast<int>(entity.size()) != n || static_cast<int>(period.size()) != n) {
    return absl::InvalidArgumentError(
        "missing_policy INTERPOLATE_WITHIN_ENTITY needs an entity and a period for every row");
  }
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (entity[a] != entity[b]) return entity[a] < entity[b];
    if (period[a] != period[b]) return period[a] < period[b];
    return a < b;
  });
  std::vector<int> run_start(n), run_end(n), pos(n);
  for (int q = 0; q < n;) {
    int e = q;
    while (e < n && entity[order[e]] == entity[order[q]]) ++e;
    for (int t = q; t < e; ++t) {
      if (t > q && period[order[t]] == period[order[t - 1]]) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "rows %d and %d have the same entity and period %d; interpolation within entity "
            "needs one row per (entity, period)",
            std::min(order[t - 1], order[t]), std::max(order[t - 1], order[t]), period[order[t]]));
      }
      run_start[t] = q;
      run_end[t] = e;
      pos[order[t]] = t;
    }
    q = e;
  }

  std::vector<int> unfillable(n, -1);
  for (int j = 0; j < x.cols(); ++j) {
    const double* c = x.data(j);
    if (!x.col(j).hasNaN()) continue;
    for (int i = 0; i < n; ++i) {
      if (!std::isnan(c[i])) continue;
      const int t = pos[i];
      int a = t - 1, b = t + 1;
      while (a >= run_start[t] && std::isnan(c[order[a]])) --a;
      while (b < run_end[t] && std::isnan(c[order[b]])) ++b;
      if (a < run_start[t] || b >= run_end[t]) {
        if (unfillable[i] < 0) unfillable[i] = j;
        continue;
      }
      const double pa = period[order[a]], pb = period[order[b]], pt = period[i];
      const double xa = c[order[a]], xb = c[order[b]];
      plan.interpolated.push_back({i, j, xa + (xb - xa) * ((pt - pa) / (pb - pa))});
    }
  }
  // Cells filled in a row that is dropped anyway are not used; keep only the used ones.
  plan.interpolated.erase(
      std::remove_if(plan.interpolated.begin(), plan.interpolated.end(),
                     [&](const InterpolatedCell& c) { return unfillable[c.row] >= 0; }),
      plan.interpolated.end());
  bool dropped_any =
      std::any_of(unfillable.begin(), unfillable.end(), [](int v) { return v >= 0; });
  if (dropped_any) FinishPlan(unfillable, &plan);
  (void)indicator_names;
  return plan;
}

}  // namespace govmetrics::stats
