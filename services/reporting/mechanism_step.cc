// Step 4: mechanism — mediation through each mediator, one sample, one convention.
#include "absl/strings/str_cat.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kMediationKey[] = "mediation/separate";

std::string ClassName(const StudyDesign& design, mv1::MediationClass c) {
  switch (c) {
    case mv1::MEDIATION_CLASS_FULL: return design.Text("mechanism.class_full");
    case mv1::MEDIATION_CLASS_PARTIAL: return design.Text("mechanism.class_partial");
    case mv1::MEDIATION_CLASS_SUPPRESSION: return design.Text("mechanism.class_suppression");
    case mv1::MEDIATION_CLASS_NONE: return design.Text("mechanism.class_none");
    default: return "-";
  }
}

// The spec's bootstrap with the study's defaults filled in.
mv1::Bootstrap MediationBootstrap(const StudyDesign& design) {
  mv1::Bootstrap bootstrap = design.spec->bootstrap();
  if (bootstrap.replications() == 0) bootstrap.set_replications(design.bootstrap_replications);
  if (bootstrap.seed() == 0) bootstrap.set_seed(design.seed);
  return bootstrap;
}

rv1::Table* MediationTable(const StudyDesign& design, ReportFragment& fragment) {
  rv1::Table* table = AddTable(fragment, "mediation", design.Text("mechanism.title"));
  table->set_stub_header(design.Text("mechanism.mediator"));
  for (const char* h : {"mechanism.a", "mechanism.b", "mechanism.c", "mechanism.c_prime", "mechanism.ab",
                        "mechanism.sobel_z", "mechanism.bootstrap_ci", "mechanism.share", "mechanism.type"}) {
    table->add_columns(design.Text(h));
  }
  return table;
}

// A coefficient row and a standard-error row for one mediator; returns the first.
int AddMediatorRows(const StudyDesign& design, const mv1::MediatorResult& m, rv1::Table* table) {
  const int row = AddRow(table, design.Label(m.mediator()), rv1::ROW_KIND_COEFFICIENT);
  auto* cells = table->mutable_rows(row)->mutable_cells();
  *cells->Add() = CoefficientCell(m.a().estimate(), m.a().p_value());
  *cells->Add() = CoefficientCell(m.b().estimate(), m.b().p_value());
  *cells->Add() = CoefficientCell(m.c().estimate(), m.c().p_value());
  *cells->Add() = CoefficientCell(m.c_prime().estimate(), m.c_prime().p_value());
  *cells->Add() = CoefficientCell(m.indirect(), m.sobel().p_value(), 4);
  *cells->Add() = NumberCell(m.sobel().z(), 3);
  *cells->Add() = TextCell(absl::StrCat("[", Fixed(m.bootstrap_ci_lower(), 4), ", ", Fixed(m.bootstrap_ci_upper(), 4), "]"));
  *cells->Add() = NumberCell(m.proportion_mediated(), 3);
  *cells->Add() = TextCell(ClassName(design, m.classification()));
  const int se_row = AddRow(table, "", rv1::ROW_KIND_STD_ERROR);
  auto* se = table->mutable_rows(se_row)->mutable_cells();
  *se->Add() = StdErrorCell(m.a().std_error());
  *se->Add() = StdErrorCell(m.b().std_error());
  *se->Add() = StdErrorCell(m.c().std_error());
  *se->Add() = StdErrorCell(m.c_prime().std_error());
  *se->Add() = StdErrorCell(m.bootstrap_std_error(), 4);
  for (int k = 0; k < 4; ++k) *se->Add() = TextCell("");
  return row;
}

void AddPathSeries(const StudyDesign& design, const mv1::MediatorResult& m, rv1::Chart* chart) {
  auto* series = chart->add_series();
  series->set_name(design.Label(m.mediator()));
  for (double v : {m.a().estimate(), m.b().estimate(), m.c().estimate(), m.c_prime().estimate(), m.indirect()}) {
    series->add_values(v);
  }
  for (double p : {m.a().p_value(), m.b().p_value(), m.c().p_value(), m.c_prime().p_value(), m.sobel().p_value()}) {
    series->add_p_values(p);
  }
}

void AddMediatorSummary(const StudyDesign& design, const mv1::MediatorResult& m, const rv1::Table& table, int row,
                        rv1::Section* section) {
  const bool ci_excludes_zero = m.bootstrap_ci_lower() > 0 || m.bootstrap_ci_upper() < 0;
  auto* sentence = section->add_summary();
  sentence->set_text(design.Text(
      "mechanism.summary",
      {design.Label(m.mediator()), Fixed(m.a().estimate()), Fixed(m.b().estimate()), Fixed(m.indirect(), 4),
       Fixed(m.bootstrap_ci_lower(), 4), Fixed(m.bootstrap_ci_upper(), 4),
       design.Text(ci_excludes_zero ? "mechanism.excludes_zero" : "mechanism.includes_zero"),
       ClassName(design, m.classification())}));
  for (int col : {0, 1, 6, 8}) sentence->add_cell_refs(CellRef(table, row, col));
}

}  // namespace

absl::Status PlanMechanismStep(const StudyDesign& design, RequestPlan& plan) {
  if (design.mediators.empty()) return absl::OkStatus();
  mv1::AnalyzeMediationRequest request;
  *request.mutable_panel() = design.panel;
  request.set_treatment(design.x);
  request.set_outcome(design.y);
  for (const auto& m : design.mediators) request.add_mediators(m);
  for (const auto& c : design.controls) request.add_controls(c);
  *request.mutable_model() = design.BaseModel();
  request.set_mode(mv1::MEDIATION_MODE_SEPARATE);
  *request.mutable_bootstrap() = MediationBootstrap(design);
  plan.Add(kMediationKey, std::move(request));
  return absl::OkStatus();
}

absl::Status BuildMechanismStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  if (design.mediators.empty()) return absl::OkStatus();
  auto response = responses.Get<mv1::AnalyzeMediationResponse>(kMediationKey);
  if (!response.ok()) return response.status();
  rv1::Section* section = AddSection(fragment, "mechanism", design.Text("mechanism.section"));
  rv1::Table* table = MediationTable(design, fragment);
  rv1::Chart* chart = AddChart(fragment, "mediation_paths", design.Text("mechanism.chart_title"), rv1::CHART_KIND_PATH);
  chart->set_treatment_label(design.Label(design.x));
  chart->set_outcome_label(design.Label(design.y));
  for (const char* c : {"a", "b", "c", "c'", "a×b"}) chart->add_categories(c);
  for (const auto& m : (*response)->mediators()) {
    const int row = AddMediatorRows(design, m, table);
    AddPathSeries(design, m, chart);
    AddMediatorSummary(design, m, *table, row, section);
  }
  const mv1::Bootstrap bootstrap = MediationBootstrap(design);
  table->add_notes(design.Text("mechanism.note", {absl::StrCat((*response)->n_obs()),
                                                  absl::StrCat(bootstrap.replications()), absl::StrCat(bootstrap.seed())}));
  table->add_notes(design.Text("mechanism.stars_note"));
  section->add_table_ids(table->id());
  section->add_chart_ids(chart->id());
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
