#include "clients/cli/mediate_command.h"

#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "clients/cli/choice_table.h"
#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/modeling_call.h"
#include "clients/cli/model_args.h"
#include "clients/cli/panel_options.h"
#include "clients/cli/regression_table.h"
#include "clients/cli/rpc_client.h"
#include "clients/cli/table_output.h"
#include "common/stats/significance_stars.h"
#include "govmetrics/modeling/v1/modeling_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

struct MediateOptions {
  PanelOptions panel;
  std::string x;
  std::vector<std::string> m;
  std::string y;
  std::vector<std::string> controls;
  int reps = 1000;
  int seed = 1;
  std::string ci = "percentile";
  double ci_level = 0.95;
  std::string resample = "entity";
  std::string mode = "separate";
  double alpha = 0.05;
  ModelOptions model;
  std::string out;
  ConnectionOptions connection;
};

const ChoiceTable<mv1::CiMethod>& CiWords() {
  static const auto* table = new ChoiceTable<mv1::CiMethod>{
      {"percentile", mv1::CI_METHOD_PERCENTILE},
      {"bc", mv1::CI_METHOD_BIAS_CORRECTED},
      {"bca", mv1::CI_METHOD_BCA}};
  return *table;
}

const ChoiceTable<mv1::Resample>& ResampleWords() {
  static const auto* table = new ChoiceTable<mv1::Resample>{
      {"entity", mv1::RESAMPLE_ENTITY_BLOCK},
      {"obs", mv1::RESAMPLE_OBSERVATION}};
  return *table;
}

const ChoiceTable<mv1::MediationMode>& ModeWords() {
  static const auto* table = new ChoiceTable<mv1::MediationMode>{
      {"separate", mv1::MEDIATION_MODE_SEPARATE},
      {"parallel", mv1::MEDIATION_MODE_PARALLEL}};
  return *table;
}

std::string ClassName(mv1::MediationClass c) {
  switch (c) {
    case mv1::MEDIATION_CLASS_FULL: return "full";
    case mv1::MEDIATION_CLASS_PARTIAL: return "partial";
    case mv1::MEDIATION_CLASS_SUPPRESSION: return "suppression";
    case mv1::MEDIATION_CLASS_NONE: return "none";
    default: return "?";
  }
}

std::string Num(double v, const char* format = "%.4f") {
  return std::isfinite(v) ? absl::StrFormat(format, v) : std::string("-");
}

absl::StatusOr<mv1::AnalyzeMediationRequest> BuildRequest(const MediateOptions& o) {
  auto spec = ParseModelSpec(o.model);
  if (!spec.ok()) return spec.status();
  mv1::AnalyzeMediationRequest request;
  auto* b = request.mutable_bootstrap();
  b->set_ci_method(ValueOf(CiWords(), o.ci));
  b->set_resample(ValueOf(ResampleWords(), o.resample));
  b->set_replications(o.reps);
  b->set_seed(static_cast<uint64_t>(o.seed));
  b->set_ci_level(o.ci_level);
  request.set_mode(ValueOf(ModeWords(), o.mode));
  request.set_alpha(o.alpha);
  request.set_treatment(o.x);
  request.set_outcome(o.y);
  for (const auto& name : o.m) request.add_mediators(name);
  for (const auto& name : o.controls) request.add_controls(name);
  *request.mutable_model() = *spec;
  if (auto set = SetPanelOrDataset(o.panel, &request); !set.ok()) return set;
  return request;
}

ResultTable PathTable(const mv1::AnalyzeMediationResponse& response) {
  ResultTable paths("paths", "Path coefficients (SEs in parentheses)",
                    {"mediator", "a (X->M)", "b (M->Y)", "c (total)", "c' (direct)"});
  auto path = [](const mv1::PathEstimate& p) {
    return absl::StrFormat("%.4f%s (%.4f)", p.estimate(), stats::SignificanceStars(p.p_value()), p.std_error());
  };
  for (const auto& r : response.mediators()) {
    paths.AddRow({r.mediator(), path(r.a()), path(r.b()), path(r.c()), path(r.c_prime())});
  }
  return paths;
}

ResultTable EffectTable(const MediateOptions& o, const mv1::AnalyzeMediationResponse& response) {
  const double pct = 100.0 * o.ci_level;
  ResultTable effects("indirect-effects", "Indirect effects",
                      {"mediator", "ab", "Sobel z", "p", "Aroian p", "Goodman p", "boot SE",
                       absl::StrFormat("%.0f%% CI (%s)", pct, o.ci), "ab/c", "class"});
  for (const auto& r : response.mediators()) {
    effects.AddRow({r.mediator(), Num(r.indirect()), Num(r.sobel().z(), "%.3f"), Num(r.sobel().p_value()),
                    Num(r.aroian().p_value()), Num(r.goodman().p_value()), Num(r.bootstrap_std_error()),
                    absl::StrFormat("[%s, %s]", Num(r.bootstrap_ci_lower()), Num(r.bootstrap_ci_upper())),
                    Num(r.proportion_mediated(), "%.3f"), ClassName(r.classification())});
  }
  return effects;
}

// The classification reasons, the parallel model's total, the bootstrap settings.
std::vector<std::string> MediationNotes(const MediateOptions& o, const mv1::AnalyzeMediationResponse& response) {
  std::vector<std::string> notes;
  if (o.mode == "parallel") {
    notes.push_back(absl::StrFormat("Total indirect effect: %.4f, %.0f%% CI [%s, %s]", response.total_indirect(),
                                    100.0 * o.ci_level, Num(response.total_indirect_ci_lower()),
                                    Num(response.total_indirect_ci_upper())));
  }
  for (const auto& r : response.mediators()) {
    notes.push_back(absl::StrCat(r.mediator(), ": ", r.classification_reason()));
    if (r.bootstrap_failures() > 0) {
      notes.push_back(absl::StrFormat("%s: %d bootstrap replicates had a singular design and were left out",
                                      r.mediator(), r.bootstrap_failures()));
    }
  }
  notes.push_back(absl::StrFormat("Bootstrap: %d replications, seed %d, %s resampling. * p<0.1 ** p<0.05 "
                                  "*** p<0.01; SEs in parentheses.",
                                  o.reps, o.seed, o.resample == "entity" ? "entity-block" : "observation"));
  return notes;
}

TableOutput MediationOutput(const MediateOptions& o, const mv1::ModelSpec& spec,
                            const mv1::AnalyzeMediationResponse& response) {
  TableOutput out(absl::StrFormat("Mediation of %s -> %s (%s mode), %s", o.x, o.y, o.mode, DescribeSpec(spec)));
  out.Add(PathTable(response));
  out.Add(EffectTable(o, response));
  out.AddNote(absl::StrFormat("Common sample: %d observations, %d entities", response.n_obs(), response.n_entities()));
  for (std::string& note : MediationNotes(o, response)) out.AddNote(std::move(note));
  return out;
}

void PrintMediation(const MediateOptions& o, const mv1::ModelSpec& spec,
                    const mv1::AnalyzeMediationResponse& response) {
  std::printf("Mediation of %s -> %s (%s mode), %s\n", o.x.c_str(), o.y.c_str(), o.mode.c_str(),
              DescribeSpec(spec).c_str());
  std::printf("Common sample: %d observations, %d entities\n\n", response.n_obs(), response.n_entities());
  std::printf("%s\n", PathTable(response).Render().c_str());
  std::printf("%s\n", EffectTable(o, response).Render().c_str());
  for (const std::string& note : MediationNotes(o, response)) std::printf("%s\n", note.c_str());
}

int RunMediate(const CLI::App& command, const MediateOptions& options) {
  auto request = BuildRequest(options);
  if (!request.ok()) return UsageError(command, std::string(request.status().message()));
  mv1::AnalyzeMediationResponse response;
  if (const int code = CallModeling(command, options.connection, &mv1::ModelingService::Stub::AnalyzeMediation, *request,
                                    &response);
      code != 0) {
    return code;
  }
  PrintMediation(options, request->model(), response);
  return WriteTableOutput(MediationOutput(options, request->model(), response), options.out);
}

}  // namespace

void AddMediateCommand(CLI::App& root) {
  auto o = std::make_shared<MediateOptions>();
  CLI::App* command =
      root.add_subcommand("mediate", "mediation: paths, Sobel-type tests, bootstrap CI, classification");
  AddPanelOptions(command, &o->panel);
  AddDatasetOption(command, &o->panel);
  command->add_option("--x", o->x, "treatment")->type_name("COL")->required();
  AddList(command, "--m", &o->m, "COL,...", "mediators")->required();
  command->add_option("--y", o->y, "outcome")->type_name("COL")->required();
  AddList(command, "--controls", &o->controls, "COL,...", "control variables");
  const std::string group = "Bootstrap and tests";
  command->add_option("--reps", o->reps, "bootstrap replications")->type_name("N")->group(group);
  command->add_option("--seed", o->seed, "random seed (same seed, same intervals)")->type_name("N")->group(group);
  AddChoice(command, "--ci", &o->ci, Names(CiWords()), "bootstrap interval")->group(group);
  command->add_option("--ci-level", o->ci_level, "bootstrap interval level")->type_name("P")->group(group);
  AddChoice(command, "--resample", &o->resample, Names(ResampleWords()),
            "resample whole entities (block) or single observations")->group(group);
  AddChoice(command, "--mode", &o->mode, Names(ModeWords()),
            "one mediator at a time, or all in one model")->group(group);
  command->add_option("--alpha", o->alpha, "significance level for the classification")
      ->type_name("P")->group(group);
  AddModelOptions(command, &o->model);
  AddOutOption(command, &o->out);
  AddConnectionOptions(command, &o->connection, "127.0.0.1:50052", 300);
  SetRun(command, [command, o] { return RunMediate(*command, *o); });
}

}  // namespace govmetrics::cli
