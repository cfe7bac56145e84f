// First-difference estimator, as plm(model = "fd"): rows of each entity in
// period order, each row minus the previous AVAILABLE row of the same entity
// (plm differences adjacent rows; a gap in the periods is not skipped), plus an
// intercept (a linear trend in levels). The differenced row carries the
// identifiers of the later row.
#include <algorithm>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/panel_estimators.h"

namespace govmetrics::stats {

absl::StatusOr<LinearProblem> BuildFirstDifferenceProblem(
    PanelInput& in, int64_t n, const PanelModelOptions& /*options*/,
    const std::function<bool()>* /*should_stop*/, PanelFit* /*fit*/) {
  std::vector<int64_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int64_t a, int64_t b) {
    return in.entity[a] != in.entity[b] ? in.entity[a] < in.entity[b]
                                        : in.period[a] < in.period[b];
  });
  std::vector<int64_t> later, earlier;
  for (int64_t r = 1; r < n; ++r) {
    const int64_t a = order[r - 1], b = order[r];
    if (in.entity[a] != in.entity[b]) continue;
    if (in.period[a] == in.period[b]) {
      return absl::InvalidArgumentError(absl::StrCat(
          "period: entity ", in.entity[b], " has two rows for period ", in.period[b]));
    }
    later.push_back(b);
    earlier.push_back(a);
  }
  const int64_t nd = static_cast<int64_t>(later.size());
  if (nd == 0) {
    return absl::FailedPreconditionError("first differences: no entity has two periods");
  }
  const int64_t k = in.x.cols();
  LinearProblem p;
  p.n = nd;
  p.x.resize(nd, k + 1);
  p.x.col(0).setOnes();
  p.y.resize(nd);
  for (int64_t r = 0; r < nd; ++r) {
    p.y[r] = in.y[later[r]] - in.y[earlier[r]];
    for (int64_t j = 0; j < k; ++j) p.x(r, j + 1) = in.x(later[r], j) - in.x(earlier[r], j);
  }
  p.names.push_back("(Intercept)");
  for (const auto& name : in.x_names) p.names.push_back(name);
  p.intercept = 0;
  // Identifiers of the differenced rows.
  PanelInput ids;
  for (int64_t r = 0; r < nd; ++r) {
    ids.entity.push_back(in.entity[later[r]]);
    ids.period.push_back(in.period[later[r]]);
  }
  ids.cluster_names = in.cluster_names;
  for (const auto& c : in.clusters) {
    std::vector<int> v(nd);
    for (int64_t r = 0; r < nd; ++r) v[r] = c[later[r]];
    ids.clusters.push_back(std::move(v));
  }
  AttachIdentifiers(ids, nd, &p);
  p.tss = CenteredSumOfSquares(p.y.data(), nd);
  return p;
}

}  // namespace govmetrics::stats
