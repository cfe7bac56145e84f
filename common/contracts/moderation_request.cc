#include "common/contracts/moderation_request.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;

bool Contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

// Sorted distinct values of a label over the used rows.
std::vector<std::string> LabelLevels(const PanelView& panel, int label,
                                     const KeptRows& rows) {
  std::vector<std::string> levels;
  for (int r : rows) levels.push_back(panel.LabelValue(label, r));
  std::sort(levels.begin(), levels.end());
  levels.erase(std::unique(levels.begin(), levels.end()), levels.end());
  return levels;
}

// 0/1 columns "label=level" of every level but the reference (moved to the front of
// spec->levels), appended to input->x.
void AddLevelDummies(const PanelView& panel, int label, const KeptRows& rows,
                     const mv1::InteractionTerm& term, const std::string& field,
                     stats::InteractionSpec* spec, stats::PanelInput* input,
                     FieldViolations* violations) {
  std::vector<std::string> levels = LabelLevels(panel, label, rows);
  if (levels.size() < 2) {
    violations->Add(field + ".moderator", absl::StrCat("label '", term.moderator(),
                                                       "' has fewer than two levels in the sample"));
    return;
  }
  if (!term.reference_level().empty()) {
    auto it = std::find(levels.begin(), levels.end(), term.reference_level());
    if (it == levels.end()) {
      violations->Add(field + ".reference_level",
                      absl::StrCat("no level '", term.reference_level(), "' in label '",
                                   term.moderator(), "' (levels: ", absl::StrJoin(levels, ", "), ")"));
      return;
    }
    std::rotate(levels.begin(), it, it + 1);
  }
  spec->levels = levels;
  const Eigen::Index n = input->x.rows();
  for (size_t l = 1; l < levels.size(); ++l) {
    const std::string name = absl::StrCat(term.moderator(), "=", levels[l]);
    spec->level_columns.push_back(name);
    if (Contains(input->x_names, name)) continue;  // shared by two interactions
    const Eigen::Index c = input->x.cols();
    input->x.conservativeResize(n, c + 1);
    for (Eigen::Index i = 0; i < n; ++i) input->x(i, c) = panel.LabelValue(label, rows[i]) == levels[l] ? 1.0 : 0.0;
    input->x_names.push_back(name);
  }
}

}  // namespace

void AddModeration(const mv1::ModerationSpec& spec, const PanelView& panel,
                   const KeptRows& source_rows, const std::vector<std::string>& endogenous,
                   stats::PanelInput* input, FieldViolations* violations) {
  input->center_interactions = spec.center();
  for (int i = 0; i < spec.interactions_size(); ++i) {
    const mv1::InteractionTerm& term = spec.interactions(i);
    const std::string field = absl::StrCat("moderation.interactions[", i, "]");
    stats::InteractionSpec out;
    out.focal = term.focal();
    out.moderator = term.moderator();
    out.at.assign(term.moderator_values().begin(), term.moderator_values().end());
    if (!Contains(input->x_names, term.focal()) || Contains(endogenous, term.focal())) {
      violations->Add(field + ".focal", absl::StrCat("'", term.focal(),
                                                     "' is not an exogenous regressor of the model"));
      continue;
    }
    if (panel.FindColumn(term.moderator())) {
      if (!Contains(input->x_names, term.moderator()) || Contains(endogenous, term.moderator())) {
        violations->Add(field + ".moderator",
                        absl::StrCat("numeric moderator '", term.moderator(),
                                     "' must also be an exogenous regressor (its main effect)"));
        continue;
      }
      if (term.moderator() == term.focal()) {
        violations->Add(field + ".moderator", "focal and moderator are the same column");
        continue;
      }
    } else if (auto label = panel.FindLabel(term.moderator())) {
      if (term.moderator_values_size() > 0) {
        violations->Add(field + ".moderator_values",
                        "a label moderator has one simple slope per level; values are for numeric "
                        "moderators");
        continue;
      }
      AddLevelDummies(panel, *label, source_rows, term, field, &out, input, violations);
    } else {
      violations->Add(field + ".moderator",
                      absl::StrCat("no column or label '", term.moderator(), "' in panel"));
      continue;
    }
    input->interactions.push_back(std::move(out));
  }
}

void FillModerationResults(const std::vector<stats::ModerationEffect>& effects,
                           mv1::FitPanelModelResponse* response) {
  for (const stats::ModerationEffect& e : effects) {
    mv1::ModerationResult* out = response->add_moderation();
    out->set_focal(e.focal);
    out->set_moderator(e.moderator);
    for (const auto& t : e.terms) out->add_terms(t);
    out->set_centered(e.centered);
    out->set_focal_center(e.focal_center);
    out->set_moderator_center(e.moderator_center);
    out->set_moderator_mean(e.moderator_mean);
    out->set_moderator_sd(e.moderator_sd);
    for (const stats::SimpleSlope& s : e.slopes) {
      mv1::SimpleSlope* slope = out->add_simple_slopes();
      slope->set_at_label(s.at_label);
      slope->set_at(s.at);
      slope->set_slope(s.slope);
      slope->set_std_error(s.std_error);
      slope->set_statistic(s.statistic);
      slope->set_p_value(s.p_value);
      slope->set_ci_lower(s.ci_lower);
      slope->set_ci_upper(s.ci_upper);
    }
    if (e.johnson_neyman.computed) {
      mv1::JohnsonNeymanInterval* jn = out->mutable_johnson_neyman();
      jn->set_region(e.johnson_neyman.region);
      jn->set_lower(e.johnson_neyman.lower);
      jn->set_upper(e.johnson_neyman.upper);
      jn->set_critical_value(e.johnson_neyman.critical_value);
      jn->set_observed_min(e.johnson_neyman.observed_min);
      jn->set_observed_max(e.johnson_neyman.observed_max);
    }
  }
}

}  // namespace govmetrics::contracts
