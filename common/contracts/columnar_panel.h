#ifndef GOVMETRICS_COMMON_CONTRACTS_COLUMNAR_PANEL_H_
#define GOVMETRICS_COMMON_CONTRACTS_COLUMNAR_PANEL_H_

// A panel held as columns, the form the panel engine works on: each numeric column one
// contiguous vector of doubles, entities as int32 codes with one dictionary of names,
// periods as int32, labels as codes with a dictionary each. Compute by reference streams
// a stored dataset's chunks into it (common/workspace_client/dataset_reader.h), so a
// large dataset is never a protobuf Panel in the compute process: at 1e8 rows a Panel
// spends about 56 bytes per row on entity strings alone, the columnar form 4.
//
// PanelView (panel_view.h) validates and reads either form, so a request computed on a
// ColumnarPanel gives the bytes the same request with the panel inline gives: entity
// codes follow first appearance, as PanelView numbers an inline panel's entities.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/contracts/columnar_checks.h"
#include "common/contracts/identifier_facts.h"
#include "common/contracts/identifier_runs.h"
#include "govmetrics/common/v1/panel.pb.h"

// Declared only: most code including this header never sees a workspace message, and
// including workspace_service.pb.h here would rebuild it on every workspace contract change.
namespace govmetrics::workspace::v1 {
class ColumnarChunk;
}  // namespace govmetrics::workspace::v1

namespace govmetrics::contracts {

struct ColumnarPanel {
  std::vector<std::string> entity_names;  // by code, in order of first appearance
  std::vector<int32_t> entity;            // code of each row
  std::vector<int32_t> period;
  // Numeric column c is named column_names[c] and its values are column c of `values`
  // (NaN = missing, as in Panel): one column-major block of rows x columns, so the panel
  // engine's input can take the block over as its regressor matrix instead of copying it
  // (model_request.cc), when the builder laid the model's columns out first.
  std::vector<std::string> column_names;
  Eigen::MatrixXd values;
  std::vector<std::string> label_names;
  std::vector<std::vector<std::string>> label_levels;  // by code, first appearance
  std::vector<std::vector<int32_t>> labels;            // code of each row
  // What the builder established about the rows as they came (finite columns, unique
  // (entity, period) rows), so that PanelView and PrepareModel need not look again after
  // the stream. Cleared by whoever changes the rows afterwards.
  ColumnarChecks checks;
  // Rows per entity code and per period, counted as the rows came (identifier_facts.h).
  IdentifierFacts identifiers;

  int64_t rows() const { return static_cast<int64_t>(entity.size()); }
  absl::Span<const double> column(int c) const {
    return {values.col(c).data(), static_cast<size_t>(values.rows())};
  }
  // Heap bytes held (what a cache of these counts).
  size_t Bytes() const;
};

// Fills a ColumnarPanel from Panel chunks appended in row order (a dataset's stream, or
// one whole inline panel). Every chunk must have the columns and labels given at
// construction, in that order, with every row-aligned array the entity array's length.
class ColumnarPanelBuilder {
 public:
  // `column_names`: the numeric columns in the order chunks carry them. `expected_rows`
  // reserves every array up front, so a large panel does not grow by doubling (twice its
  // memory for a moment) while it streams in. `engine_order`: column names to lay out
  // first in the panel's block, in that order (the other columns follow in chunk order;
  // names that are not columns are ignored): a model's regressors then its dependent
  // (EngineColumnOrder, fit_request.h), so that the engine takes the block as it is.
  ColumnarPanelBuilder(std::vector<std::string> column_names,
                       std::vector<std::string> label_names, int64_t expected_rows,
                       const std::vector<std::string>& engine_order = {});

  // DATA_LOSS when the chunk's layout differs from the builder's (names the difference).
  absl::Status Append(const common::v1::Panel& chunk);

  // The same for a chunk of a COLUMNAR ReadDataset stream (workspace_service.proto): its
  // new names extend the dictionaries, its codes are copied. DATA_LOSS as above, and when
  // a name comes twice or a code is out of range or out of first-appearance order (the
  // codes would then differ from those of the same rows in Panel chunks). After an error
  // the builder is void (the read it serves has failed).
  absl::Status Append(const workspace::v1::ColumnarChunk& chunk);

  // The same chunk decoded by a parser of its wire bytes (workspace_client's
  // columnar_chunk_parser.h), which appends straight into the panel instead of building a
  // ColumnarChunk first: StartChunk, then AddEntityName / AddLabelValue for the chunk's
  // new names, CopyValues for its values, AppendEntityRuns / AppendPeriodRuns or appends
  // to mutable_panel()'s row arrays for its codes, in any order, then EndChunk,
  // which checks what Append checks (every row array grew by the same count, codes in
  // range and in first-appearance order) and returns the chunk's row count. DATA_LOSS
  // as Append; after an error the builder is void.
  void StartChunk();
  absl::Status AddEntityName(std::string name);
  absl::Status AddLabelValue(int label, std::string value);
  // Appends the next `count` values of numeric column `column` (in chunk order), copied
  // from `bytes` (little-endian doubles, any alignment: a gRPC slice's); the panel's
  // checks see each value as it is copied (ColumnarChecks::CopyValues). Grows the block
  // (a copy) only past the expected rows.
  void CopyValues(int column, const void* bytes, size_t count);
  // Append the chunk's entity codes as runs (codes[i] repeated lengths[i] times) and its
  // periods as runs of consecutive periods (starts[i], starts[i] + 1, ..., lengths[i] of
  // them). The caller checks that every length is at least 1 and that no run passes
  // INT32_MAX (a run that does not is left out, and EndChunk then finds the rows short).
  // When the chunk's entity codes are all runs, EndChunk checks them run by run; when
  // its periods are too, the facts are gathered stretch by stretch (identifier_runs.h).
  void AppendEntityRuns(absl::Span<const int32_t> codes, absl::Span<const int32_t> lengths);
  void AppendPeriodRuns(absl::Span<const int32_t> starts, absl::Span<const int32_t> lengths);
  const std::vector<std::string>& chunk_column_names() const { return chunk_column_names_; }

  // For one slice of a read over several streams (workspace_client/dataset_reader.h):
  // the numeric values go to `block` (the whole read's, laid out as this builder's, shared
  // by the slices' builders) from row `first_row` on, instead of into a block of the
  // builder's own, which is freed; the panel's `values` then stay empty. Call before the
  // first chunk. Rows past the end of `block` are not written: EndChunk (or Append) then
  // fails with DATA_LOSS. The panel's checks still cover the slice's rows (their values
  // checked as they are copied), in the slice's entity codes: SliceMerger joins them.
  void WriteValuesTo(Eigen::MatrixXd* block, int64_t first_row);
  // For a slice whose entity codes number the dataset's entities (ReadDatasetRequest.
  // dataset_entity_codes): its rows follow `entities_before` entities first seen before
  // it, so its new names take the codes from entities_before on (entity_names holds only
  // those) and codes below it are known. Call before the first chunk.
  void NumberEntitiesAfter(int32_t entities_before) { entities_before_ = entities_before; }
  ColumnarPanel& mutable_panel() { return panel_; }
  absl::StatusOr<int64_t> EndChunk();

  ColumnarPanel Finish() &&;

 private:
  // Sizes when the current chunk started: where its rows and new names begin.
  struct ChunkStart {
    size_t rows = 0;
    int32_t entity_names = 0;
    std::vector<int32_t> label_levels;
  };

  // The reserved arrays are filled once, page by page: huge pages (stats/huge_pages.h).
  void AdviseHugePages() const;

  // Room for the next `count` values of numeric column `column`.
  double* AppendValues(int column, size_t count);
  // AppendValues's room when the values go to WriteValuesTo's block, and whether every
  // value so far fell inside it.
  double* SharedBlockRoom(int slot, size_t count);
  absl::Status SharedBlockFits() const;
  // Records the rows appended since row `first` in the panel's checks, from `chunk_runs_`
  // when `runs` (they are the rows) or else row by row.
  void CheckRows(size_t first, bool runs);

  ColumnarPanel panel_;
  Eigen::MatrixXd* shared_block_ = nullptr;  // WriteValuesTo's block, or null
  int64_t shared_first_row_ = 0;
  std::vector<double> overflow_;  // where values past the shared block's end go, unread
  std::vector<std::string> chunk_column_names_;
  std::vector<int> slot_;          // block column of each chunk column
  std::vector<int64_t> filled_;    // values written to each block column
  absl::flat_hash_map<std::string, int32_t> entity_codes_;
  std::vector<absl::flat_hash_map<std::string, int32_t>> label_codes_;
  ChunkStart chunk_start_;
  // The current chunk's AppendEntityRuns and AppendPeriodRuns, and the rows they added.
  IdentifierRuns chunk_runs_;
  int64_t entity_run_rows_ = 0, period_run_rows_ = 0;
  int32_t entities_before_ = 0;  // NumberEntitiesAfter's
};

// The whole of an inline panel in columnar form (the conversion the stream uses).
absl::StatusOr<ColumnarPanel> ToColumnar(const common::v1::Panel& panel);

}  // namespace govmetrics::contracts

#endif  // GOVMETRICS_COMMON_CONTRACTS_COLUMNAR_PANEL_H_
