#ifndef GOVMETRICS_COMMON_STATS_SIGNIFICANCE_STARS_H_
#define GOVMETRICS_COMMON_STATS_SIGNIFICANCE_STARS_H_

// The one significance-star convention of every table, chart and CLI listing: the
// economics journals' (and Stata esttab's, fixest etable's) *** p < 0.01, ** p < 0.05,
// * p < 0.1; nothing for larger or undefined p-values. Report notes spell the same
// thresholds out ("* p<0.1, ** p<0.05, *** p<0.01"), so they change together here.

#include <cmath>
#include <string>

namespace govmetrics::stats {

inline std::string SignificanceStars(double p_value) {
  if (!std::isfinite(p_value)) return "";
  if (p_value < 0.01) return "***";
  if (p_value < 0.05) return "**";
  if (p_value < 0.1) return "*";
  return "";
}

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_SIGNIFICANCE_STARS_H_
