// Input validation and the estimation sample: which rows are used, and why the
// others are not. Rows are dropped in place (compacted to the top of every
// column) so no copy of the data is made.
#ifndef GOVMETRICS_COMMON_STATS_PANEL_SAMPLE_H_
#define GOVMETRICS_COMMON_STATS_PANEL_SAMPLE_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "common/stats/panel_input.h"
#include "common/stats/panel_options.h"
#include "common/stats/panel_result.h"

namespace govmetrics::stats {

// Shapes, names, and option consistency. InvalidArgument names the field.
absl::Status ValidatePanelInput(const PanelInput& input,
                                const PanelModelOptions& options);

// Drops rows with a missing (non-finite) value in y, any regressor, or (IV)
// any instrument, attributing each row to the first such variable. Returns
// the number of rows kept; `dropped` receives one entry per reason. Every row, without
// looking, when the caller set input.known_complete.
int64_t DropIncompleteRows(PanelInput& input, bool use_instruments,
                           std::vector<DroppedRows>* dropped);

// Keeps the first-n rows flagged in `keep` (size n), compacting every column
// and identifier vector of `input` in place. Returns the new row count.
int64_t CompactPanelRows(PanelInput& input, int64_t n, const std::vector<char>& keep);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_PANEL_SAMPLE_H_
