// Options of a panel model fit: estimator, fixed effects, variance estimator
// and small-sample convention. Every default is explicit here and echoed back
// (resolved) in PanelFit so a response states exactly what was computed.
// Formulas: docs/methods/panel.md.
#ifndef GOVMETRICS_COMMON_STATS_PANEL_OPTIONS_H_
#define GOVMETRICS_COMMON_STATS_PANEL_OPTIONS_H_

#include <string>
#include <vector>

namespace govmetrics::stats {

enum class PanelEstimator {
  kPooledOls,         // OLS with an intercept, no fixed effects
  kWithin,            // fixed effects absorbed (entity / period / two-way / extra)
  kRandomEffects,     // Swamy-Arora GLS, as plm random.method = "swar"
  kFirstDifference,   // as plm model = "fd" (row-wise differences, intercept)
  kBetween,           // OLS on group means, as plm model = "between"
  kIv,                // 2SLS, with fixed effects absorbed if requested
};

enum class FixedEffectsKind { kNone, kEntity, kPeriod, kTwoWay };

enum class VarianceType {
  kIid,
  kHc0,
  kHc1,
  kHc2,
  kHc3,
  kCluster,         // one- or two-way (Cameron-Gelbach-Miller)
  kDriscollKraay,   // Bartlett kernel over period sums, as plm vcovSCC
};

// Which package's small-sample factors (and default reference distribution)
// to reproduce. Exact formulas: docs/methods/panel.md.
enum class SmallSampleConvention {
  kStata,
  kFixest,
  kPlm,
  kPlmHc1,  // as kPlm, except clustering uses plm's type = "HC1": N/(N-k)
  kNone,
};

enum class ReferenceDistribution {
  kAuto,      // what the convention uses (t with df_resid, or t with G-1)
  kStudentT,  // t with df_resid, whatever the convention
  kNormal,    // asymptotic: normal for t-tests, chi-square for the Wald test
};

// Removal of observations that are alone in a fixed-effect level. They are
// fitted perfectly and carry no information about the slopes, but inflate N
// and the cluster count in small-sample factors.
enum class SingletonPolicy {
  kAuto,  // drop only for the STATA convention with absorbed fixed effects
          // (as reghdfe does); keep otherwise (as plm, fixest, xtreg do)
  kDrop,
  kKeep,
};

struct VarianceOptions {
  VarianceType type = VarianceType::kIid;
  // For kCluster: one or two of "entity", "period", or a name of
  // PanelInput::cluster_names. Empty with kCluster means {"entity"}.
  std::vector<std::string> cluster_by;
  // For kDriscollKraay; 0 or negative means floor(max T_i ^ (1/4)) as plm
  // (and as the proto's unset 0). Lag 0 proper is clustering by period.
  int max_lag = 0;
  SmallSampleConvention small_sample = SmallSampleConvention::kStata;
  ReferenceDistribution distribution = ReferenceDistribution::kAuto;
};

struct PanelModelOptions {
  PanelEstimator estimator = PanelEstimator::kWithin;
  // Within / IV: which effects to absorb (plus PanelInput::absorb).
  // Random effects / between: kEntity (default) or kPeriod selects the effect.
  FixedEffectsKind fixed_effects = FixedEffectsKind::kEntity;
  VarianceOptions variance;
  // IV: names of columns of PanelInput::x that are endogenous; the excluded
  // instruments are PanelInput::instruments.
  std::vector<std::string> endogenous;
  SingletonPolicy singletons = SingletonPolicy::kAuto;
  double confidence_level = 0.95;
  double fe_tolerance = 1e-12;
  int fe_max_iterations = 10000;
  double collinearity_tolerance = 1e-10;
  int threads = 2;
};

const char* ToString(PanelEstimator e);
const char* ToString(FixedEffectsKind f);
const char* ToString(VarianceType v);
const char* ToString(SmallSampleConvention c);
const char* ToString(ReferenceDistribution d);
const char* ToString(SingletonPolicy s);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_OPTIONS_H_
