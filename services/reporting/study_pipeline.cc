#include "services/reporting/study_pipeline.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "services/reporting/render/render_documents.h"
#include "services/reporting/request_runner.h"
#include "services/reporting/study_steps.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;

constexpr StudyStep kStudySteps[] = {
    {"indices", "composite indices", PlanIndexColumns, nullptr, BuildIndexStep},
    {"scores", "index scores and rankings", nullptr, PlanScoresStep, BuildScoresStep},
    {"descriptives", "descriptive statistics", nullptr, PlanDescriptiveStep, BuildDescriptiveStep},
    {"baseline", "baseline regression", nullptr, PlanBaselineStep, BuildBaselineStep},
    {"robustness", "robustness checks", nullptr, PlanRobustnessStep, BuildRobustnessStep},
    {"mechanism", "mediation analysis", nullptr, PlanMechanismStep, BuildMechanismStep},
    {"heterogeneity", "group heterogeneity", nullptr, PlanHeterogeneityStep, BuildHeterogeneityStep},
    {"moderation", "moderation analysis", nullptr, PlanModerationStep, BuildModerationStep},
    {"endogeneity", "endogeneity (FE-IV)", nullptr, PlanEndogeneityStep, BuildEndogeneityStep},
    {"spatio_temporal", "spatio-temporal evolution", nullptr, PlanSpatioTemporalStep, BuildSpatioTemporalStep},
    {"spatial", "spatial spillover", nullptr, PlanSpatialStep, BuildSpatialStep},
    {"threshold", "threshold effects", nullptr, PlanThresholdStep, BuildThresholdStep},
};

// One round: every step's `which` plan, answered concurrently into `responses`.
absl::Status RunRound(PlanFunction StudyStep::*which, const StudyDesign& design, const ServiceCalls& services,
                      grpc::ServerContext* parent, ResponseSet& responses) {
  RequestPlan plan;
  for (const StudyStep& step : kStudySteps) {
    if (step.*which == nullptr) continue;
    plan.BeginStep(step.id);
    if (auto status = (step.*which)(design, plan); !status.ok()) {
      return absl::Status(status.code(), absl::StrCat(step.id, " step: ", status.message()));
    }
  }
  return RunRequests(plan, services, parent, responses);
}

void Notify(const ProgressCallback& progress, const std::string& step, int completed, int total,
            const std::string& message) {
  if (!progress) return;
  rv1::Progress p;
  p.set_step(step);
  p.set_completed(completed);
  p.set_total(total);
  p.set_message(message);
  progress(p);
}

void AddProvenance(const common::v1::Panel& panel, const StudyDesign& design, const ServiceCalls& services,
                   common::v1::Provenance* provenance) {
  contracts::StartProvenance("govmetrics.reporting.v1.ReportingService", panel, provenance);
  provenance->add_seeds(design.seed);
  contracts::AddOption("index_target", services.index_target(), provenance);
  contracts::AddOption("modeling_target", services.modeling_target(), provenance);
  contracts::AddOption("bootstrap_replications", design.bootstrap_replications, provenance);
  contracts::AddOption("permutations", design.permutations, provenance);
  contracts::AddOption("fixed_effects", "two-way (entity + period) in every model", provenance);
}

int TotalProgressSteps() { return static_cast<int>(std::size(kStudySteps)) + 1; }

// Builds steps [first, last) in order, appending their fragments to `report`.
absl::Status BuildSteps(const StudyDesign& design, const ResponseSet& responses, size_t first, size_t last,
                        const ProgressCallback& progress, rv1::Report& report) {
  for (size_t i = first; i < last; ++i) {
    const StudyStep& step = kStudySteps[i];
    ReportFragment fragment;
    if (auto status = step.build(design, responses, fragment); !status.ok()) {
      return absl::Status(status.code(), absl::StrCat(step.id, " step: ", status.message()));
    }
    AppendFragment(std::move(fragment), report);
    Notify(progress, step.id, static_cast<int>(i) + 1, TotalProgressSteps(),
           absl::StrCat("finished ", step.description));
  }
  return absl::OkStatus();
}

// Steps before the first with model requests are complete after the column round: they
// are built (and reported as progress) before the models run.
size_t StepsDoneAfterColumns() {
  size_t n = 0;
  while (n < std::size(kStudySteps) && kStudySteps[n].plan == nullptr) ++n;
  return n;
}


// Round 1: the index columns, added to design.panel.
absl::Status RunColumnRound(StudyDesign& design, const ServiceCalls& services, grpc::ServerContext* parent,
                            ResponseSet& responses) {
  if (auto status = RunRound(&StudyStep::plan_columns, design, services, parent, responses); !status.ok()) {
    return status;
  }
  for (const auto& index : design.indices) {
    auto built = responses.Get<index::v1::ComputeIndexResponse>(index.key);
    if (!built.ok()) return built.status();
    design.SetColumn(index.name, (*built)->scores());
  }
  design.AddDerivedColumns();
  return absl::OkStatus();
}

absl::Status RunModelRound(const StudyDesign& design, const ServiceCalls& services, grpc::ServerContext* parent,
                           ResponseSet& responses) {
  return RunRound(&StudyStep::plan, design, services, parent, responses);
}

// The panel's structure, then the spec against it.
absl::StatusOr<StudyDesign> CheckedDesign(const common::v1::Panel& panel, const rv1::StudySpec& spec) {
  auto view = contracts::PanelView::Create(panel);
  if (!view.ok()) return view.status();
  return DesignStudy(panel, spec);
}

// Every step's `which` plan, for counting (nothing runs).
absl::Status PlanRound(PlanFunction StudyStep::*which, const StudyDesign& design, RequestPlan& plan,
                       std::vector<std::string>& steps_with_requests) {
  for (const StudyStep& step : kStudySteps) {
    if (step.*which == nullptr) continue;
    const size_t before = plan.requests().size();
    plan.BeginStep(step.id);
    if (auto status = (step.*which)(design, plan); !status.ok()) return status;
    if (plan.requests().size() > before) steps_with_requests.push_back(step.id);
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<rv1::ValidateStudyResponse> ValidateStudy(const common::v1::Panel& panel,
                                                          const rv1::StudySpec& spec) {
  auto design = CheckedDesign(panel, spec);
  if (!design.ok()) return design.status();
  RequestPlan plan;
  std::vector<std::string> steps;
  if (auto status = PlanRound(&StudyStep::plan_columns, *design, plan, steps); !status.ok()) return status;
  if (auto status = PlanRound(&StudyStep::plan, *design, plan, steps); !status.ok()) return status;
  rv1::ValidateStudyResponse response;
  response.set_planned_requests(static_cast<int>(plan.requests().size()));
  for (const StudyStep& step : kStudySteps) {
    if (std::find(steps.begin(), steps.end(), step.id) != steps.end()) response.add_sections(step.id);
  }
  return response;
}

absl::Status RunStudyRequests(StudyDesign& design, const ServiceCalls& services, grpc::ServerContext* parent,
                              ResponseSet& responses) {
  if (auto status = RunColumnRound(design, services, parent, responses); !status.ok()) return status;
  return RunModelRound(design, services, parent, responses);
}

absl::Status BuildStudyReport(const StudyDesign& design, const ResponseSet& responses,
                              const ProgressCallback& progress, rv1::Report& report) {
  return BuildSteps(design, responses, 0, std::size(kStudySteps), progress, report);
}

absl::StatusOr<rv1::RunStudyResponse> RunStudy(const common::v1::Panel& panel, const rv1::StudySpec& spec,
                                               const ServiceCalls& services, grpc::ServerContext* parent,
                                               const ProgressCallback& progress) {
  // Every problem of the panel or the spec is reported here, with the caller's field
  // paths, before any downstream call.
  auto design = CheckedDesign(panel, spec);
  if (!design.ok()) return design.status();

  rv1::Report report;
  report.set_title(spec.title().empty() ? design->Text("study.default_title") : spec.title());
  report.set_language(design->language);
  ResponseSet responses;
  const size_t early = StepsDoneAfterColumns();
  if (auto status = RunColumnRound(*design, services, parent, responses); !status.ok()) return status;
  if (auto status = BuildSteps(*design, responses, 0, early, progress, report); !status.ok()) return status;
  if (auto status = RunModelRound(*design, services, parent, responses); !status.ok()) return status;
  if (auto status = BuildSteps(*design, responses, early, std::size(kStudySteps), progress, report); !status.ok()) {
    return status;
  }

  rv1::RunStudyResponse response;
  std::vector<rv1::Format> formats;
  for (int f : spec.formats()) formats.push_back(static_cast<rv1::Format>(f));
  if (formats.empty()) formats = {rv1::FORMAT_HTML, rv1::FORMAT_JSON};
  auto documents = RenderDocuments(report, formats);
  if (!documents.ok()) {  // PDF without a TeX toolchain, or a compile that failed
    return absl::Status(documents.status().code(), absl::StrCat("render step: ", documents.status().message()));
  }
  for (auto& document : *documents) *response.add_documents() = std::move(document);
  *response.mutable_report() = std::move(report);
  AddProvenance(panel, *design, services, response.mutable_provenance());
  Notify(progress, "render", TotalProgressSteps(), TotalProgressSteps(), "rendered documents");
  return response;
}

}  // namespace govmetrics::reporting
