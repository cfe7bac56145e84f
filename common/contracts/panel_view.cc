#include "common/contracts/panel_view.h"

#include <openssl/evp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"

namespace govmetrics::contracts {
namespace {

// Row-aligned arrays must all have the entity array's length.
void CheckLength(int expected, int actual, const std::string& field, FieldViolations* violations) {
  if (actual != expected) {
    violations->Add(field, absl::StrCat("has ", actual, " values but the panel has ", expected,
                                        " rows (length of entity)"));
  }
}

// Rows with an empty entity name (`name_of(r)` is row r's entity).
template <typename NameOf>
void CheckEntityNames(int rows, const std::string& path, NameOf name_of, FieldViolations* violations) {
  for (int r = 0; r < rows; ++r) {
    if (name_of(r).empty()) violations->Add(absl::StrCat(path, ".entity[", r, "]"), "entity is empty");
  }
}

// At most this many bits per row for the (entity, period) bitmap of CheckUniqueRows; a
// sparser panel (many entities and periods, few of the pairs present) is checked with a
// hash set instead.
constexpr uint64_t kMaxBitsPerRow = 64;

}  // namespace

void PanelView::IndexNames(const std::vector<std::pair<const std::string*, int>>& columns,
                           const std::vector<std::pair<const std::string*, int>>& labels,
                           FieldViolations* violations) {
  const std::string& p = path_;
  // Field paths are only spelled out for a violation: this runs on every request.
  column_index_.reserve(columns.size());
  for (size_t c = 0; c < columns.size(); ++c) {
    const std::string& name = *columns[c].first;
    auto field = [&] { return absl::StrCat(p, ".columns[", c, "]"); };
    if (name.empty()) violations->Add(field() + ".name", "column name is empty");
    if (columns[c].second != rows_) CheckLength(rows_, columns[c].second, field() + ".values", violations);
    if (!column_index_.emplace(name, static_cast<int>(c)).second) {
      violations->Add(field() + ".name", absl::StrCat("duplicate column name '", name, "'"));
    }
    column_names_.push_back(&name);
  }
  label_index_.reserve(labels.size());
  for (size_t l = 0; l < labels.size(); ++l) {
    const std::string& name = *labels[l].first;
    auto field = [&] { return absl::StrCat(p, ".labels[", l, "]"); };
    if (name.empty()) violations->Add(field() + ".name", "label name is empty");
    if (labels[l].second != rows_) CheckLength(rows_, labels[l].second, field() + ".values", violations);
    if (!label_index_.emplace(name, static_cast<int>(l)).second) {
      violations->Add(field() + ".name", absl::StrCat("duplicate label name '", name, "'"));
    }
    label_names_.push_back(&name);
  }
}

// Duplicate (entity, period) rows make lags, first differences and fixed effects
// ambiguous; name both rows so the user can find them. A bitmap of entities x the period
// range finds that there is none in a few bits per row (a hash map of pairs costs
// about 24 bytes per row, gigabytes at 1e8 rows); the map runs only to name duplicates,
// or when the bitmap would be too sparse to be small.
void PanelView::CheckUniqueRows(FieldViolations* violations) const {
  const auto codes = entity_codes();
  const auto [low, high] = std::minmax_element(periods_.begin(), periods_.end());
  // Periods are years or similar: their range is the bitmap's width.
  const uint64_t width = static_cast<uint64_t>(static_cast<int64_t>(*high) - *low) + 1;
  const uint64_t bits = static_cast<uint64_t>(n_entities()) * width;
  if (bits <= kMaxBitsPerRow * static_cast<uint64_t>(rows_)) {
    std::vector<uint64_t> seen((bits + 63) / 64, 0);
    bool repeated = false;
    for (int r = 0; r < rows_ && !repeated; ++r) {
      const uint64_t bit = static_cast<uint64_t>(codes[r]) * width +
                           static_cast<uint64_t>(static_cast<int64_t>(periods_[r]) - *low);
      repeated = (seen[bit / 64] >> (bit % 64)) & 1;
      seen[bit / 64] |= uint64_t{1} << (bit % 64);
    }
    if (!repeated) return;
  }
  absl::flat_hash_map<std::pair<int, int32_t>, int> seen;
  seen.reserve(rows_);
  for (int r = 0; r < rows_; ++r) {
    auto [it, inserted] = seen.emplace(std::make_pair(codes[r], periods_[r]), r);
    if (!inserted) {
      violations->Add(absl::StrCat(path_, ".period[", r, "]"),
                      absl::StrCat("duplicate (entity, period) = ('", EntityName(r), "', ",
                                   periods_[r], "): same as row ", it->second));
    }
  }
}

absl::StatusOr<PanelView> PanelView::Create(const common::v1::Panel& panel, std::string path) {
  PanelView view;
  view.panel_ = &panel;
  view.path_ = std::move(path);
  view.rows_ = panel.entity_size();
  const std::string& p = view.path_;

  FieldViolations violations;
  if (view.rows_ == 0) {
    violations.Add(absl::StrCat(p, ".entity"), "panel is empty: no rows");
    return violations.ToStatus();
  }
  CheckLength(view.rows_, panel.period_size(), absl::StrCat(p, ".period"), &violations);
  view.periods_ = absl::MakeConstSpan(panel.period().data(), panel.period_size());
  std::vector<std::pair<const std::string*, int>> columns, labels;
  for (const auto& column : panel.columns()) columns.emplace_back(&column.name(), column.values_size());
  for (const auto& label : panel.labels()) labels.emplace_back(&label.name(), label.values_size());
  view.IndexNames(columns, labels, &violations);
  for (const auto& column : panel.columns()) view.column_values_.push_back(column.values().data());

  // Keys point into the request, which outlives this function.
  absl::flat_hash_map<absl::string_view, int> entity_index;
  entity_index.reserve(64);
  view.entity_codes_.resize(view.rows_);
  for (int r = 0; r < view.rows_; ++r) {
    const std::string& entity = panel.entity(r);
    auto [it, inserted] = entity_index.emplace(entity, static_cast<int>(view.entity_names_.size()));
    if (inserted) view.entity_names_.push_back(entity);
    view.entity_codes_[r] = it->second;
  }
  CheckEntityNames(view.rows_, p, [&](int r) -> const std::string& { return panel.entity(r); },
                   &violations);
  if (panel.period_size() == view.rows_) view.CheckUniqueRows(&violations);
  if (!violations.empty()) return violations.ToStatus();
  return view;
}

absl::StatusOr<PanelView> PanelView::Create(const ColumnarPanel& panel, std::string path) {
  PanelView view;
  view.columnar_ = &panel;
  view.path_ = std::move(path);
  view.rows_ = static_cast<int>(panel.rows());
  const std::string& p = view.path_;

  FieldViolations violations;
  if (view.rows_ == 0) {
    violations.Add(absl::StrCat(p, ".entity"), "panel is empty: no rows");
    return violations.ToStatus();
  }
  const int periods = static_cast<int>(panel.period.size());
  CheckLength(view.rows_, periods, absl::StrCat(p, ".period"), &violations);
  view.periods_ = absl::MakeConstSpan(panel.period);
  std::vector<std::pair<const std::string*, int>> columns, labels;
  for (size_t c = 0; c < panel.column_names.size(); ++c) {
    const absl::Span<const double> values = panel.column(static_cast<int>(c));
    columns.emplace_back(&panel.column_names[c], static_cast<int>(values.size()));
    view.column_values_.push_back(values.data());
  }
  for (size_t l = 0; l < panel.labels.size(); ++l) {
    labels.emplace_back(&panel.label_names[l], static_cast<int>(panel.labels[l].size()));
  }
  view.IndexNames(columns, labels, &violations);
  bool unnamed = false;
  for (const std::string& name : panel.entity_names) unnamed = unnamed || name.empty();
  if (unnamed) {
    CheckEntityNames(view.rows_, p, [&](int r) -> const std::string& { return view.EntityName(r); },
                     &violations);
  }
  // The builder saw every entity's periods increase: no pair can repeat.
  const bool unique = panel.checks.Cover(view.rows_) && panel.checks.PeriodsIncrease();
  if (periods == view.rows_ && !unique) view.CheckUniqueRows(&violations);
  if (!violations.empty()) return violations.ToStatus();
  return view;
}

bool PanelView::KnownFinite(int column) const {
  return columnar_ != nullptr && columnar_->checks.Cover(rows_) &&
         columnar_->checks.AllFinite(column);
}

const std::string& PanelView::LabelValue(int label, int row) const {
  if (columnar_ != nullptr) return columnar_->label_levels[label][columnar_->labels[label][row]];
  return panel_->labels(label).values(row);
}

std::optional<int> PanelView::FindColumn(const std::string& name) const {
  auto it = column_index_.find(name);
  if (it == column_index_.end()) return std::nullopt;
  return it->second;
}

std::optional<int> PanelView::FindLabel(const std::string& name) const {
  auto it = label_index_.find(name);
  if (it == label_index_.end()) return std::nullopt;
  return it->second;
}

std::string PanelView::CellPath(int column, int row) const {
  return absl::StrCat(path_, ".columns[", column, "].values[", row, "]");
}

std::string PanelView::ColumnPath(int column) const {
  return absl::StrCat(path_, ".columns[", column, "]");
}

std::optional<int> PanelView::RequireColumn(const std::string& name, const std::string& field,
                                            FieldViolations* violations) const {
  if (name.empty()) {
    violations->Add(field, "column name is empty");
    return std::nullopt;
  }
  auto found = FindColumn(name);
  if (!found) {
    std::string description = absl::StrCat("no column '", name, "' in panel");
    if (FindLabel(name)) absl::StrAppend(&description, " ('", name, "' is a label, not numeric)");
    violations->Add(field, description);
  }
  return found;
}

std::optional<int> PanelView::RequireLabel(const std::string& name, const std::string& field,
                                           FieldViolations* violations) const {
  auto found = FindLabel(name);
  if (!found) violations->Add(field, absl::StrCat("no label '", name, "' in panel"));
  return found;
}

void PanelView::CheckFinite(int column, bool allow_missing, FieldViolations* violations) const {
  const double* values = column_values_[column];
  for (int r = 0; r < rows_; ++r) {
    const double v = values[r];
    if (std::isinf(v)) {
      violations->Add(CellPath(column, r),
                      absl::StrCat("infinite value in column '", ColumnName(column), "'"));
    } else if (std::isnan(v) && !allow_missing) {
      violations->Add(CellPath(column, r),
                      absl::StrCat("missing (NaN) value in column '", ColumnName(column),
                                   "' and the missing-value policy rejects missing data"));
    }
  }
}

std::vector<int> PanelView::LabelCodes(int label, std::vector<std::string>* levels) const {
  absl::flat_hash_map<std::string, int> index;
  std::vector<int> codes(rows_);
  levels->clear();
  for (int r = 0; r < rows_; ++r) {
    const std::string& value = LabelValue(label, r);
    auto [it, inserted] = index.emplace(value, static_cast<int>(levels->size()));
    if (inserted) levels->push_back(value);
    codes[r] = it->second;
  }
  return codes;
}

std::string PanelFingerprint(const common::v1::Panel& panel) {
  // Every fit, index and mediation response carries this, so it is on the hot path of
  // every call: the digest is fetched from OpenSSL's provider once (EVP_sha256() inside
  // EVP_Digest looks it up on each call), and the serialisation buffer is reused per
  // thread instead of allocating the panel's size again for every request.
  static EVP_MD* const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  thread_local std::string bytes;
  bytes.clear();
  panel.AppendToString(&bytes);  // Panel has no maps: serialisation is canonical.
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(bytes.data(), bytes.size(), digest, &length, sha256, nullptr);
  constexpr size_t kKeepBytes = 1 << 20;  // a huge panel's buffer is not kept per thread
  if (bytes.capacity() > kKeepBytes) std::string().swap(bytes);
  return absl::BytesToHexString(absl::string_view(reinterpret_cast<const char*>(digest), length));
}

}  // namespace govmetrics::contracts
