#ifndef GOVMETRICS_CLIENTS_CLI_MODERATION_TABLE_H_
#define GOVMETRICS_CLIENTS_CLI_MODERATION_TABLE_H_

// `govmetrics fit --interaction FOCAL:MODERATOR`: the request's ModerationSpec from the
// option, and the simple slopes and Johnson-Neyman interval of each interaction as a table
// (docs/methods/moderation.md). Empty without interactions.

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "clients/cli/result_table.h"
#include "govmetrics/modeling/v1/panel_model.pb.h"

namespace govmetrics::cli {

// "lpcap:unemp" -> {focal lpcap, moderator unemp}; "lpcap:unemp=4,6,8" also sets the
// moderator values of the simple slopes. INVALID_ARGUMENT naming the entry otherwise.
absl::StatusOr<modeling::v1::ModerationSpec> ParseInteractions(const std::vector<std::string>& entries, bool center);

std::vector<ResultTable> ModerationTables(const modeling::v1::FitPanelModelResponse& fit);

}  // namespace govmetrics::cli

#endif  // GOVMETRICS_CLIENTS_CLI_MODERATION_TABLE_H_
