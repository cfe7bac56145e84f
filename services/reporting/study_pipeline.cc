#include "services/reporting/study_pipeline.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "services/reporting/render/render_documents.h"
#include "services/reporting/study_steps.h"

namespace govmetrics::reporting {
namespace {

namespace rv1 = govmetrics::reporting::v1;

struct Step {
  const char* id;
  absl::Status (*run)(StudyContext&);
  const char* description;
};

constexpr Step kSteps[] = {
    {"indices", RunIndexStep, "composite indices"},
    {"descriptives", RunDescriptiveStep, "descriptive statistics"},
    {"baseline", RunBaselineStep, "baseline regression"},
    {"robustness", RunRobustnessStep, "robustness checks"},
    {"mechanism", RunMechanismStep, "mediation analysis"},
    {"heterogeneity", RunHeterogeneityStep, "group heterogeneity"},
};

absl::Status ValidateSpec(const rv1::StudySpec& spec) {
  contracts::FieldViolations violations;
  if (!spec.has_explanatory()) violations.Add("spec.explanatory", "the explanatory variable is required");
  if (!spec.has_outcome()) violations.Add("spec.outcome", "the outcome variable is required");
  if (spec.permutations() < 0 || spec.permutations() > 100000) {
    violations.Add("spec.permutations", "permutations must be in [0, 100000]");
  }
  if (spec.bootstrap().replications() < 0 || spec.bootstrap().replications() > 100000) {
    violations.Add("spec.bootstrap.replications", "replications must be in [0, 100000]");
  }
  for (int i = 0; i < spec.formats_size(); ++i) {
    if (spec.formats(i) == rv1::FORMAT_UNSPECIFIED) {
      violations.Add(absl::StrCat("spec.formats[", i, "]"), "format is unspecified");
    }
  }
  return violations.ToStatus();
}

}  // namespace

absl::StatusOr<rv1::RunStudyResponse> RunStudy(const common::v1::Panel& panel,
                                               const rv1::StudySpec& spec,
                                               const Downstream& downstream,
                                               grpc::ServerContext* parent,
                                               const ProgressCallback& progress) {
  // Structural problems are reported here, with the caller's field paths, before any
  // downstream call.
  auto view = contracts::PanelView::Create(panel);
  if (!view.ok()) return view.status();
  if (auto status = ValidateSpec(spec); !status.ok()) return status;

  StudyContext study;
  study.spec = &spec;
  study.downstream = &downstream;
  study.parent = parent;
  study.panel = panel;
  if (spec.seed() != 0) study.seed = spec.seed();
  if (spec.bootstrap().replications() > 0) study.bootstrap_replications = spec.bootstrap().replications();
  if (spec.permutations() > 0) study.permutations = spec.permutations();
  if (spec.wild_bootstrap_replications() > 0) study.wild_replications = spec.wild_bootstrap_replications();
  study.report.set_title(spec.title().empty() ? study.L("Policy study report", "政策研究报告") : spec.title());
  study.report.set_language(spec.language() == rv1::LANGUAGE_ZH ? rv1::LANGUAGE_ZH : rv1::LANGUAGE_EN);

  const int total = static_cast<int>(std::size(kSteps)) + 1;
  int completed = 0;
  for (const Step& step : kSteps) {
    if (parent != nullptr && parent->IsCancelled()) return absl::CancelledError("study cancelled by the caller");
    absl::Status status = step.run(study);
    if (!status.ok()) {
      return absl::Status(status.code(), absl::StrCat(step.id, " step: ", status.message()));
    }
    if (progress) {
      rv1::Progress p;
      p.set_step(step.id);
      p.set_completed(++completed);
      p.set_total(total);
      p.set_message(absl::StrCat("finished ", step.description));
      progress(p);
    }
  }

  rv1::RunStudyResponse response;
  std::vector<rv1::Format> formats;
  for (int f : spec.formats()) formats.push_back(static_cast<rv1::Format>(f));
  if (formats.empty()) formats = {rv1::FORMAT_HTML, rv1::FORMAT_JSON};
  auto documents = RenderDocuments(study.report, formats);
  if (!documents.ok()) {  // PDF without a TeX toolchain, or a compile that failed
    return absl::Status(documents.status().code(), absl::StrCat("render step: ", documents.status().message()));
  }
  for (auto& document : *documents) *response.add_documents() = std::move(document);
  *response.mutable_report() = std::move(study.report);
  auto* provenance = response.mutable_provenance();
  contracts::StartProvenance("govmetrics.reporting.v1.ReportingService", panel, provenance);
  provenance->add_seeds(study.seed);
  contracts::AddOption("index_target", downstream.index_target(), provenance);
  contracts::AddOption("modeling_target", downstream.modeling_target(), provenance);
  contracts::AddOption("bootstrap_replications", study.bootstrap_replications, provenance);
  contracts::AddOption("permutations", study.permutations, provenance);
  contracts::AddOption("fixed_effects", "two-way (entity + period) in every model", provenance);
  if (progress) {
    rv1::Progress p;
    p.set_step("render");
    p.set_completed(total);
    p.set_total(total);
    p.set_message("rendered documents");
    progress(p);
  }
  return response;
}

}  // namespace govmetrics::reporting
