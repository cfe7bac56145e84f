// Step 1: the composite indices (explanatory, outcome, mediators given as indices).
#include "absl/strings/str_cat.h"
#include "services/reporting/render/message_catalog.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

// Builds one index into the working panel; returns its column name.
absl::StatusOr<std::string> BuildIndex(StudyContext& study, const rv1::IndexDefinition& definition,
                                       const std::string& role, rv1::Section* section) {
  index::v1::ComputeIndexRequest request;
  *request.mutable_panel() = study.panel;
  *request.mutable_indicators() = definition.indicators();
  request.set_method(definition.method());
  request.set_hierarchy(definition.hierarchy());
  if (definition.has_shift()) request.set_shift(definition.shift());
  request.set_missing_policy(definition.missing_policy());
  auto response = study.downstream->ComputeIndex(study.parent, request);
  if (!response.ok()) return response.status();
  const std::string name = definition.name().empty() ? role : definition.name();
  study.SetColumn(name, response->scores());

  rv1::Table* table = study.AddTable(absl::StrCat("weights_", name),
                                     absl::StrCat(study.L("Indicator weights: ", "指标权重："),
                                                  study.Label(name)));
  table->set_stub_header(study.L("Indicator", "指标"));
  for (const char* header : {study.L("Dimension", "维度"), study.L("Entropy e", "信息熵 e"),
                             study.L("Divergence d", "差异系数 d"), study.L("Weight", "权重"),
                             study.L("Weight in dimension", "维度内权重")}) {
    table->add_columns(header);
  }
  rv1::Chart* chart = study.AddChart(absl::StrCat("weights_chart_", name),
                                     absl::StrCat(study.L("Weights: ", "权重："), study.Label(name)),
                                     rv1::CHART_KIND_BAR);
  chart->set_x_label(study.L("Weight", "权重"));
  auto* series = chart->add_series();
  series->set_name(study.L("Weight", "权重"));
  int best = 0;
  for (int i = 0; i < response->weights_size(); ++i) {
    const auto& w = response->weights(i);
    const int row = AddRow(table, study.Label(w.column()), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = table->mutable_rows(row)->mutable_cells();
    *cells->Add() = TextCell(study.Label(w.dimension()));
    *cells->Add() = NumberCell(w.entropy(), 4);
    *cells->Add() = NumberCell(w.divergence(), 4);
    *cells->Add() = NumberCell(w.weight(), 4);
    *cells->Add() = NumberCell(w.weight_within_dimension(), 4);
    chart->add_categories(study.Label(w.column()));
    series->add_values(w.weight());
    if (w.weight() > response->weights(best).weight()) best = i;
  }
  for (const auto& d : response->dimension_weights()) {
    const int row = AddRow(table, absl::StrCat(study.L("Dimension: ", "维度："), study.Label(d.dimension())),
                           rv1::ROW_KIND_INFO);
    auto* cells = table->mutable_rows(row)->mutable_cells();
    *cells->Add() = TextCell("");
    *cells->Add() = TextCell("");
    *cells->Add() = TextCell("");
    *cells->Add() = NumberCell(d.weight(), 4);
    *cells->Add() = TextCell("");
  }
  const std::string options = OptionsNote(study.spec->language(), response->provenance(),
                                          {"method", "pooling", "shift", "hierarchy"});
  if (!options.empty()) table->add_notes(options);
  section->add_table_ids(table->id());
  section->add_chart_ids(chart->id());
  if (response->weights_size() > 0) {
    auto* sentence = section->add_summary();
    const auto& w = response->weights(best);
    sentence->set_text(absl::StrCat(
        study.Label(name), study.L(" combines ", " 由 "), response->weights_size(),
        study.L(" indicators with entropy-type weights; the largest weight, ",
                " 个指标加权合成；权重最大的指标为"),
        study.Label(w.column()), study.L(", is ", "，权重为 "), Fixed(w.weight(), 4),
        study.L(".", "。")));
    sentence->add_cell_refs(CellRef(*table, best, 3));
  }
  return name;
}

// A variable's column: built (index) or given (column).
absl::StatusOr<std::string> Resolve(StudyContext& study, const rv1::Variable& variable,
                                    const std::string& role, const std::string& field,
                                    rv1::Section* section) {
  std::string name;
  if (variable.has_index() && !variable.label().empty()) {
    // Label first, so the weights table and chart titles use it.
    study.labels[variable.index().name().empty() ? role : variable.index().name()] = variable.label();
  }
  if (variable.has_index()) {
    auto built = BuildIndex(study, variable.index(), role, section);
    if (!built.ok()) return built.status();
    name = *built;
  } else if (!variable.column().empty()) {
    name = variable.column();
  } else {
    return absl::InvalidArgumentError(absl::StrCat(field, ": give a column or an index definition"));
  }
  if (!variable.label().empty()) study.labels[name] = variable.label();
  return name;
}

}  // namespace

absl::Status RunIndexStep(StudyContext& study) {
  const auto& spec = *study.spec;
  for (const auto& l : spec.labels()) study.labels[l.column()] = l.label();
  rv1::Section* section = study.AddSection("indices", study.L("Composite indices", "综合指数测度"));
  auto x = Resolve(study, spec.explanatory(), "explanatory", "spec.explanatory", section);
  if (!x.ok()) return x.status();
  auto y = Resolve(study, spec.outcome(), "outcome", "spec.outcome", section);
  if (!y.ok()) return y.status();
  study.x = *x;
  study.y = *y;
  for (int i = 0; i < spec.mediators_size(); ++i) {
    auto m = Resolve(study, spec.mediators(i), absl::StrCat("mediator_", i + 1),
                     absl::StrCat("spec.mediators[", i, "]"), section);
    if (!m.ok()) return m.status();
    study.mediators.push_back(*m);
  }
  study.controls.assign(spec.controls().begin(), spec.controls().end());
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
