#include "common/contracts/panel_view.h"

#include <openssl/evp.h>

#include <cmath>

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

}  // namespace

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
  // Field paths are only spelled out for a violation: this runs on every request.
  view.column_index_.reserve(panel.columns_size());
  for (int c = 0; c < panel.columns_size(); ++c) {
    const auto& column = panel.columns(c);
    auto field = [&] { return absl::StrCat(p, ".columns[", c, "]"); };
    if (column.name().empty()) violations.Add(field() + ".name", "column name is empty");
    if (column.values_size() != view.rows_) {
      CheckLength(view.rows_, column.values_size(), field() + ".values", &violations);
    }
    if (!view.column_index_.emplace(column.name(), c).second) {
      violations.Add(field() + ".name",
                     absl::StrCat("duplicate column name '", column.name(), "'"));
    }
  }
  view.label_index_.reserve(panel.labels_size());
  for (int l = 0; l < panel.labels_size(); ++l) {
    const auto& label = panel.labels(l);
    auto field = [&] { return absl::StrCat(p, ".labels[", l, "]"); };
    if (label.name().empty()) violations.Add(field() + ".name", "label name is empty");
    if (label.values_size() != view.rows_) {
      CheckLength(view.rows_, label.values_size(), field() + ".values", &violations);
    }
    if (!view.label_index_.emplace(label.name(), l).second) {
      violations.Add(field() + ".name", absl::StrCat("duplicate label name '", label.name(), "'"));
    }
  }

  // Keys point into the request, which outlives this function.
  absl::flat_hash_map<absl::string_view, int> entity_index;
  entity_index.reserve(64);
  view.entity_codes_.resize(view.rows_);
  for (int r = 0; r < view.rows_; ++r) {
    const std::string& entity = panel.entity(r);
    if (entity.empty()) {
      violations.Add(absl::StrCat(p, ".entity[", r, "]"), "entity is empty");
    }
    auto [it, inserted] = entity_index.emplace(entity, static_cast<int>(view.entity_names_.size()));
    if (inserted) view.entity_names_.push_back(entity);
    view.entity_codes_[r] = it->second;
  }

  // Duplicate (entity, period) rows make lags, first differences and fixed effects
  // ambiguous; name both rows so the user can find them.
  if (panel.period_size() == view.rows_) {
    absl::flat_hash_map<std::pair<int, int32_t>, int> seen;
    seen.reserve(view.rows_);
    for (int r = 0; r < view.rows_; ++r) {
      auto [it, inserted] = seen.emplace(std::make_pair(view.entity_codes_[r], panel.period(r)), r);
      if (!inserted) {
        violations.Add(absl::StrCat(p, ".period[", r, "]"),
                       absl::StrCat("duplicate (entity, period) = ('", panel.entity(r), "', ",
                                    panel.period(r), "): same as row ", it->second));
      }
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  return view;
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

Eigen::Map<const Eigen::VectorXd> PanelView::ColumnValues(int column) const {
  const auto& values = panel_->columns(column).values();
  return Eigen::Map<const Eigen::VectorXd>(values.data(), values.size());
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
  const auto& values = panel_->columns(column).values();
  for (int r = 0; r < values.size(); ++r) {
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
  const auto& values = panel_->labels(label).values();
  levels->clear();
  for (int r = 0; r < rows_; ++r) {
    auto [it, inserted] = index.emplace(values[r], static_cast<int>(levels->size()));
    if (inserted) levels->push_back(values[r]);
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
