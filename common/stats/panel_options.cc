#include "common/stats/panel_options.h"

namespace govmetrics::stats {

const char* ToString(PanelEstimator e) {
  switch (e) {
    case PanelEstimator::kPooledOls: return "pooled_ols";
    case PanelEstimator::kWithin: return "within";
    case PanelEstimator::kRandomEffects: return "random_effects";
    case PanelEstimator::kFirstDifference: return "first_difference";
    case PanelEstimator::kBetween: return "between";
    case PanelEstimator::kIv: return "iv";
  }
  return "unknown";
}

const char* ToString(FixedEffectsKind f) {
  switch (f) {
    case FixedEffectsKind::kNone: return "none";
    case FixedEffectsKind::kEntity: return "entity";
    case FixedEffectsKind::kPeriod: return "period";
    case FixedEffectsKind::kTwoWay: return "two_way";
  }
  return "unknown";
}

const char* ToString(VarianceType v) {
  switch (v) {
    case VarianceType::kIid: return "iid";
    case VarianceType::kHc0: return "hc0";
    case VarianceType::kHc1: return "hc1";
    case VarianceType::kHc2: return "hc2";
    case VarianceType::kHc3: return "hc3";
    case VarianceType::kCluster: return "cluster";
    case VarianceType::kDriscollKraay: return "driscoll_kraay";
  }
  return "unknown";
}

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
