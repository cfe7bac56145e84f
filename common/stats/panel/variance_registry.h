// The one definition of each variance (covariance) estimator: its names
// (provenance, CLI, wire enum number), what it needs (cluster variables, the
// period), its sandwich and its small-sample rule. ComputeCoefficientVariance,
// ResolveSmallSample, request validation, provenance and the CLI's --vcov
// values read this table, so adding a variance estimator is: a value in proto
// VarianceType, one entry in variance_registry.cc, and its two kernels (the
// covariance and the small-sample factor; docs/architecture.md).
#ifndef GOVMETRICS_COMMON_STATS_PANEL_VARIANCE_REGISTRY_H_
#define GOVMETRICS_COMMON_STATS_PANEL_VARIANCE_REGISTRY_H_

#include <string>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/stats/panel_options.h"
#include "common/stats/variance_estimators.h"
#include "common/stats/variance_small_sample.h"

namespace govmetrics::stats {

// Fills out->covariance (small-sample factor applied), out->adjustment (via
// ResolveSmallSample on `ss`, which the kernel completes with what it counts:
// clusters, periods) and the kernel's own fields of `out`.
using CovarianceKernel = absl::Status (*)(const Eigen::Ref<const Eigen::MatrixXd>& x,
                                          const Eigen::Ref<const Eigen::VectorXd>& resid,
                                          const Eigen::MatrixXd& bread,
                                          const VarianceContext& context,
                                          SmallSampleInputs& ss, VarianceResult* out);

// The factor per sandwich term, the K it counts and the default reference
// distribution's degrees of freedom under each convention.
using SmallSampleRule = SmallSampleAdjustment (*)(const SmallSampleInputs& in);

struct VarianceDefinition {
  VarianceType id;
  const char* name;      // provenance and golden-file name, e.g. "driscoll_kraay"
  const char* cli_name;  // the CLI's --vcov value, e.g. "dk"
  int wire_value;        // number of the govmetrics.modeling.v1.VarianceType value
  const char* summary;   // one line for help text and docs
  bool uses_clusters = false;  // reads VarianceOptions::cluster_by (1 or 2)
  bool needs_period = false;   // needs the period codes
  bool uses_max_lag = false;   // reads VarianceOptions::max_lag
  CovarianceKernel covariance = nullptr;
  SmallSampleRule small_sample = nullptr;
};

// Every variance estimator, in wire-enum order.
absl::Span<const VarianceDefinition> AllVariances();
const VarianceDefinition& GetVariance(VarianceType v);
// nullptr when nothing has that name / CLI name / wire number.
const VarianceDefinition* FindVarianceByName(absl::string_view name);
const VarianceDefinition* FindVarianceByCliName(absl::string_view cli_name);
const VarianceDefinition* FindVarianceByWireValue(int wire_value);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_VARIANCE_REGISTRY_H_
