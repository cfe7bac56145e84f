#ifndef GOVMETRICS_COMMON_CONTRACTS_MODERATION_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_MODERATION_REQUEST_H_

// FitPanelModelRequest.moderation -> stats::InteractionSpec (the engine forms the products
// on the estimation sample), and the stats results -> ModerationResult. A label moderator's
// non-reference levels become 0/1 regressors "label=level" here; a numeric moderator must
// be a regressor already (its main effect).

#include <vector>

#include "common/contracts/field_violations.h"
#include "common/contracts/kept_rows.h"
#include "common/contracts/panel_view.h"
#include "common/stats/panel_input.h"
#include "common/stats/panel_result.h"
#include "govmetrics/modeling/v1/panel_model.pb.h"

namespace govmetrics::contracts {

// Adds the interactions (and label dummies, on the rows `source_rows` of `panel`) to
// `input`; problems are recorded as violations under `prefix` (e.g. "moderation.").
void AddModeration(const modeling::v1::ModerationSpec& spec, const PanelView& panel,
                   const KeptRows& source_rows, const std::vector<std::string>& endogenous,
                   stats::PanelInput* input, FieldViolations* violations);

void FillModerationResults(const std::vector<stats::ModerationEffect>& effects,
                           modeling::v1::FitPanelModelResponse* response);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_MODERATION_REQUEST_H_
