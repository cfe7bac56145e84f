#include "services/reporting/regression_columns.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "services/reporting/render/message_catalog.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {

const modeling::v1::Coefficient* FindCoefficient(const modeling::v1::FitPanelModelResponse& fit,
                                                 const std::string& name) {
  for (const auto& c : fit.coefficients()) {
    if (c.name() == name) return &c;
  }
  return nullptr;
}

std::string ConventionNote(const StudyDesign& design, const modeling::v1::FitPanelModelResponse& fit) {
  std::string variance, cluster, small, formula, distribution;
  for (const auto& o : fit.provenance().resolved_options()) {
    if (o.name() == "variance") variance = o.value();
    if (o.name() == "cluster_by") cluster = o.value();
    if (o.name() == "small_sample") small = o.value();
    if (o.name() == "small_sample_formula") formula = o.value();
    if (o.name() == "distribution") distribution = o.value();
  }
  const auto language = design.language;
  const std::string separator = Message(language, "punct.separator");
  std::string note = OptionPhrase(language, "variance", variance);
  if (!cluster.empty()) note += OptionPhrase(language, "cluster_by", cluster);
  absl::StrAppend(&note, separator, OptionPhrase(language, "small_sample", small));
  if (!formula.empty()) absl::StrAppend(&note, " (", formula, ")");
  if (!distribution.empty()) absl::StrAppend(&note, separator, OptionPhrase(language, "distribution", distribution));
  return CapitalizeFirst(note + Message(language, "punct.end"));
}

namespace {

void AddDiagnosticRows(const std::vector<RegressionColumn>& columns, rv1::Table* table) {
  std::vector<std::string> labels;
  for (const auto& c : columns) {
    for (const auto& d : c.diagnostics) {
      if (std::find(labels.begin(), labels.end(), d.label) == labels.end()) labels.push_back(d.label);
    }
  }
  for (const auto& label : labels) {
    const int row = AddRow(table, label, rv1::ROW_KIND_INFO);
    for (const auto& c : columns) {
      auto found = std::find_if(c.diagnostics.begin(), c.diagnostics.end(),
                                [&](const DiagnosticCell& d) { return d.label == label; });
      *table->mutable_rows(row)->add_cells() = found != c.diagnostics.end() ? found->cell : TextCell("");
    }
  }
}

}  // namespace

rv1::Table* AddRegressionTable(const StudyDesign& design, ReportFragment& fragment, const std::string& id,
                               const std::string& title,
                               const std::vector<std::string>& variables,
                               const std::vector<RegressionColumn>& columns, bool show_controls_row) {
  rv1::Table* table = AddTable(fragment, id, title);
  table->set_stub_header(design.Label(design.y));
  for (const auto& c : columns) table->add_columns(c.header);
  for (const auto& variable : variables) {
    const int coef_row = AddRow(table, design.Label(variable), rv1::ROW_KIND_COEFFICIENT);
    const int se_row = AddRow(table, "", rv1::ROW_KIND_STD_ERROR);
    for (const auto& c : columns) {
      std::string name = variable;
      for (const auto& [from, to] : c.renames) {
        if (from == variable) name = to;
      }
      const auto* coef = FindCoefficient(*c.fit, name);
      *table->mutable_rows(coef_row)->add_cells() =
          coef ? CoefficientCell(coef->estimate(), coef->p_value()) : TextCell("");
      *table->mutable_rows(se_row)->add_cells() = coef ? StdErrorCell(coef->std_error()) : TextCell("");
    }
  }
  if (show_controls_row) {
    const int row = AddRow(table, design.Text("regression.controls"), rv1::ROW_KIND_INFO);
    for (const auto& c : columns) {
      *table->mutable_rows(row)->add_cells() = TextCell(design.Text(c.controls ? "regression.yes" : "regression.no"));
    }
  }
  for (const bool entity : {true, false}) {
    const int row = AddRow(table, design.Text(entity ? "regression.entity_fe" : "regression.period_fe"),
                           rv1::ROW_KIND_INFO);
    for (const auto& c : columns) {
      const bool yes = entity ? c.entity_fe : c.period_fe;
      *table->mutable_rows(row)->add_cells() = TextCell(design.Text(yes ? "regression.yes" : "regression.no"));
    }
  }
  const int n_row = AddRow(table, "N", rv1::ROW_KIND_INFO);
  const int r2_row = AddRow(table, design.Text("regression.within_r2"), rv1::ROW_KIND_INFO);
  for (const auto& c : columns) {
    *table->mutable_rows(n_row)->add_cells() = CountCell(c.fit->n_obs());
    *table->mutable_rows(r2_row)->add_cells() = NumberCell(c.fit->r_squared_within());
  }
  AddDiagnosticRows(columns, table);
  if (!columns.empty()) table->add_notes(ConventionNote(design, *columns[0].fit));
  for (const auto& c : columns) {
    if (!c.extra_note.empty()) table->add_notes(absl::StrCat(c.header, ": ", c.extra_note));
  }
  table->add_notes(design.Text("regression.stars_note"));
  return table;
}

}  // namespace govmetrics::reporting
