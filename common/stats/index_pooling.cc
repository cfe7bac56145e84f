#include "common/stats/index_pooling.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_format.h"

namespace govmetrics::stats {

absl::StatusOr<PoolLayout> BuildPoolLayout(const RowPlan& plan, int input_rows, Pooling pooling,
                                           int32_t base_period, absl::Span<const int32_t> period) {
  PoolLayout layout;
  const int n = plan.all_rows ? input_rows : static_cast<int>(plan.used_rows.size());
  layout.n = n;
  auto used = [&](int w) { return plan.all_rows ? w : plan.used_rows[w]; };

  if (pooling == Pooling::kPooled) {
    if (!plan.all_rows) layout.input_rows = plan.used_rows;
    layout.pools.push_back({0, n, 0});
    layout.segments.push_back({0, n, 0});
    return layout;
  }

  if (static_cast<int>(period.size()) != input_rows) {
    return absl::InvalidArgumentError(
        absl::StrFormat("pooling %s needs a period for every row (%d periods for %d rows)",
                        PoolingName(pooling), static_cast<int>(period.size()), input_rows));
  }

  layout.input_rows.reserve(n);
  if (pooling == Pooling::kPerPeriod) {
    // Counting sort by period: stable, so rows keep input order within a period.
    std::map<int32_t, int> count;
    for (int w = 0; w < n; ++w) ++count[period[used(w)]];
    std::map<int32_t, int> next;
    int start = 0;
    for (const auto& [p, c] : count) {
      layout.pools.push_back({start, c, p});
      layout.segments.push_back({start, c, static_cast<int>(layout.pools.size()) - 1});
      next[p] = start;
      start += c;
    }
    layout.input_rows.resize(n);
    for (int w = 0; w < n; ++w) layout.input_rows[next[period[used(w)]]++] = used(w);
    return layout;
  }

  // kBasePeriod.
  if (std::find(period.begin(), period.end(), base_period) == period.end()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("base_period %d does not occur in the panel", base_period));
  }
  for (int w = 0; w < n; ++w) {
    if (period[used(w)] == base_period) layout.input_rows.push_back(used(w));
  }
  const int nb = static_cast<int>(layout.input_rows.size());
  if (nb == 0) {
    return absl::FailedPreconditionError(
        absl::StrFormat("every row of base_period %d was dropped for missing values", base_period));
  }
  for (int w = 0; w < n; ++w) {
    if (period[used(w)] != base_period) layout.input_rows.push_back(used(w));
  }
  layout.pools.push_back({0, nb, base_period});
  layout.segments.push_back({0, n, 0});
  return layout;
}

}  // namespace govmetrics::stats
