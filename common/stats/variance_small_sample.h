// Small-sample factors and reference distributions of each convention
// (STATA, FIXEST, PLM, NONE). Kept apart from the sandwich arithmetic so the
// table in docs/methods/panel.md maps one-to-one onto this file.
#ifndef GOVMETRICS_COMMON_STATS_VARIANCE_SMALL_SAMPLE_H_
#define GOVMETRICS_COMMON_STATS_VARIANCE_SMALL_SAMPLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/stats/panel_options.h"

namespace govmetrics::stats {

struct SmallSampleInputs {
  VarianceType type = VarianceType::kIid;
  SmallSampleConvention convention = SmallSampleConvention::kStata;
  ReferenceDistribution distribution = ReferenceDistribution::kAuto;
  int64_t n = 0;             // observations used
  int64_t k = 0;             // estimated coefficients (incl. intercept)
  int64_t df_absorbed = 0;   // fixed-effect degrees of freedom absorbed
  int64_t df_absorbed_nested = 0;  // part of df_absorbed nested in a cluster
  double df_resid = 0;       // n - k - df_absorbed
  // kCluster: G of each clustering dimension, then (two-way) the intersection.
  std::vector<int64_t> cluster_counts;
  int64_t n_periods = 0;     // kDriscollKraay: time periods
};

struct SmallSampleAdjustment {
  // One factor per sandwich term: {all} for one-way and non-cluster types,
  // {V1, V2, V12} for two-way clustering.
  std::vector<double> term_factors;
  int64_t k_used = 0;        // the K in (N-1)/(N-K), N/(N-K)
  std::string formula;       // e.g. "G/(G-1)*(N-1)/(N-K); G=10 N=200 K=3"
  bool normal = false;       // reference distribution is N(0,1) / chi-square
  double t_df = 0;           // degrees of freedom of t and of the F denominator
  std::string distribution;  // "t(197)" or "normal"
};

// The factor of in.type under in.convention (from the variance registry),
// then the reference distribution requested in in.distribution.
SmallSampleAdjustment ResolveSmallSample(const SmallSampleInputs& in);

// The small-sample rules of the registered variance estimators.
SmallSampleAdjustment IidSmallSample(const SmallSampleInputs& in);
SmallSampleAdjustment HeteroskedasticSmallSample(const SmallSampleInputs& in);  // HC0-HC3
SmallSampleAdjustment ClusterSmallSample(const SmallSampleInputs& in);
SmallSampleAdjustment DriscollKraaySmallSample(const SmallSampleInputs& in);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_VARIANCE_SMALL_SAMPLE_H_
