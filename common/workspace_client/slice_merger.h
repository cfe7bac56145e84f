#ifndef GOVMETRICS_COMMON_WORKSPACE_CLIENT_SLICE_MERGER_H_
#define GOVMETRICS_COMMON_WORKSPACE_CLIENT_SLICE_MERGER_H_

// Joins the columns of a dataset read as several slices (ReadDatasetRequest.slice, each
// slice's stream decoded into a ColumnarPanel of its own: dataset_reader.h) into the
// columns a single stream of the same rows gives, bit for bit.
//
// A slice whose stream numbers the dataset's entities (ReadDatasetRequest.
// dataset_entity_codes: the workspace serves it from the stored entity runs) already has
// the single stream's codes, and its names are the entities first seen in it: the join
// appends its names and codes as they are, after checking that the entities the
// workspace said come before it are the names the slices before it sent. No name is
// hashed and no code renumbered (at 1e8 rows over 2 streams, that join took 0.5-1.2 s
// after the last byte).
//
// A slice numbering its own entities (a workspace older than that field, a dataset stored
// without the runs) has codes from 0 in order of first appearance in that slice.
// Concatenating the slices in order and renumbering in order of first appearance in the
// whole gives the single stream's numbering: a name keeps the code of its first
// appearance, which is in the first slice it occurs in, and within that slice new names
// come in their order of first appearance. So each slice's dictionary is walked in code
// order, a name not yet known takes the next code, and its rows' codes are mapped
// through that table. Label values are always joined so (each stream numbers its own).
//
// The facts each slice's builder gathered on its reading thread (ColumnarChecks: finite
// columns, every entity's periods increasing; IdentifierFacts: rows per entity and per
// period) are joined the same way, through the same code tables, so the joined panel
// carries the facts one stream's builder would have gathered and no pass over every row
// runs after the last byte.
//
// The numeric values are not joined here: each slice's builder writes them straight into
// its rows of one shared block (ColumnarPanelBuilder::WriteValuesTo), and the caller
// hands that block to the result.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "common/contracts/columnar_panel.h"

namespace govmetrics::workspace_client {

class SliceMerger {
 public:
  // Appends the next slice's rows and joins its facts; `slice` is not Finished. The first
  // becomes the result: reserve its row arrays for every row of the read
  // (ColumnarPanelBuilder's expected_rows) and the others are appended without growing
  // them. `entities_before`: for a slice whose codes number the dataset's entities, the
  // entities its stream said come before it (its first ReadDatasetResponse.
  // entities_before); nullopt for one numbering its own. DATA_LOSS when the slice has
  // other columns or labels, or entities_before is not the count of the names before it.
  absl::Status Append(contracts::ColumnarPanel&& slice, std::optional<int64_t> entities_before);

  // The rows of every slice appended, with `values` (the shared block) as their values.
  contracts::ColumnarPanel Finish(Eigen::MatrixXd values) &&;

 private:
  // Names to codes of the result's dictionary `names`, built only when a slice that
  // numbers its own names must be joined (`covered`: names already in `codes`).
  struct Dictionary {
    absl::flat_hash_map<std::string, int32_t> codes;
    size_t covered = 0;
    // Adds the names `slice_names` does not know to `names` and returns the result's
    // code of each of them.
    std::vector<int32_t> Merge(const std::vector<std::string>& slice_names,
                               std::vector<std::string>* names);
  };
  // The slice's entities appended (names and codes); `to_ours` gets the result's code
  // of each of the slice's codes, for its facts.
  absl::Status AppendEntities(contracts::ColumnarPanel& slice,
                              std::optional<int64_t> entities_before,
                              std::vector<int32_t>* to_ours);

  bool started_ = false;
  contracts::ColumnarPanel panel_;
  Dictionary entities_;
  std::vector<Dictionary> labels_;
};

}  // namespace govmetrics::workspace_client

#endif  // GOVMETRICS_COMMON_WORKSPACE_CLIENT_SLICE_MERGER_H_
