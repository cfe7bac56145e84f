#include "common/stats/threshold/threshold_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/threshold/threshold_bootstrap.h"
#include "common/stats/threshold/threshold_grid.h"
#include "common/stats/threshold/threshold_search.h"

namespace govmetrics::stats {
namespace {

absl::Status ValidateOptions(const ThresholdOptions& o) {
  if (o.thresholds < 1 || o.thresholds > 3) {
    return absl::InvalidArgumentError("thresholds must be 1, 2 or 3");
  }
  if (o.quantiles < 10 || o.quantiles > 100000) {
    return absl::InvalidArgumentError("grid quantiles must be in 10..100000");
  }
  for (int s = 0; s < 3; ++s) {
    if (!(o.trim[s] > 0 && o.trim[s] < 0.25) || TrimSteps(o.trim[s], o.quantiles) < 1) {
      return absl::InvalidArgumentError(absl::StrCat("trim of stage ", s + 1,
                                                     " must be in (0, 0.25) and at least one grid step (1/quantiles)"));
    }
  }
  if (!(o.confidence_level > 0 && o.confidence_level < 1)) {
    return absl::InvalidArgumentError("confidence level must be in (0, 1)");
  }
  if (o.replications < 0 || o.replications > kMaxReplications) {
    return absl::InvalidArgumentError(absl::StrCat("replications must be in 0..", kMaxReplications));
  }
  return absl::OkStatus();
}

// Type-7 quantile of sorted values.
double SortedQuantile(const std::vector<double>& sorted, double p) {
  const double h = (static_cast<double>(sorted.size()) - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  const size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

ThresholdEstimate EstimateOf(const StageSearch& s, const char* stage, double within_df, double critical) {
  ThresholdEstimate e;
  e.stage = stage;
  e.value = s.value;
  e.ssr = s.ssr;
  e.candidates = s.candidates;
  const double s2 = s.ssr / within_df;
  e.ci_lower = e.ci_upper = s.value;
  for (size_t c = 0; c < s.candidates.size(); ++c) {
    const double lr = (s.ssr_curve[c] - s.ssr) / s2;
    e.lr.push_back(lr);
    if (lr <= critical) {
      e.ci_lower = std::min(e.ci_lower, s.candidates[c]);
      e.ci_upper = std::max(e.ci_upper, s.candidates[c]);
    }
  }
  return e;
}

void FillEstimates(const SequentialSearch& search, int m, double within_df, ThresholdFit* fit) {
  const double c = fit->critical_lr;
  fit->stages.push_back(EstimateOf(search.single, "single", within_df, c));
  if (m >= 2) {
    fit->stages.push_back(EstimateOf(search.second, "double: second", within_df, c));
    fit->stages.push_back(EstimateOf(search.first_refined, "double: first (refined)", within_df, c));
  }
  if (m >= 3) fit->stages.push_back(EstimateOf(search.third, "triple: third", within_df, c));
  fit->thresholds = search.ThresholdsOf(m);
  std::sort(fit->thresholds.begin(), fit->thresholds.end());
  fit->ssr = m == 1 ? search.single.ssr : m == 2 ? search.first_refined.ssr : search.third.ssr;
}

absl::Status FillTests(const ThresholdDesign& design, const std::vector<double>& grid,
                       const SequentialSearch& search, const ThresholdOptions& options, ThresholdFit* fit) {
  const double within_df = static_cast<double>(design.entities() * (design.periods() - 1));
  const double ssr_by_k[4] = {search.ssr_linear, search.single.ssr, search.second.ssr, search.third.ssr};
  for (int k = 1; k <= options.thresholds; ++k) {
    ThresholdTest t;
    t.thresholds = k;
    t.ssr_null = k == 3 ? search.first_refined.ssr : ssr_by_k[k - 1];
    t.ssr = ssr_by_k[k];
    t.mse = t.ssr / within_df;
    t.f_statistic = search.f[static_cast<size_t>(k - 1)];
    t.p_value = std::numeric_limits<double>::quiet_NaN();
    t.critical_values = {t.p_value, t.p_value, t.p_value};
    if (options.replications > 0) {
      auto f_star = BootstrapThresholdF(design, grid, search.ThresholdsOf(k - 1), k, options);
      if (!f_star.ok()) return f_star.status();
      std::sort(f_star->begin(), f_star->end());
      const auto exceed = f_star->end() - std::lower_bound(f_star->begin(), f_star->end(), t.f_statistic);
      t.p_value = static_cast<double>(exceed) / static_cast<double>(f_star->size());
      t.critical_values = {SortedQuantile(*f_star, 0.90), SortedQuantile(*f_star, 0.95),
                           SortedQuantile(*f_star, 0.99)};
      t.replications = options.replications;
    }
    fit->tests.push_back(t);
  }
  return absl::OkStatus();
}

}  // namespace

double ThresholdLrCritical(double confidence_level) {
  return -2.0 * std::log(1.0 - std::sqrt(confidence_level));
}

absl::StatusOr<ThresholdFit> FitThresholdModel(const ThresholdData& data, const ThresholdOptions& options) {
  if (auto status = ValidateOptions(options); !status.ok()) return status;
  auto design = ThresholdDesign::Create(data);
  if (!design.ok()) return design.status();
  ThresholdFit fit;
  fit.distinct_values = DistinctValues(data.q);
  if (fit.distinct_values < kMinThresholdDistinctValues) {
    return absl::FailedPreconditionError(absl::StrCat(
        "the threshold variable has ", fit.distinct_values, " distinct values; a threshold search needs at least ",
        kMinThresholdDistinctValues, " (with fewer, model the categories with group dummies)"));
  }
  const std::vector<double> grid = ThresholdGrid(data.q, options.quantiles, options.trim[0]);
  fit.grid_size = static_cast<int>(grid.size());
  fit.critical_lr = ThresholdLrCritical(options.confidence_level);
  auto search = SearchThresholds(*design, design->y(), grid, options, options.thresholds);
  if (!search.ok()) return search.status();
  fit.ssr_linear = search->ssr_linear;
  const double within_df = static_cast<double>(design->entities() * (design->periods() - 1));
  FillEstimates(*search, options.thresholds, within_df, &fit);
  if (auto status = FillTests(*design, grid, *search, options, &fit); !status.ok()) return status;
  return fit;
}

}  // namespace govmetrics::stats
