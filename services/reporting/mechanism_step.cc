// Step 4: mechanism — mediation through each mediator, one sample, one convention.
#include "absl/strings/str_cat.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

const char* ClassName(const StudyContext& study, mv1::MediationClass c) {
  switch (c) {
    case mv1::MEDIATION_CLASS_FULL: return study.L("full mediation", "完全中介");
    case mv1::MEDIATION_CLASS_PARTIAL: return study.L("partial mediation", "部分中介");
    case mv1::MEDIATION_CLASS_SUPPRESSION: return study.L("suppression", "遮掩效应");
    case mv1::MEDIATION_CLASS_NONE: return study.L("no mediation", "中介效应不显著");
    default: return "-";
  }
}

}  // namespace

absl::Status RunMechanismStep(StudyContext& study) {
  if (study.mediators.empty()) return absl::OkStatus();
  mv1::AnalyzeMediationRequest request;
  *request.mutable_panel() = study.panel;
  request.set_treatment(study.x);
  request.set_outcome(study.y);
  for (const auto& m : study.mediators) request.add_mediators(m);
  for (const auto& c : study.controls) request.add_controls(c);
  *request.mutable_model() = study.BaseModel();
  request.set_mode(mv1::MEDIATION_MODE_SEPARATE);
  *request.mutable_bootstrap() = study.spec->bootstrap();
  if (request.bootstrap().replications() == 0) request.mutable_bootstrap()->set_replications(study.bootstrap_replications);
  if (request.bootstrap().seed() == 0) request.mutable_bootstrap()->set_seed(study.seed);
  auto response = study.downstream->AnalyzeMediation(study.parent, request);
  if (!response.ok()) return response.status();

  rv1::Section* section = study.AddSection("mechanism", study.L("Mechanism: mediation analysis", "机制检验：中介效应"));
  rv1::Table* table = study.AddTable("mediation", study.L("Mediation through each mediator", "中介效应检验"));
  table->set_stub_header(study.L("Mediator", "中介变量"));
  for (const char* h : {study.L("a (X→M)", "a (X→M)"), study.L("b (M→Y)", "b (M→Y)"),
                        study.L("c (total)", "c（总效应）"), study.L("c' (direct)", "c'（直接效应）"),
                        study.L("a×b", "a×b"), study.L("Sobel z", "Sobel z"),
                        study.L("Bootstrap CI", "Bootstrap 置信区间"), study.L("Mediated share", "中介效应占比"),
                        study.L("Type", "类型")}) {
    table->add_columns(h);
  }
  rv1::Chart* chart = study.AddChart("mediation_paths", study.L("Mediation paths", "中介路径图"),
                                     rv1::CHART_KIND_PATH);
  chart->set_treatment_label(study.Label(study.x));
  chart->set_outcome_label(study.Label(study.y));
  for (const char* c : {"a", "b", "c", "c'", "a×b"}) chart->add_categories(c);
  for (const auto& m : response->mediators()) {
    const int row = AddRow(table, study.Label(m.mediator()), rv1::ROW_KIND_COEFFICIENT);
    auto* cells = table->mutable_rows(row)->mutable_cells();
    *cells->Add() = CoefficientCell(m.a().estimate(), m.a().p_value());
    *cells->Add() = CoefficientCell(m.b().estimate(), m.b().p_value());
    *cells->Add() = CoefficientCell(m.c().estimate(), m.c().p_value());
    *cells->Add() = CoefficientCell(m.c_prime().estimate(), m.c_prime().p_value());
    *cells->Add() = CoefficientCell(m.indirect(), m.sobel().p_value(), 4);
    *cells->Add() = NumberCell(m.sobel().z(), 3);
    *cells->Add() = TextCell(absl::StrCat("[", Fixed(m.bootstrap_ci_lower(), 4), ", ",
                                          Fixed(m.bootstrap_ci_upper(), 4), "]"));
    *cells->Add() = NumberCell(m.proportion_mediated(), 3);
    *cells->Add() = TextCell(ClassName(study, m.classification()));
    const int se_row = AddRow(table, "", rv1::ROW_KIND_STD_ERROR);
    auto* se = table->mutable_rows(se_row)->mutable_cells();
    *se->Add() = StdErrorCell(m.a().std_error());
    *se->Add() = StdErrorCell(m.b().std_error());
    *se->Add() = StdErrorCell(m.c().std_error());
    *se->Add() = StdErrorCell(m.c_prime().std_error());
    *se->Add() = StdErrorCell(m.bootstrap_std_error(), 4);
    for (int k = 0; k < 4; ++k) *se->Add() = TextCell("");

    auto* series = chart->add_series();
    series->set_name(study.Label(m.mediator()));
    for (double v : {m.a().estimate(), m.b().estimate(), m.c().estimate(), m.c_prime().estimate(), m.indirect()}) {
      series->add_values(v);
    }
    for (double p : {m.a().p_value(), m.b().p_value(), m.c().p_value(), m.c_prime().p_value(), m.sobel().p_value()}) {
      series->add_p_values(p);
    }
    const bool ci_excludes_zero = m.bootstrap_ci_lower() > 0 || m.bootstrap_ci_upper() < 0;
    auto* sentence = section->add_summary();
    sentence->set_text(absl::StrCat(
        study.Label(m.mediator()), study.L(": a = ", "：a = "), Fixed(m.a().estimate()),
        study.L(", b = ", "，b = "), Fixed(m.b().estimate()), study.L(", indirect effect a×b = ", "，间接效应 a×b = "),
        Fixed(m.indirect(), 4), study.L(" with bootstrap CI ", "，Bootstrap 置信区间 "), "[",
        Fixed(m.bootstrap_ci_lower(), 4), ", ", Fixed(m.bootstrap_ci_upper(), 4), "]",
        ci_excludes_zero ? study.L(" excluding zero", "（不含 0）") : study.L(" including zero", "（包含 0）"),
        study.L("; classified as ", "；判定为"), ClassName(study, m.classification()), study.L(".", "。")));
    sentence->add_cell_refs(CellRef(*table, row, 0));
    sentence->add_cell_refs(CellRef(*table, row, 1));
    sentence->add_cell_refs(CellRef(*table, row, 6));
    sentence->add_cell_refs(CellRef(*table, row, 8));
  }
  table->add_notes(absl::StrCat(
      study.L("Every equation: two-way FE on the common sample, N = ", "各方程均为双向固定效应，共同样本 N = "),
      response->n_obs(), study.L("; bootstrap: ", "；Bootstrap："), request.bootstrap().replications(),
      study.L(" entity-block replications, seed ", " 次个体区组重抽样，种子 "), request.bootstrap().seed(),
      study.L(". Classification: Wen & Ye (2014) stepwise procedure.", "。类型判定依据温忠麟、叶宝娟（2014）逐步检验流程。")));
  table->add_notes(study.L("* p<0.1, ** p<0.05, *** p<0.01 (a×b stars: Sobel test).",
                           "* p<0.1，** p<0.05，*** p<0.01（a×b 的星号来自 Sobel 检验）。"));
  section->add_table_ids(table->id());
  section->add_chart_ids(chart->id());
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
