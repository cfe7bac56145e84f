#ifndef GOVMETRICS_CLIENTS_CLI_IV_TABLE_H_
#define GOVMETRICS_CLIENTS_CLI_IV_TABLE_H_

// Terminal rendering of the first stages and instrument diagnostics of an IV fit
// (docs/methods/iv.md); empty for other estimators.

#include <string>

#include "govmetrics/modeling/v1/panel_model.pb.h"

namespace govmetrics::cli {

std::string RenderIvDiagnostics(const modeling::v1::FitPanelModelResponse& fit);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_IV_TABLE_H_
