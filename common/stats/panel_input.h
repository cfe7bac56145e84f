// The data of one panel model fit: response, regressors, panel identifiers,
// extra absorbed effects, extra cluster variables and excluded instruments,
// all row-aligned. NaN marks a missing value.
//
// The engine takes PanelInput BY VALUE and works on its matrices in place
// (dropping rows, absorbing fixed effects), so a caller that std::move()s its
// input gets no copy of the data at all; one that passes an lvalue pays one.
#ifndef GOVMETRICS_COMMON_STATS_PANEL_INPUT_H_
#define GOVMETRICS_COMMON_STATS_PANEL_INPUT_H_

#include <string>
#include <vector>

#include "Eigen/Core"
#include "common/stats/counted_factor.h"

namespace govmetrics::stats {

// Moderation: the product of a focal regressor and a moderator, formed by the
// engine on the estimation sample (complete rows), so that centring uses the
// sample's means, then transformed like any regressor by the estimator.
struct InteractionSpec {
  std::string focal;      // a column of PanelInput::x
  std::string moderator;  // a column of x (continuous) or a label's name
  // Label moderator: the 0/1 columns of x of its non-reference levels, and
  // every level's name, the reference level first. Empty when continuous.
  std::vector<std::string> level_columns;
  std::vector<std::string> levels;
  // Continuous moderator: where to evaluate simple slopes (raw scale); empty
  // means mean - 1 SD, mean, mean + 1 SD over the estimation sample.
  std::vector<double> at;
};

struct PanelInput {
  std::string y_name = "y";
  Eigen::VectorXd y;
  std::vector<std::string> x_names;
  Eigen::MatrixXd x;  // n x k, column-major; no intercept column (added by
                      // the estimators that have one)
  // Panel identifiers (any integers; period values give the time order).
  // Required by every estimator except pooled OLS with iid / HC variance.
  std::vector<int> entity;
  std::vector<int> period;
  // Extra fixed effects to absorb (within / IV), any integer labels.
  std::vector<std::string> absorb_names;
  std::vector<std::vector<int>> absorb;
  // Extra cluster variables, referred to by name in VarianceOptions.
  std::vector<std::string> cluster_names;
  std::vector<std::vector<int>> clusters;
  // IV: excluded instruments (n x m).
  std::vector<std::string> instrument_names;
  Eigen::MatrixXd instruments;
  // Moderation: product columns appended to x (named "focal:moderator" or
  // "focal:moderator=level"); with center_interactions the focal variables and
  // continuous moderators are mean-centred over the estimation sample first.
  std::vector<InteractionSpec> interactions;
  bool center_interactions = false;
  // Set only by a caller that has established that y, x and the instruments hold no
  // missing or infinite value (compute by reference sees it as the dataset streams in:
  // contracts/columnar_checks.h): the engine then skips its scan for incomplete rows
  // (DropIncompleteRows), a pass over every value. False: the engine looks.
  bool known_complete = false;
  // When > 0: the entity codes are exactly 0..entity_levels-1, each used by some row (a
  // caller that numbered them so: PanelView numbers entities densely by first
  // appearance), so the entity fixed effect is the codes themselves, counted in one pass
  // instead of recoded (RecodeFactor's passes over every row; recoded all the same if
  // a code is out of range or unused). Dropping rows clears it (CompactPanelRows).
  int entity_levels = 0;
  // Counts of the entity codes and of the periods over every row, when the caller has
  // them (compute by reference counts them as the dataset streams in): the factors are
  // then made in one pass each (CountedFactor). Dropping rows clears them.
  IdentifierCounts entity_counts;
  IdentifierCounts period_counts;
  // Set by a caller that has established that no two rows have the same (entity,
  // period) (the compute services refuse such panels: contracts' PanelView). A two-way
  // fit then knows whether entity and period cross completely from their level counts
  // (fixed_effects_crossing.h). Dropping rows keeps it (a subset of unique pairs is).
  bool unique_entity_periods = false;
};

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_INPUT_H_
