#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_SLICE_MERGER_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_SLICE_MERGER_H_

// Joins the columns of a dataset read as several slices (ReadDatasetRequest.slice, each
// slice's stream decoded into a ColumnarPanel of its own: dataset_reader.h) into the
// columns a single stream of the same rows gives, bit for bit.
//
// Each slice's stream numbers entities (and each label's values) from 0 in order of first
// appearance in that slice. Concatenating the slices in order and renumbering in order of
// first appearance in the whole gives the single stream's numbering: a name keeps the
// code of its first appearance, which is in the first slice it occurs in, and within that
// slice new names come in their order of first appearance. So each slice's dictionary is
// walked in code order, a name not yet known takes the next code, and its rows' codes
// are mapped through that table.
//
// The facts each slice's builder gathered on its reading thread (ColumnarChecks: finite
// columns, every entity's periods increasing) are joined the same way, through the same
// code tables, so the joined panel carries the facts one stream's builder would have
// gathered and no check over every row runs after the last byte.
//
// The numeric values are not joined here: each slice's builder writes them straight into
// its rows of one shared block (ColumnarPanelBuilder::WriteValuesTo), and the caller
// hands that block to the result.

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "common/contracts/columnar_panel.h"

namespace govmetrics::workspace_client {

class SliceMerger {
 public:
  // `first`: the first slice's columns, which become the result; reserve its row arrays
  // for every row of the read (ColumnarPanelBuilder's expected_rows) and the other
  // slices are appended into them without growing them.
  explicit SliceMerger(contracts::ColumnarPanel first);

  // Appends the next slice's rows and joins its facts (same columns and labels, in the
  // same order: DATA_LOSS naming the difference otherwise). `slice` is not Finished.
  absl::Status Append(const contracts::ColumnarPanel& slice);

  // The rows of every slice appended, with `values` (the shared block) as their values.
  contracts::ColumnarPanel Finish(Eigen::MatrixXd values) &&;

 private:
  // Names to codes of the result's dictionary; adds the names `slice_names` does not
  // know and returns the result's code of each of them.
  struct Dictionary {
    absl::flat_hash_map<std::string, int32_t> codes;
    std::vector<int32_t> Merge(const std::vector<std::string>& slice_names,
                               std::vector<std::string>* names);
  };
  contracts::ColumnarPanel panel_;
  Dictionary entities_;
  std::vector<Dictionary> labels_;
};

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_SLICE_MERGER_H_
