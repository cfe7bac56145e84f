#include "common/contracts/model_request.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/moderation_request.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "common/stats/panel/estimator_registry.h"
#include "common/stats/huge_pages.h"
#include "common/stats/panel/variance_registry.h"
#include "common/stats/transforms.h"

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;
using stats::FixedEffectsKind;
using stats::PanelEstimator;

// Unspecified (or unknown) estimator: WITHIN, the documented default.
const stats::EstimatorDefinition& EstimatorOf(mv1::Estimator e) {
  const stats::EstimatorDefinition* d = stats::FindEstimatorByWireValue(e);
  return d != nullptr ? *d : stats::GetEstimator(PanelEstimator::kWithin);
}

// Unspecified fixed effects: the estimator's default (the first it accepts).
std::optional<FixedEffectsKind> ToStats(mv1::FixedEffects f) {
  switch (f) {
    case mv1::FIXED_EFFECTS_NONE: return FixedEffectsKind::kNone;
    case mv1::FIXED_EFFECTS_ENTITY: return FixedEffectsKind::kEntity;
    case mv1::FIXED_EFFECTS_PERIOD: return FixedEffectsKind::kPeriod;
    case mv1::FIXED_EFFECTS_TWO_WAY: return FixedEffectsKind::kTwoWay;
    default: return std::nullopt;
  }
}

// Unspecified (or unknown) variance: clustered by entity, the documented default.
const stats::VarianceDefinition& VarianceOf(mv1::VarianceType v) {
  const stats::VarianceDefinition* d = stats::FindVarianceByWireValue(v);
  return d != nullptr ? *d : stats::GetVariance(stats::VarianceType::kCluster);
}

// Estimator, effects and variance from the spec, checked against the registry
// (a combination the estimator cannot estimate is refused, naming the field).
void ResolveEstimator(const mv1::ModelSpec& spec, const std::string& sp,
                      stats::PanelModelOptions* options, FieldViolations* violations) {
  const stats::EstimatorDefinition& estimator = EstimatorOf(spec.estimator());
  options->estimator = estimator.id;
  const std::optional<FixedEffectsKind> effects = ToStats(spec.fixed_effects());
  options->fixed_effects = effects.value_or(estimator.DefaultFixedEffects());
  if (effects && estimator.Refuses(*effects)) {
    violations->Add(sp + "fixed_effects",
                    absl::StrCat("estimator ", estimator.name, " supports fixed effects ",
                                 stats::AcceptedFixedEffects(estimator), "; got ",
                                 stats::ToString(*effects)));
  }
  options->variance.type = VarianceOf(spec.variance().type()).id;
  if (!estimator.Accepts(options->variance.type)) {
    violations->Add(sp + "variance.type",
                    absl::StrCat("estimator ", estimator.name, " supports ",
                                 stats::AcceptedVariances(estimator), "; got ",
                                 stats::ToString(options->variance.type)));
  }
  if (!estimator.absorbs_labels && spec.absorb_size() > 0) {
    violations->Add(sp + "absorb", absl::StrCat("estimator ", estimator.name,
                                                " does not absorb label columns"));
  }
}

stats::SmallSampleConvention ToStats(mv1::SmallSample s) {
  switch (s) {
    case mv1::SMALL_SAMPLE_FIXEST: return stats::SmallSampleConvention::kFixest;
    case mv1::SMALL_SAMPLE_PLM: return stats::SmallSampleConvention::kPlm;
    case mv1::SMALL_SAMPLE_NONE: return stats::SmallSampleConvention::kNone;
    case mv1::SMALL_SAMPLE_PLM_HC1: return stats::SmallSampleConvention::kPlmHc1;
    default: return stats::SmallSampleConvention::kStata;
  }
}

// FitPanelModel's interaction terms: the panel is read again after the engine's input
// is made, and the engine makes values of its own.
bool HasInteractions(const ModelRequest& request) {
  return request.moderation != nullptr && request.moderation->interactions_size() > 0;
}

// Column values after transforms: transformed copies shadow the panel's own memory.
class ColumnSource {
 public:
  explicit ColumnSource(const PanelView& panel) : panel_(panel) {}
  const double* Values(int column) const {
    auto it = overrides_.find(column);
    return it != overrides_.end() ? it->second.data() : panel_.ColumnValues(column).data();
  }
  void Set(int column, std::vector<double> values) { overrides_[column] = std::move(values); }
  bool Transformed(int column) const { return overrides_.count(column) > 0; }

 private:
  const PanelView& panel_;
  std::map<int, std::vector<double>> overrides_;
};

void ApplyTransforms(const ModelRequest& request, const PanelView& panel, ColumnSource* source,
                     FieldViolations* violations) {
  const auto& transforms = request.spec.transforms();
  for (int i = 0; i < transforms.size(); ++i) {
    const auto& t = transforms[i];
    const std::string field = absl::StrCat(request.spec_prefix, "transforms[", i, "]");
    auto column = panel.RequireColumn(t.column(), field + ".column", violations);
    if (!column) continue;
    absl::Span<const double> values(source->Values(*column), panel.rows());
    absl::StatusOr<std::vector<double>> out;
    switch (t.kind_case()) {
      case mv1::Transform::kLog:
        out = stats::LogTransform(values, t.column());
        break;
      case mv1::Transform::kLag:
        if (t.lag() < 1) {
          violations->Add(field + ".lag", "lag must be >= 1");
          continue;
        }
        out = stats::LagWithinEntity(values, panel.entity_codes(), panel.periods(), t.lag(),
                                     t.column());
        break;
      case mv1::Transform::kWinsorize:
        out = stats::Winsorize(values, t.winsorize().lower(), t.winsorize().upper(), t.column());
        break;
      default:
        violations->Add(field, "transform kind is not set (log, lag or winsorize)");
        continue;
    }
    if (!out.ok()) {
      violations->Add(field, std::string(out.status().message()));
      continue;
    }
    source->Set(*column, std::move(*out));
  }
}

// Makes `block` (rows x columns, column-major) the n x k matrix of its first k columns'
// rows `source_rows` (increasing; nothing moves when they are every row), in place: the
// rows are gathered to the front of the storage (each value moves down, never over one
// still to be read), the storage is cut by realloc (no copy), and the same bytes are
// reshaped.
void ShrinkToRegressors(const KeptRows& source_rows, Eigen::Index k, Eigen::MatrixXd* block) {
  const auto n = static_cast<Eigen::Index>(source_rows.size());
  const Eigen::Index rows = block->rows();
  double* data = block->data();
  for (Eigen::Index j = 0; j < k && !source_rows.every_row(); ++j) {
    for (Eigen::Index i = 0; i < n; ++i) data[j * n + i] = data[j * rows + source_rows[i]];
  }
  block->resize(1, block->size());   // same size: a reshape, no allocation
  block->conservativeResize(1, n * k);  // column count only: realloc
  block->resize(n, k);
}

// Hands the engine's input the storage of ModelRequest::consumable_columns, so a large
// panel read by reference is held once, not twice: the numeric block becomes the
// regressor matrix when it holds the model's columns in the engine's order (the reader
// lays it out so: EngineColumnOrder), else it is freed once copied. Moderation reads the
// panel again after the copies: it keeps everything.
class ColumnGiver {
 public:
  explicit ColumnGiver(const ModelRequest& request)
      : columns_(HasInteractions(request) ? nullptr : request.consumable_columns) {}
  // The block as in->x (and the dependent, column k, copied to in->y) when its columns
  // 0..k-1 are the regressors `x_columns` and column k the dependent; a transformed
  // column's values (`source`) replace its raw ones in the block first. False (nothing
  // taken) otherwise.
  bool TakeBlock(const std::vector<int>& x_columns, int dependent, const ColumnSource& source,
                 const KeptRows& source_rows, stats::PanelInput* in) {
    const auto k = static_cast<Eigen::Index>(x_columns.size());
    if (columns_ == nullptr || dependent != k) return false;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (x_columns[j] != j) return false;
    }
    const auto n = static_cast<Eigen::Index>(source_rows.size());
    in->y.resize(n);
    stats::AdviseHugePages(in->y.data(), sizeof(double) * n);
    const double* y = source.Values(dependent);
    for (Eigen::Index i = 0; i < n; ++i) in->y[i] = y[source_rows[i]];
    Eigen::MatrixXd& block = columns_->values;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (source.Transformed(x_columns[j])) {
        std::copy_n(source.Values(x_columns[j]), block.rows(), block.col(j).data());
      }
    }
    in->x = std::move(block);
    ShrinkToRegressors(source_rows, k, &in->x);
    return true;
  }
  void GiveUpValues() {
    if (columns_ != nullptr) Eigen::MatrixXd().swap(columns_->values);
  }
  // The entity and period arrays themselves, moved into the engine's input when the
  // caller gave them up and every row is kept (nothing to gather): no copy, and no fresh
  // memory to fault in. False (nothing moved) otherwise.
  bool TakeIdentifiers(bool every_row, stats::PanelInput* in) {
    if (columns_ == nullptr || !every_row) return false;
    in->entity = std::move(columns_->entity);
    in->period = std::move(columns_->period);
    return true;
  }
  void GiveUpIdentifiers() {
    if (columns_ == nullptr) return;
    std::vector<int32_t>().swap(columns_->entity);
    std::vector<int32_t>().swap(columns_->period);
  }

 private:
  ColumnarPanel* columns_;
};

// The engine input's row arrays, uninitialised, advised for huge pages before the copy
// writes them (stats/huge_pages.h: first-touch faults cost more than the copy).
void AllocateInput(int n, Eigen::Index k, stats::PanelInput* in) {
  in->y.resize(n);
  in->x.resize(n, k);
  stats::AdviseHugePages(in->y.data(), sizeof(double) * n);
  stats::AdviseHugePages(in->x.data(), sizeof(double) * n * k);
}

void AllocateIdentifiers(int n, stats::PanelInput* in) {
  in->entity.reserve(n);
  in->period.reserve(n);
  stats::AdviseHugePages(in->entity);
  stats::AdviseHugePages(in->period);
  in->entity.resize(n);
  in->period.resize(n);
}

// Copies the rows the filter keeps (`source_rows`, increasing) of a panel column: a
// straight copy when it keeps them all, as it mostly does.
class RowGather {
 public:
  explicit RowGather(const KeptRows& source_rows) : rows_(source_rows) {}
  bool every_row() const { return rows_.every_row(); }
  template <typename From, typename To>
  void Copy(const From* from, To* to) const {
    if (rows_.every_row()) {
      std::copy_n(from, rows_.size(), to);
      return;
    }
    for (size_t i = 0; i < rows_.size(); ++i) to[i] = from[rows_[i]];
  }

 private:
  const KeptRows& rows_;
};

// Whether the spec's row filter can remove a row at all.
bool Filters(const modeling::v1::RowFilter& f) {
  return !f.label().empty() || f.period_min() != 0 || f.period_max() != 0 ||
         !f.drop_entities().empty();
}

// Keep-mask from the row filter; empty when the spec filters nothing (no mask of a byte
// per row to fill and count).
std::vector<char> FilterMask(const ModelRequest& request, const PanelView& panel,
                             FieldViolations* violations) {
  const auto& f = request.spec.filter();
  const std::string prefix = absl::StrCat(request.spec_prefix, "filter");
  if (f.label().empty() && (f.keep_size() > 0 || f.drop_size() > 0)) {
    violations->Add(prefix + ".label", "keep/drop need the label column to filter on");
  }
  if (!Filters(f)) return {};
  std::vector<char> keep(panel.rows(), 1);
  if (!f.label().empty()) {
    auto label = panel.RequireLabel(f.label(), prefix + ".label", violations);
    if (label) {
      absl::flat_hash_set<std::string> keep_set(f.keep().begin(), f.keep().end());
      absl::flat_hash_set<std::string> drop_set(f.drop().begin(), f.drop().end());
      for (int r = 0; r < panel.rows(); ++r) {
        const std::string& value = panel.LabelValue(*label, r);
        if (!keep_set.empty() && !keep_set.contains(value)) keep[r] = 0;
        if (drop_set.contains(value)) keep[r] = 0;
      }
    }
  }
  if (f.period_min() == 0 && f.period_max() == 0 && f.drop_entities().empty()) return keep;
  absl::flat_hash_set<std::string> drop_entities(f.drop_entities().begin(), f.drop_entities().end());
  for (int r = 0; r < panel.rows(); ++r) {
    const int32_t p = panel.periods()[r];
    if (f.period_min() != 0 && p < f.period_min()) keep[r] = 0;
    if (f.period_max() != 0 && p > f.period_max()) keep[r] = 0;
    if (!drop_entities.empty() && drop_entities.contains(panel.EntityName(r))) keep[r] = 0;
  }
  return keep;
}

// The rows `keep` (empty: every row) flags of a panel of `rows` rows, in order; a list
// sized once (growing by doubling copies the row numbers again and faults in up to twice
// their size) only when some row is filtered out.
KeptRows SourceRows(const std::vector<char>& keep, int rows) {
  const auto kept = static_cast<size_t>(std::count(keep.begin(), keep.end(), 1));
  if (keep.empty() || kept == keep.size()) return KeptRows::Every(rows);
  std::vector<int> listed;
  listed.reserve(kept);
  for (size_t r = 0; r < keep.size(); ++r) {
    if (keep[r]) listed.push_back(static_cast<int>(r));
  }
  return KeptRows::Listed(std::move(listed));
}

// Whether the engine's y, x and instruments are known to hold only finite values, so
// that it need not scan them for incomplete rows (stats::PanelInput::known_complete):
// the reader saw every one of their columns finite as it streamed in, and no transform
// or interaction made values of its own (a lag's first periods are missing).
bool KnownComplete(const ModelRequest& request, const PanelView& panel, const ColumnSource& source,
                   int dependent, const std::vector<int>& x_columns,
                   const std::vector<std::optional<int>>& instrument_columns) {
  if (HasInteractions(request)) return false;
  auto known = [&](int column) { return panel.KnownFinite(column) && !source.Transformed(column); };
  bool complete = known(dependent);
  for (int column : x_columns) complete = complete && known(column);
  for (const auto& column : instrument_columns) complete = complete && known(*column);
  return complete;
}

// What the engine may know of the entity and period identifiers without looking
// (stats::PanelInput): no (entity, period) repeats, as PanelView refuses such panels;
// and, for columns read by reference with every row kept, the counts their builder made
// as they streamed in (identifier_facts.h).
void AddIdentifierFacts(const ModelRequest& request, const PanelView& panel, bool every_row,
                        stats::PanelInput* in) {
  in->unique_entity_periods = true;
  if (request.columns == nullptr || !every_row) return;
  const IdentifierFacts& facts = request.columns->identifiers;
  if (!facts.Cover(panel.rows())) return;
  in->entity_counts = facts.entity();
  in->period_counts = facts.period();
}

}  // namespace

absl::StatusOr<PreparedModel> PrepareModel(const ModelRequest& request) {
  auto panel_or = request.columns != nullptr ? PanelView::Create(*request.columns)
                                             : PanelView::Create(*request.panel);
  if (!panel_or.ok()) return panel_or.status();
  const PanelView& panel = *panel_or;
  const auto& spec = request.spec;
  const std::string& sp = request.spec_prefix;
  FieldViolations violations;

  PreparedModel model;
  auto& options = model.options;
  ResolveEstimator(spec, sp, &options, &violations);
  options.variance.small_sample = ToStats(spec.variance().small_sample());
  options.variance.max_lag = spec.variance().max_lag() > 0 ? spec.variance().max_lag() : -1;
  if (spec.variance().max_lag() < 0) violations.Add(sp + "variance.max_lag", "max_lag must be >= 0");
  options.confidence_level = spec.confidence_level() == 0 ? 0.95 : spec.confidence_level();
  if (!(options.confidence_level > 0 && options.confidence_level < 1)) {
    violations.Add(sp + "confidence_level", "confidence_level must be in (0, 1)");
  }

  // Variables.
  auto dependent = panel.RequireColumn(request.dependent, request.dependent_field, &violations);
  std::vector<std::pair<std::string, std::optional<int>>> x_columns;
  absl::flat_hash_set<std::string> seen;
  auto add_regressor = [&](const std::string& name, const std::string& field) {
    auto column = panel.RequireColumn(name, field, &violations);
    if (name == request.dependent && !name.empty()) {
      violations.Add(field, absl::StrCat("'", name, "' is the dependent variable"));
    } else if (!seen.insert(name).second) {
      violations.Add(field, absl::StrCat("'", name, "' is listed twice"));
    }
    x_columns.emplace_back(name, column);
  };
  for (size_t i = 0; i < request.regressors.size(); ++i) {
    add_regressor(request.regressors[i], absl::StrCat(request.regressors_field, "[", i, "]"));
  }
  for (size_t i = 0; i < request.endogenous.size(); ++i) {
    add_regressor(request.endogenous[i], absl::StrCat("endogenous[", i, "]"));
  }
  if (x_columns.empty()) violations.Add(request.regressors_field, "at least one regressor is required");
  std::vector<std::optional<int>> instrument_columns;
  const stats::EstimatorDefinition& estimator = stats::GetEstimator(options.estimator);
  if (estimator.uses_instruments) {
    if (request.endogenous.empty()) violations.Add("endogenous", absl::StrCat("estimator ", estimator.name,
                                                                 " needs at least one endogenous regressor"));
    if (request.instruments.size() < request.endogenous.size()) {
      violations.Add("instruments", absl::StrCat("under-identified: ", request.instruments.size(),
                                                 " excluded instrument(s) for ", request.endogenous.size(),
                                                 " endogenous regressor(s)"));
    }
    for (size_t i = 0; i < request.instruments.size(); ++i) {
      const std::string field = absl::StrCat("instruments[", i, "]");
      auto column = panel.RequireColumn(request.instruments[i], field, &violations);
      if (seen.contains(request.instruments[i]) || request.instruments[i] == request.dependent) {
        violations.Add(field, absl::StrCat("'", request.instruments[i], "' is already in the model"));
      }
      instrument_columns.push_back(column);
    }
  } else if (!request.endogenous.empty() || !request.instruments.empty()) {
    violations.Add(sp + "estimator", absl::StrCat("endogenous / instruments are not used by estimator ",
                                                  estimator.name, " (use ESTIMATOR_IV)"));
  }

  // Cluster and absorb variables: "entity", "period", or a label column.
  std::vector<std::string> cluster_labels;
  if (spec.variance().cluster_by_size() > 2) {
    violations.Add(sp + "variance.cluster_by", "at most two cluster variables");
  }
  for (int i = 0; i < spec.variance().cluster_by_size(); ++i) {
    const std::string& name = spec.variance().cluster_by(i);
    options.variance.cluster_by.push_back(name);
    if (name == "entity" || name == "period") continue;
    if (panel.RequireLabel(name, absl::StrCat(sp, "variance.cluster_by[", i, "]"), &violations)) {
      cluster_labels.push_back(name);
    }
  }
  if (stats::GetVariance(options.variance.type).uses_clusters && options.variance.cluster_by.empty()) {
    options.variance.cluster_by.push_back("entity");
  }
  std::vector<int> absorb_labels;
  for (int i = 0; i < spec.absorb_size(); ++i) {
    auto label = panel.RequireLabel(spec.absorb(i), absl::StrCat(sp, "absorb[", i, "]"), &violations);
    if (label) absorb_labels.push_back(*label);
  }

  ColumnSource source(panel);
  ApplyTransforms(request, panel, &source, &violations);
  std::vector<char> keep = FilterMask(request, panel, &violations);
  if (!violations.empty()) return violations.ToStatus();

  // Infinite values are never data; NaN is missing and dropped (and counted) by stats.
  // A column the reader saw to be finite as it streamed in has neither.
  auto check_column = [&](int column) {
    if (panel.KnownFinite(column)) return;
    panel.CheckFinite(column, true, &violations);
    const auto values = panel.ColumnValues(column);
    if (values.size() > 0 && values.array().isNaN().all()) {
      violations.Add(panel.ColumnPath(column),
                     absl::StrCat("column '", panel.ColumnName(column), "' has no non-missing values"));
    }
  };
  check_column(*dependent);
  for (const auto& [name, column] : x_columns) check_column(*column);
  for (const auto& column : instrument_columns) check_column(*column);
  if (!violations.empty()) return violations.ToStatus();

  model.source_rows = SourceRows(keep, panel.rows());
  model.rows_filtered_out = panel.rows() - static_cast<int>(model.source_rows.size());
  const int n = static_cast<int>(model.source_rows.size());
  if (n == 0) return InvalidField(sp + "filter", "the row filter removes every row");

  auto& in = model.input;
  in.y_name = request.dependent;
  const RowGather rows(model.source_rows);
  ColumnGiver giver(request);
  if (!giver.TakeIdentifiers(rows.every_row(), &in)) {
    AllocateIdentifiers(n, &in);
    rows.Copy(panel.entity_codes().data(), in.entity.data());
    rows.Copy(panel.periods().data(), in.period.data());
    giver.GiveUpIdentifiers();
  }
  if (!instrument_columns.empty()) {  // before the block may become the regressors
    in.instruments.resize(n, static_cast<Eigen::Index>(instrument_columns.size()));
    for (size_t j = 0; j < instrument_columns.size(); ++j) {
      in.instrument_names.push_back(request.instruments[j]);
      rows.Copy(source.Values(*instrument_columns[j]),
                in.instruments.col(static_cast<Eigen::Index>(j)).data());
    }
  }
  std::vector<int> x_index;
  for (const auto& [name, column] : x_columns) {
    in.x_names.push_back(name);
    x_index.push_back(*column);
  }
  if (!giver.TakeBlock(x_index, *dependent, source, model.source_rows, &in)) {
    AllocateInput(n, static_cast<Eigen::Index>(x_columns.size()), &in);
    rows.Copy(source.Values(*dependent), in.y.data());
    for (size_t j = 0; j < x_index.size(); ++j) {
      rows.Copy(source.Values(x_index[j]), in.x.col(static_cast<Eigen::Index>(j)).data());
    }
    giver.GiveUpValues();
  }
  auto label_codes = [&](int label) {
    std::vector<std::string> levels;
    std::vector<int> all = panel.LabelCodes(label, &levels);
    std::vector<int> codes(n);
    for (int i = 0; i < n; ++i) codes[i] = all[model.source_rows[i]];
    return codes;
  };
  for (int label : absorb_labels) {
    in.absorb_names.push_back(panel.LabelName(label));
    in.absorb.push_back(label_codes(label));
  }
  for (const auto& name : cluster_labels) {
    in.cluster_names.push_back(name);
    in.clusters.push_back(label_codes(*panel.FindLabel(name)));
  }
  if (HasInteractions(request)) {
    AddModeration(*request.moderation, panel, model.source_rows, request.endogenous, &in,
                  &violations);
    if (!violations.empty()) return violations.ToStatus();
  }
  in.known_complete = KnownComplete(request, panel, source, *dependent, x_index, instrument_columns);
  AddIdentifierFacts(request, panel, rows.every_row(), &in);
  options.endogenous = request.endogenous;
  model.entity_names = panel.entity_names();
  model.panel = request.columns != nullptr ? nullptr : request.panel;
  model.input_fingerprint = request.input_fingerprint;
  return model;
}

std::vector<std::string> EngineColumnOrder(const ModelRequest& request) {
  std::vector<std::string> order = request.regressors;
  order.insert(order.end(), request.endogenous.begin(), request.endogenous.end());
  order.push_back(request.dependent);
  return order;
}

int DenseEntityLevels(const PreparedModel& model) {
  if (model.rows_filtered_out > 0) return 0;
  return static_cast<int>(model.entity_names.size());
}

void AddModelProvenance(const PreparedModel& model, common::v1::Provenance* provenance) {
  const auto& o = model.options;
  AddOption("estimator", stats::ToString(o.estimator), provenance);
  AddOption("fixed_effects", stats::ToString(o.fixed_effects), provenance);
  if (!model.input.absorb_names.empty()) {
    AddOption("absorb", absl::StrJoin(model.input.absorb_names, ","), provenance);
  }
  AddOption("variance", stats::ToString(o.variance.type), provenance);
  if (stats::GetVariance(o.variance.type).uses_clusters) {
    AddOption("cluster_by", absl::StrJoin(o.variance.cluster_by, ","), provenance);
  }
  AddOption("small_sample", stats::ToString(o.variance.small_sample), provenance);
  AddOption("confidence_level", o.confidence_level, provenance);
  AddOption("singletons", stats::ToString(o.singletons), provenance);
  if (model.rows_filtered_out > 0) {
    AddOption("rows_filtered_out", static_cast<double>(model.rows_filtered_out), provenance);
  }
}

}  // namespace govmetrics::contracts
