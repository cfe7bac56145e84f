#ifndef GOVMETRICS_COMMON_CONTRACTS_MODEL_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_MODEL_REQUEST_H_

// One panel model as requested over the wire -> stats::PanelInput + PanelModelOptions.
// FitPanelModel, HausmanTest and the multi-model RPCs (mediation, group comparison) all
// describe a model the same way; they fill a ModelRequest and share this conversion, so
// validation, transforms, filters and defaults are identical across steps.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/contracts/columnar_panel.h"
#include "common/contracts/kept_rows.h"
#include "common/stats/panel_input.h"
#include "common/stats/panel_options.h"
#include "govmetrics/common/v1/panel.pb.h"
#include "govmetrics/common/v1/provenance.pb.h"
#include "govmetrics/modeling/v1/model_spec.pb.h"
#include "govmetrics/modeling/v1/panel_model.pb.h"

namespace govmetrics::contracts {

// The model description, with the request path prefix of each field for error messages.
struct ModelRequest {
  const common::v1::Panel* panel = nullptr;
  // In place of `panel`: the panel in columnar form (compute by reference) and the
  // fingerprint provenance reports for it (the stored dataset's).
  const ColumnarPanel* columns = nullptr;
  std::string input_fingerprint;
  // `columns` again when the caller gives them up (nobody else reads them): PrepareModel
  // then frees each column once the engine's input has its copy, and they are left empty.
  ColumnarPanel* consumable_columns = nullptr;
  std::string dependent;
  std::vector<std::string> regressors;
  std::vector<std::string> endogenous;
  std::vector<std::string> instruments;
  modeling::v1::ModelSpec spec;
  // FitPanelModel's interaction terms (nullptr: none).
  const modeling::v1::ModerationSpec* moderation = nullptr;
  // Request field names (FitPanelModel has them at top level; mediation under "model").
  std::string dependent_field = "dependent";
  std::string regressors_field = "regressors";
  std::string spec_prefix = "";  // e.g. "model." for nested specs
};

// The stats-level problem, plus what the service needs to report.
struct PreparedModel {
  const common::v1::Panel* panel = nullptr;  // the request's panel (not owned), or null
  std::string input_fingerprint;             // when panel is null: ModelRequest's
  stats::PanelInput input;
  stats::PanelModelOptions options;
  int rows_filtered_out = 0;      // removed by the row filter
  KeptRows source_rows;           // request row of each PanelInput row
  std::vector<std::string> entity_names;  // by entity code
  std::vector<std::string> resolved;      // "name=value" lines for provenance
};

// Validates (INVALID_ARGUMENT naming fields and rows) and builds the stats input.
absl::StatusOr<PreparedModel> PrepareModel(const ModelRequest& request);

// The model's columns in the order the engine's input holds them: the regressors, the
// endogenous regressors, then the dependent. PrepareModel takes consumable columns laid
// out in this order (ColumnarPanelBuilder's engine_order) over as its input instead of
// copying them.
std::vector<std::string> EngineColumnOrder(const ModelRequest& request);

// How many entity codes the input has when they are exactly 0..n-1, each used
// (stats::PanelInput::entity_levels): PanelView numbers entities densely by first
// appearance, so they are when no row was filtered out. 0 otherwise.
int DenseEntityLevels(const PreparedModel& model);

// Resolved options as provenance entries.
void AddModelProvenance(const PreparedModel& model, common::v1::Provenance* provenance);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_MODEL_REQUEST_H_
