#include "common/contracts/columnar_panel.h"

#include <algorithm>
#include <climits>
#include <cstddef>
#include <numeric>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/stats/huge_pages.h"
#include "govmetrics/workspace/v1/workspace_service.pb.h"

namespace govmetrics::contracts {
namespace {

// The code of `name` in `dictionary`, adding it (next code) when new.
int32_t CodeOf(const std::string& name, absl::flat_hash_map<std::string, int32_t>* codes,
               std::vector<std::string>* dictionary) {
  auto [it, inserted] = codes->try_emplace(name, static_cast<int32_t>(dictionary->size()));
  if (inserted) dictionary->push_back(name);
  return it->second;
}

size_t StringBytes(const std::vector<std::string>& strings) {
  size_t bytes = strings.capacity() * sizeof(std::string);
  for (const auto& s : strings) bytes += s.capacity() > 15 ? s.capacity() : 0;
  return bytes;
}

absl::Status Mismatch(const std::string& what) {
  return absl::DataLossError(absl::StrCat("panel chunk does not match the columns read: ", what));
}

int Rows(const common::v1::Panel& chunk) { return chunk.entity_size(); }
int Rows(const workspace::v1::ColumnarChunk& chunk) { return chunk.entity_codes_size(); }
int Rows(const common::v1::Label& label) { return label.values_size(); }
int Rows(const workspace::v1::ColumnarLabel& label) { return label.codes_size(); }

// A chunk (Panel or ColumnarChunk) has the panel's columns and labels, in its order, and
// every row-aligned array has the chunk's row count.
// `column_names`: the builder's, in chunk order.
template <typename Chunk>
absl::Status CheckLayout(const Chunk& chunk, const std::vector<std::string>& column_names,
                         const ColumnarPanel& panel) {
  const int rows = Rows(chunk);
  if (chunk.columns_size() != static_cast<int>(column_names.size()) ||
      chunk.labels_size() != static_cast<int>(panel.labels.size())) {
    return Mismatch(absl::StrCat(chunk.columns_size(), " columns and ", chunk.labels_size(),
                                 " labels instead of ", column_names.size(), " and ",
                                 panel.labels.size()));
  }
  if (chunk.period_size() != rows) return Mismatch("period length differs from entity length");
  for (int c = 0; c < chunk.columns_size(); ++c) {
    if (chunk.columns(c).name() != column_names[c] || chunk.columns(c).values_size() != rows) {
      return Mismatch(absl::StrCat("column ", c, " ('", chunk.columns(c).name(), "')"));
    }
  }
  for (int l = 0; l < chunk.labels_size(); ++l) {
    if (chunk.labels(l).name() != panel.label_names[l] || Rows(chunk.labels(l)) != rows) {
      return Mismatch(absl::StrCat("label ", l, " ('", chunk.labels(l).name(), "')"));
    }
  }
  return absl::OkStatus();
}

// A chunk's periods and numeric columns (the same in both forms).
template <typename Chunk>
void AppendNumbers(const Chunk& chunk, ColumnarPanelBuilder* builder) {
  std::vector<int32_t>& period = builder->mutable_panel().period;
  period.insert(period.end(), chunk.period().begin(), chunk.period().end());
  for (int c = 0; c < chunk.columns_size(); ++c) {
    const auto& values = chunk.columns(c).values();
    builder->CopyValues(c, values.data(), static_cast<size_t>(values.size()));
  }
}

// Block column of each chunk column: `engine_order`'s columns first, in its order, then
// the others in chunk order.
std::vector<int> BlockSlots(const std::vector<std::string>& column_names,
                            const std::vector<std::string>& engine_order) {
  std::vector<int> slots(column_names.size(), -1);
  int next = 0;
  for (const std::string& name : engine_order) {
    auto it = std::find(column_names.begin(), column_names.end(), name);
    const auto c = static_cast<size_t>(it - column_names.begin());
    if (it != column_names.end() && slots[c] < 0) slots[c] = next++;
  }
  for (int& slot : slots) {
    if (slot < 0) slot = next++;
  }
  return slots;
}

// Adds a chunk's new dictionary entry (`what`: "entity", "label value").
absl::Status AddName(std::string name, const char* what,
                     absl::flat_hash_map<std::string, int32_t>* codes,
                     std::vector<std::string>* dictionary) {
  if (!codes->try_emplace(name, static_cast<int32_t>(dictionary->size())).second) {
    return absl::DataLossError(absl::StrCat(what, " '", name, "' was sent as new twice"));
  }
  dictionary->push_back(std::move(name));
  return absl::OkStatus();
}

// Checks a chunk's codes: each is known and codes first appear in order (`first_new`: the
// dictionary's size before the chunk's new names), and every new name is used.
absl::Status CheckCodes(absl::Span<const int32_t> chunk_codes, int32_t first_new,
                        int32_t dictionary_size, const char* what) {
  int32_t next_new = first_new;
  for (const int32_t code : chunk_codes) {
    if (code < 0 || code > next_new || code >= dictionary_size) {
      return absl::DataLossError(absl::StrCat(what, " code ", code, " is out of range or out of "
                                              "first-appearance order (next new code ", next_new, ")"));
    }
    if (code == next_new) ++next_new;
  }
  if (next_new != dictionary_size) {
    return absl::DataLossError(absl::StrCat(what, " names were sent that no row of the chunk uses"));
  }
  return absl::OkStatus();
}

// The codes appended to `codes` since row `first_row`.
absl::Span<const int32_t> Since(const std::vector<int32_t>& codes, size_t first_row) {
  return absl::MakeConstSpan(codes).subspan(first_row);
}

}  // namespace

size_t ColumnarPanel::Bytes() const {
  size_t bytes = StringBytes(entity_names) + (entity.capacity() + period.capacity()) * 4;
  bytes += static_cast<size_t>(values.size()) * sizeof(double);
  for (const auto& l : labels) bytes += l.capacity() * 4;
  for (const auto& levels : label_levels) bytes += StringBytes(levels);
  return bytes + identifiers.Bytes();
}

ColumnarPanelBuilder::ColumnarPanelBuilder(std::vector<std::string> column_names,
                                           std::vector<std::string> label_names,
                                           int64_t expected_rows,
                                           const std::vector<std::string>& engine_order)
    : chunk_column_names_(std::move(column_names)),
      slot_(BlockSlots(chunk_column_names_, engine_order)),
      filled_(chunk_column_names_.size(), 0) {
  const size_t rows = static_cast<size_t>(expected_rows);
  panel_.entity.reserve(rows);
  panel_.period.reserve(rows);
  panel_.column_names.resize(chunk_column_names_.size());
  for (size_t c = 0; c < slot_.size(); ++c) panel_.column_names[slot_[c]] = chunk_column_names_[c];
  panel_.values.resize(static_cast<Eigen::Index>(rows), static_cast<Eigen::Index>(slot_.size()));
  panel_.checks = ColumnarChecks(slot_.size());
  panel_.identifiers = IdentifierFacts::OverNoRows();
  panel_.label_names = std::move(label_names);
  panel_.labels.resize(panel_.label_names.size());
  for (auto& label : panel_.labels) label.reserve(rows);
  panel_.label_levels.resize(panel_.label_names.size());
  label_codes_.resize(panel_.label_names.size());
  chunk_start_.label_levels.resize(panel_.label_names.size());
  AdviseHugePages();
}

void ColumnarPanelBuilder::AdviseHugePages() const {
  stats::AdviseHugePages(panel_.entity);
  stats::AdviseHugePages(panel_.period);
  stats::AdviseHugePages(panel_.values.data(), sizeof(double) * panel_.values.size());
  for (const auto& label : panel_.labels) stats::AdviseHugePages(label);
}

absl::Status ColumnarPanelBuilder::Append(const common::v1::Panel& chunk) {
  if (absl::Status layout = CheckLayout(chunk, chunk_column_names_, panel_); !layout.ok()) {
    return layout;
  }
  const size_t first = panel_.entity.size();
  for (const std::string& entity : chunk.entity()) {
    panel_.entity.push_back(CodeOf(entity, &entity_codes_, &panel_.entity_names));
  }
  AppendNumbers(chunk, this);
  for (int l = 0; l < chunk.labels_size(); ++l) {
    for (const std::string& value : chunk.labels(l).values()) {
      panel_.labels[l].push_back(CodeOf(value, &label_codes_[l], &panel_.label_levels[l]));
    }
  }
  if (absl::Status room = SharedBlockFits(); !room.ok()) return room;
  CheckRows(first, /*runs=*/false);
  return absl::OkStatus();
}

absl::Status ColumnarPanelBuilder::Append(const workspace::v1::ColumnarChunk& chunk) {
  if (absl::Status layout = CheckLayout(chunk, chunk_column_names_, panel_); !layout.ok()) {
    return layout;
  }
  StartChunk();
  for (const std::string& name : chunk.new_entities()) {
    if (absl::Status added = AddEntityName(name); !added.ok()) return added;
  }
  panel_.entity.insert(panel_.entity.end(), chunk.entity_codes().begin(), chunk.entity_codes().end());
  for (int l = 0; l < chunk.labels_size(); ++l) {
    for (const std::string& value : chunk.labels(l).new_values()) {
      if (absl::Status added = AddLabelValue(l, value); !added.ok()) return added;
    }
    const auto& codes = chunk.labels(l).codes();
    panel_.labels[l].insert(panel_.labels[l].end(), codes.begin(), codes.end());
  }
  AppendNumbers(chunk, this);
  return EndChunk().status();
}

void ColumnarPanelBuilder::StartChunk() {
  chunk_runs_.Clear();
  entity_run_rows_ = period_run_rows_ = 0;
  chunk_start_.rows = panel_.entity.size();
  chunk_start_.entity_names = static_cast<int32_t>(panel_.entity_names.size());
  for (size_t l = 0; l < panel_.labels.size(); ++l) {
    chunk_start_.label_levels[l] = static_cast<int32_t>(panel_.label_levels[l].size());
  }
}

absl::Status ColumnarPanelBuilder::AddEntityName(std::string name) {
  return AddName(std::move(name), "entity", &entity_codes_, &panel_.entity_names);
}

absl::Status ColumnarPanelBuilder::AddLabelValue(int label, std::string value) {
  return AddName(std::move(value), "label value", &label_codes_[label], &panel_.label_levels[label]);
}

void ColumnarPanelBuilder::AppendEntityRuns(absl::Span<const int32_t> codes,
                                            absl::Span<const int32_t> lengths) {
  for (size_t i = 0; i < codes.size() && i < lengths.size(); ++i) {
    if (lengths[i] < 1) continue;
    panel_.entity.insert(panel_.entity.end(), static_cast<size_t>(lengths[i]), codes[i]);
    chunk_runs_.entity_codes.push_back(codes[i]);
    chunk_runs_.entity_lengths.push_back(lengths[i]);
    entity_run_rows_ += lengths[i];
  }
}

void ColumnarPanelBuilder::AppendPeriodRuns(absl::Span<const int32_t> starts,
                                            absl::Span<const int32_t> lengths) {
  for (size_t i = 0; i < starts.size() && i < lengths.size(); ++i) {
    if (lengths[i] < 1 || int64_t{starts[i]} + lengths[i] - 1 > INT32_MAX) continue;
    const size_t at = panel_.period.size();
    panel_.period.resize(at + static_cast<size_t>(lengths[i]));
    std::iota(panel_.period.begin() + static_cast<std::ptrdiff_t>(at), panel_.period.end(),
              starts[i]);
    chunk_runs_.period_starts.push_back(starts[i]);
    chunk_runs_.period_lengths.push_back(lengths[i]);
    period_run_rows_ += lengths[i];
  }
}

absl::StatusOr<int64_t> ColumnarPanelBuilder::EndChunk() {
  const size_t first = chunk_start_.rows;
  const size_t end = panel_.entity.size();
  const auto rows = static_cast<int64_t>(end - first);
  if (absl::Status room = SharedBlockFits(); !room.ok()) return room;
  if (panel_.period.size() != end) return Mismatch("period length differs from entity length");
  for (size_t c = 0; c < slot_.size(); ++c) {
    if (filled_[slot_[c]] != static_cast<int64_t>(end)) {
      return Mismatch(absl::StrCat("column ", c, " ('", chunk_column_names_[c], "')"));
    }
  }
  for (size_t l = 0; l < panel_.labels.size(); ++l) {
    if (panel_.labels[l].size() != end) {
      return Mismatch(absl::StrCat("label ", l, " ('", panel_.label_names[l], "')"));
    }
  }
  // Runs that add up to the chunk's rows are all of its rows (they were appended whole).
  // A run's rows after its first repeat a code already checked, so its code alone is.
  const bool entity_runs = entity_run_rows_ == rows;
  const absl::Span<const int32_t> entity_codes =
      entity_runs ? absl::MakeConstSpan(chunk_runs_.entity_codes) : Since(panel_.entity, first);
  absl::Status coded =
      CheckCodes(entity_codes, entities_before_ + chunk_start_.entity_names,
                 entities_before_ + static_cast<int32_t>(panel_.entity_names.size()), "entity");
  for (size_t l = 0; coded.ok() && l < panel_.labels.size(); ++l) {
    coded = CheckCodes(Since(panel_.labels[l], first), chunk_start_.label_levels[l],
                       static_cast<int32_t>(panel_.label_levels[l].size()), "label value");
  }
  if (!coded.ok()) return coded;
  CheckRows(first, entity_runs && period_run_rows_ == rows);
  return rows;
}

// On the thread that receives the chunk: the passes over every row that would otherwise
// wait for the last byte (the values were checked as they were copied).
// A slice of a read over several streams checks its own rows on its own thread; the
// reader joins the slices' facts (ColumnarChecks::Join).
void ColumnarPanelBuilder::CheckRows(size_t first, bool runs) {
  if (runs) {
    const auto rows = static_cast<int64_t>(panel_.entity.size() - first);
    panel_.checks.AddRuns(chunk_runs_, rows);
    panel_.identifiers.AddRuns(chunk_runs_, rows);
    return;
  }
  panel_.checks.AddRows(Since(panel_.entity, first), Since(panel_.period, first));
  panel_.identifiers.AddRows(Since(panel_.entity, first), Since(panel_.period, first));
}

void ColumnarPanelBuilder::WriteValuesTo(Eigen::MatrixXd* block, int64_t first_row) {
  shared_block_ = block;
  shared_first_row_ = first_row;
  panel_.values.resize(0, panel_.values.cols());
}

absl::Status ColumnarPanelBuilder::SharedBlockFits() const {
  if (overflow_.empty()) return absl::OkStatus();
  return Mismatch(absl::StrCat("rows outside the ", shared_block_->rows(), " the read has room for"));
}

double* ColumnarPanelBuilder::SharedBlockRoom(int slot, size_t count) {
  const int64_t first = shared_first_row_ + filled_[slot];
  filled_[slot] += static_cast<int64_t>(count);
  if (first < 0 || first + static_cast<int64_t>(count) > shared_block_->rows()) {
    overflow_.resize(std::max(overflow_.size(), count));
    return overflow_.data();
  }
  return shared_block_->col(slot).data() + first;
}

void ColumnarPanelBuilder::CopyValues(int column, const void* bytes, size_t count) {
  if (count == 0) return;
  panel_.checks.CopyValues(slot_[column], bytes, AppendValues(column, count), count);
}

double* ColumnarPanelBuilder::AppendValues(int column, size_t count) {
  const int slot = slot_[column];
  if (shared_block_ != nullptr) return SharedBlockRoom(slot, count);
  const int64_t end = filled_[slot] + static_cast<int64_t>(count);
  if (end > panel_.values.rows()) {  // more rows than expected: grow (copies the block)
    panel_.values.conservativeResize(std::max(end, 2 * panel_.values.rows()), panel_.values.cols());
  }
  double* room = panel_.values.col(slot).data() + filled_[slot];
  filled_[slot] = end;
  return room;
}

ColumnarPanel ColumnarPanelBuilder::Finish() && {
  // Reserved for more rows than came (a test's guess): the block is cut to the rows.
  if (shared_block_ == nullptr && panel_.values.rows() != panel_.rows()) {
    panel_.values.conservativeResize(panel_.rows(), panel_.values.cols());
  }
  panel_.checks.Finish();
  return std::move(panel_);
}

absl::StatusOr<ColumnarPanel> ToColumnar(const common::v1::Panel& panel) {
  std::vector<std::string> columns, labels;
  for (const auto& column : panel.columns()) columns.push_back(column.name());
  for (const auto& label : panel.labels()) labels.push_back(label.name());
  ColumnarPanelBuilder builder(std::move(columns), std::move(labels), panel.entity_size());
  if (absl::Status appended = builder.Append(panel); !appended.ok()) return appended;
  return std::move(builder).Finish();
}

}  // namespace govmetrics::contracts
