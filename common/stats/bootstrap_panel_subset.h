// Building the PanelInput of one equation, or of a subset of rows, from a
// larger PanelInput (multi-model analyses fit several equations on one common
// sample: mediation paths, per-group models, resampled panels).
#ifndef GOVMETRICS_COMMON_STATS_BOOTSTRAP_PANEL_SUBSET_H_
#define GOVMETRICS_COMMON_STATS_BOOTSTRAP_PANEL_SUBSET_H_

#include <cstdint>
#include <vector>

#include "common/stats/panel_input.h"

namespace govmetrics::stats {

// The equation "response ~ x_columns" on every row of `in`: response -1 is
// in.y, otherwise the x column of that index. Identifiers, absorbed labels and
// cluster variables are copied.
PanelInput EquationInput(const PanelInput& in, int response, const std::vector<int>& x_columns);

// The rows `rows` (in that order, repetition allowed) of every column and
// identifier of `in`.
PanelInput SelectPanelRows(const PanelInput& in, const std::vector<int>& rows);

// Shrinks every row-aligned member of `in` to its first n rows (after
// DropIncompleteRows / CompactPanelRows compacted the kept rows to the top).
void TruncatePanelRows(PanelInput& in, int64_t n);

// Index of a column of in.x by name, or -1.
int FindRegressor(const PanelInput& in, const std::string& name);

}  // namespace govmetrics::stats

#endif  // GOVMETRICS_COMMON_STATS_BOOTSTRAP_PANEL_SUBSET_H_
