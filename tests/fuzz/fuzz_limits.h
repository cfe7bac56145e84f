#ifndef GOVMETRICS_TESTS_FUZZ_FUZZ_LIMITS_H_
#define GOVMETRICS_TESTS_FUZZ_FUZZ_LIMITS_H_

// Size caps shared by the fuzz targets. The point of fuzzing is "no crash, no UB, no hang"
// on malformed input, not to time the estimators on huge panels, so inputs that would only
// make one execution slow are skipped (or their replication counts clamped) before the call.

#include <algorithm>
#include <cstddef>

#include "govmetrics/common/v1/panel.pb.h"
#include "govmetrics/modeling/v1/model_spec.pb.h"

namespace govmetrics::fuzz {

inline constexpr int kMaxRows = 2000;
inline constexpr int kMaxColumns = 64;
inline constexpr int kMaxNames = 32;  // regressors, mediators, indicators, ...
inline constexpr int kFuzzMaxReplications = 50;
// Replications the fuzzer uses when 0 would mean "the service default" (999 for wild).
inline constexpr int kFuzzDefaultReplications = 19;

// True when the panel is small enough to analyse quickly. Every repeated field counts,
// because mismatched lengths are one of the things being fuzzed.
inline bool PanelWithinLimits(const common::v1::Panel& panel) {
  if (panel.entity_size() > kMaxRows || panel.period_size() > kMaxRows) return false;
  if (panel.columns_size() > kMaxColumns || panel.labels_size() > kMaxColumns) return false;
  for (const auto& c : panel.columns()) {
    if (c.values_size() > kMaxRows) return false;
  }
  for (const auto& l : panel.labels()) {
    if (l.values_size() > kMaxRows) return false;
  }
  return true;
}

// Clamps a replication count that the validator would accept (<= the service maximum) to
// kFuzzMaxReplications; out-of-range values are left alone so validation is still exercised.
inline int ClampReplications(int requested, int service_max) {
  if (requested > kFuzzMaxReplications && requested <= service_max) return kFuzzMaxReplications;
  return requested;
}

// Wild bootstrap: 0 means the 999-replication default, which is too slow per execution.
inline void ClampVariance(modeling::v1::VarianceSpec* variance, int service_max) {
  if (!variance->has_wild_bootstrap()) return;
  auto* wild = variance->mutable_wild_bootstrap();
  if (wild->replications() == 0) wild->set_replications(kFuzzDefaultReplications);
  wild->set_replications(ClampReplications(wild->replications(), service_max));
}

inline bool TransformsWithinLimits(int transforms) { return transforms <= kMaxNames; }

}  // namespace govmetrics::fuzz

#endif  // GOVMETRICS_TESTS_FUZZ_FUZZ_LIMITS_H_
