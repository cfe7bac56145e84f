// Moderation (interaction terms) in every panel estimator: the product columns
// are formed on the estimation sample before the estimator's transformation
// (as a formula y ~ x * z does in plm / lm), and the simple slopes and the
// Johnson-Neyman interval are computed from the fitted model's coefficients
// and covariance, whatever the variance estimator. Formulas and conventions:
// docs/methods/moderation.md.
#ifndef GOVMETRICS_COMMON_STATS_PANEL_MODERATION_H_
#define GOVMETRICS_COMMON_STATS_PANEL_MODERATION_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/stats/panel_input.h"
#include "common/stats/panel_result.h"

namespace govmetrics::stats {

// Centres (if asked) and appends the product columns of in.interactions to the
// first n rows of in.x. Returns one ModerationEffect per interaction with its
// terms, centres and moderator moments filled (the slopes come after the fit).
// InvalidArgument names "interactions[i]" for a focal or moderator that is not
// a regressor, an endogenous one, or an interaction listed twice.
absl::StatusOr<std::vector<ModerationEffect>> ExpandInteractions(
    PanelInput& in, int64_t n, const std::vector<std::string>& endogenous);

// Fills the simple slopes and Johnson-Neyman interval of each effect from
// fit's coefficients, covariance, reference distribution and confidence level.
// FailedPrecondition names the interaction when its focal regressor or a
// product term was dropped (collinear or absorbed by the fixed effects).
absl::Status EstimateSimpleSlopes(std::vector<ModerationEffect> effects, PanelFit* fit);

// Johnson-Neyman bounds for slope(m) = b1 + b3 m with
// Var = v11 + 2 m v13 + m^2 v33: where |slope| / se >= critical.
JohnsonNeymanInterval JohnsonNeyman(double b1, double b3, double v11, double v13, double v33,
                                    double critical);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_MODERATION_H_
