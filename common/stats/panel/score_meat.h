// The "meat" of a sandwich from per-row scores: sum_i s_i s_i' or, with a
// cluster factor, sum_g (sum_{i in g} s_i)(sum_{i in g} s_i)'. No small-sample
// factor: callers scale as the statistic's convention requires.
#ifndef GOVMETRICS_COMMON_STATS_PANEL_SCORE_MEAT_H_
#define GOVMETRICS_COMMON_STATS_PANEL_SCORE_MEAT_H_

#include "Eigen/Core"
#include "common/stats/fixed_effects_factor.h"

namespace govmetrics::stats {

// scores: n x q (row i = s_i'); cluster: nullptr or codes of the n rows.
Eigen::MatrixXd ScoreMeat(const Eigen::MatrixXd& scores, const FactorCodes* cluster);

// Scores z_i * e_i of the moment conditions E[z e] = 0 (row-wise product).
Eigen::MatrixXd MomentScores(const Eigen::MatrixXd& z, const Eigen::VectorXd& e);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_SCORE_MEAT_H_
