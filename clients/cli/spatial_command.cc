#include "clients/cli/spatial_command.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/modeling_call.h"
#include "clients/cli/csv_table.h"
#include "clients/cli/panel_options.h"
#include "clients/cli/regression_table.h"
#include "clients/cli/rpc_client.h"
#include "clients/cli/text_table.h"
#include "govmetrics/modeling/v1/modeling_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;
namespace cv1 = govmetrics::common::v1;

struct SpatialFitOptions {
  PanelOptions panel;
  std::string y;
  std::vector<std::string> x;
  std::string model = "sdm";
  std::string effects = "two-way";
  std::string correction = "lee-yu";
  std::string contiguity;  // CSV of neighbour pairs (first two columns)
  bool china = false;
  std::string hainan = "guangdong";
  int draws = 1000;
  int seed = 1;
  ConnectionOptions connection;
};

std::string Num(double v) { return std::isfinite(v) ? absl::StrFormat("%.4f", v) : std::string("-"); }

// The weights: the shipped China contiguity, or neighbour pairs read from a CSV
// (symmetrised; every entity of the panel gets a unit, so one without pairs is an island).
absl::Status FillWeights(const SpatialFitOptions& o, const cv1::Panel& panel, cv1::SpatialWeightsSpec* spec) {
  if (o.china) {
    static const std::map<std::string, cv1::HainanConvention> kHainan = {
        {"guangdong", cv1::HAINAN_CONVENTION_GUANGDONG},
        {"guangdong-guangxi", cv1::HAINAN_CONVENTION_GUANGDONG_GUANGXI},
        {"island", cv1::HAINAN_CONVENTION_ISLAND}};
    spec->mutable_china_province_contiguity()->set_hainan(kHainan.at(o.hainan));
    return absl::OkStatus();
  }
  auto pairs = ReadCsvFile(o.contiguity);
  if (!pairs.ok()) return pairs.status();
  if (pairs->header.size() < 2) return absl::InvalidArgumentError(o.contiguity + ": needs two columns of entity names");
  auto* list = spec->mutable_adjacency();
  list->set_symmetrize(true);
  std::map<std::string, cv1::Neighbours*> units;
  for (const auto& e : panel.entity()) {
    if (units.count(e) == 0) (units[e] = list->add_units())->set_entity(e);
  }
  for (const auto& row : pairs->rows) {
    auto it = units.find(row[0]);
    if (it == units.end()) (it = units.emplace(row[0], list->add_units()).first)->second->set_entity(row[0]);
    it->second->add_neighbours(row[1]);
  }
  return absl::OkStatus();
}

absl::StatusOr<mv1::FitSpatialPanelRequest> BuildRequest(const SpatialFitOptions& o) {
  if (o.china == !o.contiguity.empty()) {
    return absl::InvalidArgumentError("give exactly one of --contiguity FILE and --china-provinces");
  }
  mv1::FitSpatialPanelRequest request;
  auto panel = LoadPanel(o.panel);
  if (!panel.ok()) return panel.status();
  *request.mutable_panel() = std::move(*panel);
  if (absl::Status st = FillWeights(o, request.panel(), request.mutable_weights()); !st.ok()) return st;
  request.set_dependent(o.y);
  for (const auto& x : o.x) request.add_regressors(x);
  static const std::map<std::string, mv1::SpatialPanelModel> kModels = {
      {"sar", mv1::SPATIAL_PANEL_MODEL_SAR}, {"sem", mv1::SPATIAL_PANEL_MODEL_SEM},
      {"sdm", mv1::SPATIAL_PANEL_MODEL_SDM}, {"sac", mv1::SPATIAL_PANEL_MODEL_SAC}};
  static const std::map<std::string, mv1::SpatialFixedEffects> kEffects = {
      {"entity", mv1::SPATIAL_FIXED_EFFECTS_ENTITY}, {"period", mv1::SPATIAL_FIXED_EFFECTS_PERIOD},
      {"two-way", mv1::SPATIAL_FIXED_EFFECTS_TWO_WAY}};
  request.set_model(kModels.at(o.model));
  request.set_fixed_effects(kEffects.at(o.effects));
  request.set_bias_correction(o.correction == "none" ? mv1::SPATIAL_BIAS_CORRECTION_NONE
                                                     : mv1::SPATIAL_BIAS_CORRECTION_LEE_YU);
  request.set_effect_draws(o.draws <= 0 ? -1 : o.draws);
  request.set_seed(static_cast<uint64_t>(o.seed));
  return request;
}

void PrintTests(const char* title, const google::protobuf::RepeatedPtrField<mv1::SpatialPanelTest>& tests) {
  if (tests.empty()) return;
  TextTable t({title, "statistic", "df", "p"});
  for (const auto& s : tests) t.AddRow({s.name(), Num(s.statistic()), absl::StrFormat("%g", s.df()), Num(s.p_value())});
  std::printf("\n%s", t.Render().c_str());
}

void PrintResponse(const SpatialFitOptions& o, const mv1::FitSpatialPanelResponse& r) {
  std::printf("%s: %s, %s fixed effects, bias correction %s; N = %d, T = %d, log-likelihood %.4f\n\n",
              o.y.c_str(), o.model.c_str(), o.effects.c_str(), o.correction.c_str(), r.entities(), r.periods(),
              r.log_likelihood());
  TextTable coefs({"", "estimate", "std. error", "z", "p"});
  for (const auto& c : r.coefficients()) {
    coefs.AddRow({c.name(), Num(c.estimate()) + Stars(c.p_value()), Num(c.std_error()), Num(c.z()), Num(c.p_value())});
  }
  coefs.AddRule();
  coefs.AddRow({"sigma^2", Num(r.sigma2()), Num(r.sigma2_std_error()), "", ""});
  std::printf("%s", coefs.Render().c_str());
  if (r.effects_size() > 0) {
    TextTable effects({"effect", "direct", "(se)", "indirect", "(se)", "total", "(se)"});
    for (const auto& e : r.effects()) {
      effects.AddRow({e.regressor(), Num(e.direct()), Num(e.direct_std_error()), Num(e.indirect()),
                      Num(e.indirect_std_error()), Num(e.total()), Num(e.total_std_error())});
    }
    std::printf("\n%s", effects.Render().c_str());
    if (r.effect_draws() > 0) std::printf("standard errors from %d simulated draws, seed %d\n", r.effect_draws(), o.seed);
  }
  PrintTests("LM test (non-spatial FE model)", r.lm_tests());
  PrintTests("SDM against", r.durbin_tests());
}

int RunSpatialFit(const CLI::App& command, const SpatialFitOptions& options) {
  auto request = BuildRequest(options);
  if (!request.ok()) return UsageError(command, std::string(request.status().message()));
  mv1::FitSpatialPanelResponse response;
  if (const int code = CallModeling(command, options.connection, &mv1::ModelingService::Stub::FitSpatialPanel, *request,
                                    &response);
      code != 0) {
    return code;
  }
  PrintResponse(options, response);
  return 0;
}

}  // namespace

void AddSpatialFitCommand(CLI::App& root) {
  auto options = std::make_shared<SpatialFitOptions>();
  CLI::App* command = root.add_subcommand(
      "spatial-fit", "spatial panel model (SAR, SEM, SDM, SAC; fixed effects; effects and LM tests)");
  AddPanelOptions(command, &options->panel);
  command->add_option("--y", options->y, "dependent variable")->type_name("COL")->required();
  AddList(command, "--x", &options->x, "COL,...", "regressors")->required();
  AddChoice(command, "--model", &options->model, {"sar", "sem", "sdm", "sac"}, "spatial model");
  AddChoice(command, "--effects", &options->effects, {"entity", "period", "two-way"}, "fixed effects");
  AddChoice(command, "--bias-correction", &options->correction, {"lee-yu", "none"},
            "Lee-Yu transformation approach, or the direct approach");
  command->add_option("--contiguity", options->contiguity, "CSV of neighbour pairs (first two columns)")
      ->type_name("FILE");
  command->add_flag("--china-provinces", options->china, "the shipped contiguity of China's 31 provinces");
  AddChoice(command, "--hainan", &options->hainan, {"guangdong", "guangdong-guangxi", "island"},
            "Hainan's neighbours with --china-provinces");
  command->add_option("--draws", options->draws, "simulated draws for the effects' SEs (0: none)")
      ->capture_default_str();
  command->add_option("--seed", options->seed, "seed of the draws")->capture_default_str();
  AddConnectionOptions(command, &options->connection, "127.0.0.1:50052", 120);
  SetRun(command, [command, options] { return RunSpatialFit(*command, *options); });
}

}  // namespace govmetrics::cli
