#include "common/stats/threshold/threshold_search.h"

#include <cmath>
#include <optional>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/threshold/threshold_grid.h"

namespace govmetrics::stats {
namespace {

absl::StatusOr<StageSearch> Search(SsrCurvePlans& plans, const Eigen::VectorXd& y,
                                   const std::vector<double>& fixed, std::vector<double> candidates,
                                   const char* stage) {
  StageSearch out;
  out.ssr_curve = plans.Curve(fixed, candidates, y);
  size_t best = candidates.size();
  for (size_t c = 0; c < candidates.size(); ++c) {
    if (std::isfinite(out.ssr_curve[c]) && (best == candidates.size() || out.ssr_curve[c] < out.ssr_curve[best])) {
      best = c;
    }
  }
  if (best == candidates.size()) {
    return absl::FailedPreconditionError(absl::StrCat(
        "threshold search, ", stage, ": no candidate threshold leaves every regime with variation of the "
        "regime regressors (", candidates.size(), " candidates); lower the trim or the number of thresholds"));
  }
  out.value = candidates[best];
  out.ssr = out.ssr_curve[best];
  out.candidates = std::move(candidates);
  return out;
}

double FStatistic(double ssr_null, double ssr, double within_df) {
  return (ssr_null - ssr) / (ssr / within_df);
}

}  // namespace

std::vector<double> SequentialSearch::ThresholdsOf(int k) const {
  if (k <= 0) return {};
  if (k == 1) return {single.value};
  if (k == 2) return {first_refined.value, second.value};
  return {first_refined.value, second.value, third.value};
}

absl::StatusOr<SequentialSearch> SearchThresholds(const ThresholdDesign& design, const Eigen::VectorXd& y,
                                                  const std::vector<double>& grid,
                                                  const ThresholdOptions& options, int thresholds,
                                                  SearchScope scope, SsrCurvePlans* plans) {
  std::optional<SsrCurvePlans> single_use;
  if (plans == nullptr) plans = &single_use.emplace(design, 0);
  const double within_df = static_cast<double>(design.entities() * (design.periods() - 1));
  SequentialSearch out;
  out.ssr_linear = plans->LinearSsr(y);
  auto single = Search(*plans, y, {}, grid, "stage 1");
  if (!single.ok()) return single.status();
  out.single = *std::move(single);
  out.f.push_back(FStatistic(out.ssr_linear, out.single.ssr, within_df));
  if (thresholds < 2) return out;
  auto second = Search(*plans, y, {out.single.value},
                       ExcludeNearThresholds(grid, {out.single.value}, options.quantiles, options.trim[1]),
                       "stage 2");
  if (!second.ok()) return second.status();
  out.second = *std::move(second);
  out.f.push_back(FStatistic(out.single.ssr, out.second.ssr, within_df));
  if (thresholds < 3 && scope == SearchScope::kLastFStatistic) return out;
  auto refined = Search(*plans, y, {out.second.value},
                        ExcludeNearThresholds(grid, {out.second.value}, options.quantiles, options.trim[1]),
                        "refinement of the first threshold");
  if (!refined.ok()) return refined.status();
  out.first_refined = *std::move(refined);
  if (thresholds < 3) return out;
  const std::vector<double> pair = {out.first_refined.value, out.second.value};
  auto third = Search(*plans, y, pair, ExcludeNearThresholds(grid, pair, options.quantiles, options.trim[2]),
                      "stage 3");
  if (!third.ok()) return third.status();
  out.third = *std::move(third);
  out.f.push_back(FStatistic(out.first_refined.ssr, out.third.ssr, within_df));
  return out;
}

}  // namespace govmetrics::stats
