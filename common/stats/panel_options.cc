#include "common/stats/panel_options.h"

#include "common/stats/panel/estimator_registry.h"
#include "common/stats/panel/variance_registry.h"

namespace govmetrics::stats {

const char* ToString(PanelEstimator e) { return GetEstimator(e).name; }

const char* ToString(FixedEffectsKind f) {
  switch (f) {
    case FixedEffectsKind::kNone: return "none";
    case FixedEffectsKind::kEntity: return "entity";
    case FixedEffectsKind::kPeriod: return "period";
    case FixedEffectsKind::kTwoWay: return "two_way";
  }
  return "unknown";
}

const char* ToString(VarianceType v) { return GetVariance(v).name; }

const char* ToString(SmallSampleConvention c) {
  switch (c) {
    case SmallSampleConvention::kStata: return "stata";
    case SmallSampleConvention::kFixest: return "fixest";
    case SmallSampleConvention::kPlm: return "plm";
    case SmallSampleConvention::kPlmHc1: return "plm_hc1";
    case SmallSampleConvention::kNone: return "none";
  }
  return "unknown";
}

const char* ToString(ReferenceDistribution d) {
  switch (d) {
    case ReferenceDistribution::kAuto: return "auto";
    case ReferenceDistribution::kStudentT: return "t";
    case ReferenceDistribution::kNormal: return "normal";
  }
  return "unknown";
}

const char* ToString(SingletonPolicy s) {
  switch (s) {
    case SingletonPolicy::kAuto: return "auto";
    case SingletonPolicy::kDrop: return "drop";
    case SingletonPolicy::kKeep: return "keep";
  }
  return "unknown";
}

}  // namespace govmetrics::stats
