#ifndef GOVMETRICS_COMMON_FILES_PANEL_ROWS_H_
#define GOVMETRICS_COMMON_FILES_PANEL_ROWS_H_

// A run of rows of a panel, with every column and label: the chunks of a CreateDataset
// upload stream (the CLI's `dataset upload`, the gateway's POST /v1/datasets:upload).

#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::files {

// Rows [first, first + count) of `panel` (fewer at the end).
common::v1::Panel PanelRows(const common::v1::Panel& panel, int first, int count);

}  // namespace govmetrics::files

#endif  // GOVMETRICS_COMMON_FILES_PANEL_ROWS_H_
