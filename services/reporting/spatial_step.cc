// Step 7: spatial spillover (spec.spatial). Per variable, global Moran's I and Geary's C
// per period and the LISA clusters (ModelingService.AnalyzeSpatialAutocorrelation); then
// the spatial panel model of the outcome on the explanatory variable and the controls
// (ModelingService.FitSpatialPanel): the LM tests, the model fixed by the spec or chosen
// by the tests (spatial_model_choice.h), its coefficients and its direct, indirect and
// total effects with simulated standard errors under the study's seed.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/reporting/section_variables.h"
#include "services/reporting/spatial_model_choice.h"
#include "services/reporting/spatial_tables.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

std::string MoranKey(const std::string& column) { return absl::StrCat("spatial/moran/", column); }
std::string FitKey(mv1::SpatialPanelModel model) {
  return absl::StrCat("spatial/fit/", mv1::SpatialPanelModel_Name(model));
}

mv1::AnalyzeSpatialAutocorrelationRequest MoranRequest(const StudyDesign& design, const std::string& column) {
  mv1::AnalyzeSpatialAutocorrelationRequest request;
  *request.mutable_panel() = design.panel;
  request.set_column(column);
  *request.mutable_weights() = SpatialSectionWeights(design.spec->spatial());
  const int permutations = design.spec->spatial().permutations();
  request.set_permutations(permutations == 0 ? design.permutations : permutations);
  request.set_seed(design.seed);
  return request;
}

// y ~ x + controls with `model`; only the SDM fit carries the LM and Durbin tests.
mv1::FitSpatialPanelRequest FitRequest(const StudyDesign& design, mv1::SpatialPanelModel model) {
  const rv1::SpatialSpec& spec = design.spec->spatial();
  mv1::FitSpatialPanelRequest request;
  *request.mutable_panel() = design.panel;
  request.set_dependent(design.y);
  for (const auto& r : design.Regressors(design.x)) request.add_regressors(r);
  *request.mutable_weights() = SpatialSectionWeights(design.spec->spatial());
  request.set_model(model);
  request.set_fixed_effects(spec.fixed_effects());
  request.set_effect_draws(spec.effect_draws());
  request.set_seed(design.seed);
  request.set_skip_model_tests(model != mv1::SPATIAL_PANEL_MODEL_SDM);
  return request;
}

// The fits the plan needs: the spec's model (with SDM for the tests it reports), or the
// three candidates of the choice.
std::vector<mv1::SpatialPanelModel> PlannedModels(const rv1::SpatialSpec& spec) {
  const mv1::SpatialPanelModel fixed = spec.model();
  if (fixed == mv1::SPATIAL_PANEL_MODEL_UNSPECIFIED) {
    return {mv1::SPATIAL_PANEL_MODEL_SDM, mv1::SPATIAL_PANEL_MODEL_SAR, mv1::SPATIAL_PANEL_MODEL_SEM};
  }
  if (fixed == mv1::SPATIAL_PANEL_MODEL_SDM) return {fixed};
  return {mv1::SPATIAL_PANEL_MODEL_SDM, fixed};
}

absl::Status AddAutocorrelation(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment,
                                rv1::Section* section) {
  const auto columns = SectionVariables(design, design.spec->spatial().variables());
  rv1::Chart* trend = MoranTrendChart(design, fragment);
  for (const std::string& column : columns) {
    auto response = responses.Get<mv1::AnalyzeSpatialAutocorrelationResponse>(MoranKey(column));
    if (!response.ok()) return response.status();
    const rv1::Table* moran = MoranTable(design, column, **response, fragment);
    section->add_table_ids(moran->id());
    section->add_table_ids(LisaCountTable(design, column, **response, fragment)->id());
    section->add_table_ids(LisaMemberTable(design, column, **response, fragment)->id());
    AddMoranSeries(design, column, **response, trend);
    AddMoranSummary(design, column, **response, *moran, section);
  }
  section->add_chart_ids(trend->id());
  return absl::OkStatus();
}

absl::Status AddSpillover(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment,
                          rv1::Section* section) {
  auto sdm = responses.Get<mv1::FitSpatialPanelResponse>(FitKey(mv1::SPATIAL_PANEL_MODEL_SDM));
  if (!sdm.ok()) return sdm.status();
  const SpatialModelChoice choice = ChooseSpatialModel(design.spec->spatial().model(), **sdm);
  auto chosen = responses.Get<mv1::FitSpatialPanelResponse>(FitKey(choice.model));
  if (!chosen.ok()) return chosen.status();
  const rv1::Table* tests = SpatialTestsTable(design, **sdm, fragment);
  section->add_table_ids(tests->id());
  section->add_table_ids(SpatialModelTable(design, choice.model, **chosen, fragment)->id());
  if ((*chosen)->effects_size() > 0) {
    const rv1::Table* effects = SpatialEffectsTable(design, **chosen, fragment);
    section->add_table_ids(effects->id());
    AddSpilloverSummary(design, choice, **chosen, *effects, section);
  }
  auto* sentence = section->add_summary();
  sentence->set_text(design.Text(choice.reason_key, {SpatialModelName(choice.model)}));
  for (int row = 0; row < tests->rows_size(); ++row) sentence->add_cell_refs(CellRef(*tests, row, 2));
  return absl::OkStatus();
}

}  // namespace

absl::Status PlanSpatialStep(const StudyDesign& design, RequestPlan& plan) {
  const rv1::SpatialSpec& spec = design.spec->spatial();
  if (!spec.enabled()) return absl::OkStatus();
  for (const std::string& column : SectionVariables(design, spec.variables())) plan.Add(MoranKey(column), MoranRequest(design, column));
  for (const auto model : PlannedModels(spec)) plan.Add(FitKey(model), FitRequest(design, model));
  return absl::OkStatus();
}

absl::Status BuildSpatialStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  if (!design.spec->spatial().enabled()) return absl::OkStatus();
  rv1::Section* section = AddSection(fragment, "spatial", design.Text("spatial.section"));
  if (auto status = AddAutocorrelation(design, responses, fragment, section); !status.ok()) return status;
  return AddSpillover(design, responses, fragment, section);
}

}  // namespace govmetrics::reporting
