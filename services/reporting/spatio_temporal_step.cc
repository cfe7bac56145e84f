// Step 6: spatio-temporal evolution (时空演变) of each variable the spec names
// (IndexService.AnalyzeDisparity): the Dagum Gini decomposition by the group label with
// the within / net between / transvariation contributions, the within- and between-group
// Ginis, Theil and the coefficient of variation per period (sigma-convergence), absolute
// and conditional beta-convergence, and the Markov chain over quantile classes (spatial
// Markov chains when the spec gives weights).
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/reporting/section_variables.h"
#include "services/reporting/spatio_temporal_tables.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace idx = govmetrics::index::v1;

std::string DisparityKey(const std::string& column) { return absl::StrCat("spatio_temporal/", column); }

std::string GroupLabel(const StudyDesign& design) {
  const auto& spec = design.spec->spatio_temporal();
  return spec.group_label().empty() ? design.spec->group_by() : spec.group_label();
}

idx::AnalyzeDisparityRequest DisparityRequest(const StudyDesign& design, const std::string& column) {
  const rv1::SpatioTemporalSpec& spec = design.spec->spatio_temporal();
  idx::AnalyzeDisparityRequest request;
  *request.mutable_panel() = design.panel;
  request.set_column(column);
  request.set_group_label(GroupLabel(design));
  for (const auto& c : design.controls) request.mutable_convergence()->add_controls(c);
  if (spec.markov_classes() > 0) request.mutable_markov()->set_classes(spec.markov_classes());
  if (spec.has_spatial_weights()) *request.mutable_spatial_weights() = spec.spatial_weights();
  request.mutable_kernel_density()->set_grid_points(kDensityGridPoints);
  request.mutable_kernel_density()->set_common_grid(true);
  return request;
}

// The first and last period's Gini and the largest source of the last period's Gini.
void AddGiniSummary(const StudyDesign& design, const std::string& column, const idx::AnalyzeDisparityResponse& r,
                    const rv1::Table& dagum, rv1::Section* section) {
  if (r.periods_size() < 2) return;
  const int last_row = r.periods_size() - 1;
  const auto& first = r.periods(0);
  const auto& last = r.periods(last_row);
  auto* sentence = section->add_summary();
  sentence->set_text(design.Text("spatio_temporal.gini_summary",
                                 {design.Label(column), Fixed(first.gini(), 4), absl::StrCat(first.period()),
                                  Fixed(last.gini(), 4), absl::StrCat(last.period())}));
  sentence->add_cell_refs(CellRef(dagum, 0, 0));
  sentence->add_cell_refs(CellRef(dagum, last_row, 0));
  if (dagum.columns_size() < 7 || last.gini() <= 0) return;  // no decomposition
  const double parts[] = {last.gini_within(), last.gini_between(), last.gini_transvariation()};
  const char* sources[] = {"spatio_temporal.source_within", "spatio_temporal.source_between",
                           "spatio_temporal.source_transvariation"};
  int largest = 0;
  for (int k = 1; k < 3; ++k) {
    if (parts[k] > parts[largest]) largest = k;
  }
  auto* source = section->add_summary();
  source->set_text(design.Text("spatio_temporal.source_summary",
                               {design.Text(sources[largest]), Fixed(100 * parts[largest] / last.gini(), 1),
                                absl::StrCat(last.period())}));
  source->add_cell_refs(CellRef(dagum, last_row, 4 + largest));
}

void AddConvergenceSummary(const StudyDesign& design, const std::string& column,
                           const idx::AnalyzeDisparityResponse& r, const rv1::Table& beta, rv1::Section* section) {
  for (int row = 0; row < r.beta_convergence_size(); ++row) {
    const auto& b = r.beta_convergence(row);
    const char* verdict = b.beta() < 0 && b.p_value() < 0.05 ? "spatio_temporal.converges"
                                                              : "spatio_temporal.no_convergence";
    auto* sentence = section->add_summary();
    sentence->set_text(design.Text("spatio_temporal.beta_summary",
                                   {design.Label(column), design.Text(b.conditional() ? "spatio_temporal.conditional"
                                                                                      : "spatio_temporal.absolute"),
                                    Fixed(b.beta(), 4), PText(b.p_value()), design.Text(verdict)}));
    sentence->add_cell_refs(CellRef(beta, row, 0));
  }
}

}  // namespace

absl::Status PlanSpatioTemporalStep(const StudyDesign& design, RequestPlan& plan) {
  const rv1::SpatioTemporalSpec& spec = design.spec->spatio_temporal();
  if (!spec.enabled()) return absl::OkStatus();
  for (const std::string& column : SectionVariables(design, spec.variables())) plan.Add(DisparityKey(column), DisparityRequest(design, column));
  return absl::OkStatus();
}

absl::Status BuildSpatioTemporalStep(const StudyDesign& design, const ResponseSet& responses,
                                     ReportFragment& fragment) {
  const rv1::SpatioTemporalSpec& spec = design.spec->spatio_temporal();
  if (!spec.enabled()) return absl::OkStatus();
  const auto columns = SectionVariables(design, spec.variables());
  rv1::Section* section = AddSection(fragment, "spatio_temporal", design.Text("spatio_temporal.section"));
  for (const std::string& column : columns) {
    auto response = responses.Get<idx::AnalyzeDisparityResponse>(DisparityKey(column));
    if (!response.ok()) return response.status();
    const idx::AnalyzeDisparityResponse& r = **response;
    const rv1::Table* dagum = DagumTable(design, column, r, fragment);
    section->add_table_ids(dagum->id());
    if (r.groups_size() > 0) section->add_table_ids(GroupGiniTable(design, column, r, fragment)->id());
    section->add_table_ids(DispersionTable(design, column, r, fragment)->id());
    const rv1::Table* beta = ConvergenceTable(design, column, r, fragment);
    section->add_table_ids(beta->id());
    section->add_table_ids(MarkovTable(design, column, r, fragment)->id());
    section->add_chart_ids(GiniTrendChart(design, column, r, fragment)->id());
    if (r.densities_size() > 0) section->add_chart_ids(DensityRidgelineChart(design, column, r, fragment)->id());
    AddGiniSummary(design, column, r, *dagum, section);
    AddConvergenceSummary(design, column, r, *beta, section);
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
