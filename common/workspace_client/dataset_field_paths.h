#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_DATASET_FIELD_PATHS_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_DATASET_FIELD_PATHS_H_

// The field paths of a by-reference call's refusal, in the caller's terms. Validation
// names a bad cell by its place in the panel it checks ("panel.columns[2].values[17]"),
// but a caller that sent `dataset` sent no panel, and the panel checked holds only the
// columns the call reads, in the reader's order: index 2 there is not the dataset's
// third column. So a by-reference status names the dataset's column and row instead:
//
//   panel.columns[i].values[r]  -> dataset.rows[r].<column i's name>
//   panel.labels[i].values[r]   -> dataset.rows[r].<label i's name>
//   panel.entity[r] / period[r] -> dataset.rows[r].entity / .period
//   panel.columns[i]<rest>      -> dataset.columns.<name><rest>   (labels likewise)
//   panel<rest>                 -> dataset<rest>
//
// Rows are the dataset's rows in upload order (ReadDataset's first_row numbering), which
// is the order every by-reference read delivers. A name that is not an identifier is
// quoted: dataset.rows[3]["GDP per capita"].

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "govmetrics/common/v1/panel.pb.h"

namespace govmetrics::workspace_client {

// The names the read panel's columns and labels have, by their index in it.
struct ReadPanelNames {
  std::vector<std::string> columns;
  std::vector<std::string> labels;
};

// The names of a panel read in the ROWS form.
ReadPanelNames NamesOf(const common::v1::Panel& panel);

// `path` (a field path or precondition subject) rewritten as above; paths that do not
// start with "panel" are returned unchanged.
std::string DatasetFieldPath(const std::string& path, const ReadPanelNames& names);

// `status` with every BadRequest field and PreconditionFailure subject rewritten, and its
// message's leading path too; OK and statuses without a panel path pass unchanged.
absl::Status InDatasetTerms(absl::Status status, const ReadPanelNames& names);

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_DATASET_FIELD_PATHS_H_
