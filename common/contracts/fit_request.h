#ifndef GOVMETRICS_COMMON_CONTRACTS_FIT_REQUEST_H_
#define GOVMETRICS_COMMON_CONTRACTS_FIT_REQUEST_H_

// FitPanelModel and HausmanTest: request -> stats -> response.

#include <functional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/contracts/model_request.h"
#include "common/stats/panel_result.h"
#include "govmetrics/modeling/v1/modeling_service.pb.h"

namespace govmetrics::contracts {

absl::StatusOr<modeling::v1::FitPanelModelResponse> FitPanelModel(
    const modeling::v1::FitPanelModelRequest& request, const std::function<bool()>* should_stop);

// The same fit on a panel in columnar form (compute by reference: the request's own
// `panel` is ignored); provenance reports `input_fingerprint`. Same bytes as the inline
// call on the Panel the columns came from. `consumable`: `columns` again when the caller
// gives them up: the engine's input takes their storage over (ModelRequest).
absl::StatusOr<modeling::v1::FitPanelModelResponse> FitPanelModel(
    const modeling::v1::FitPanelModelRequest& request, const ColumnarPanel& columns,
    std::string input_fingerprint, const std::function<bool()>* should_stop,
    ColumnarPanel* consumable = nullptr);

// The request's columns in the engine's order (EngineColumnOrder of its ModelRequest),
// for reading a dataset straight into that layout; empty when the request is invalid.
std::vector<std::string> EngineColumnOrder(const modeling::v1::FitPanelModelRequest& request);

absl::StatusOr<modeling::v1::HausmanTestResponse> HausmanTest(
    const modeling::v1::HausmanTestRequest& request, const std::function<bool()>* should_stop);

// The FitPanelModelRequest's model as a ModelRequest (shared with multi-model RPCs): its
// `model` spec, or the deprecated flat fields. INVALID_ARGUMENT when both are set.
absl::StatusOr<ModelRequest> ModelRequestOf(const modeling::v1::FitPanelModelRequest& request);

// Writes a stats fit into the wire response (shared with CompareGroups' per-group fits).
void FillFitResponse(const PreparedModel& model, const stats::PanelFit& fit,
                     modeling::v1::FitPanelModelResponse* response);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_FIT_REQUEST_H_
