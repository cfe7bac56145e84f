#include "clients/cli/spatial_command.h"

#include <cmath>
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/modeling_call.h"
#include "clients/cli/panel_options.h"
#include "clients/cli/regression_table.h"
#include "clients/cli/rpc_client.h"
#include "clients/cli/table_output.h"
#include "common/files/read_panel.h"
#include "common/stats/significance_stars.h"
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
  std::string covariance = "expected";
  std::string contiguity;  // CSV of neighbour pairs (first two columns)
  bool china = false;
  std::string hainan = "guangdong";
  int draws = 1000;
  int seed = 1;
  std::string out;
  ConnectionOptions connection;
};

std::string Num(double v) { return std::isfinite(v) ? absl::StrFormat("%.4f", v) : std::string("-"); }

// Neighbour pairs from the first two columns of a file in any format common/files reads,
// read as text so codes such as "01" keep their zeros.
absl::StatusOr<std::vector<std::pair<std::string, std::string>>> ReadNeighbourPairs(const std::string& path) {
  files::ReadOptions options;
  auto bytes = files::ReadFileBytes(path, options.max_bytes);
  if (!bytes.ok()) return bytes.status();
  auto probe = files::ReadDataTable(*bytes, path, options);
  if (!probe.ok()) return probe.status();
  if (probe->columns.size() < 2) return absl::InvalidArgumentError(path + ": needs two columns of entity names");
  options.text_columns = {probe->columns[0].name, probe->columns[1].name};
  auto table = files::ReadDataTable(*bytes, path, options);
  if (!table.ok()) return table.status();
  std::vector<std::pair<std::string, std::string>> pairs;
  for (size_t r = 0; r < table->rows; ++r) {
    const std::string& from = table->columns[0].texts[r];
    const std::string& to = table->columns[1].texts[r];
    if (from.empty() || to.empty()) {
      return absl::InvalidArgumentError(absl::StrCat(path, " row ", table->RowNumber(r), ": an empty entity name"));
    }
    pairs.emplace_back(from, to);
  }
  return pairs;
}

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
  auto pairs = ReadNeighbourPairs(o.contiguity);
  if (!pairs.ok()) return pairs.status();
  auto* list = spec->mutable_adjacency();
  list->set_symmetrize(true);
  std::map<std::string, cv1::Neighbours*> units;
  for (const auto& e : panel.entity()) {
    if (units.count(e) == 0) (units[e] = list->add_units())->set_entity(e);
  }
  for (const auto& [from, to] : *pairs) {
    auto it = units.find(from);
    if (it == units.end()) (it = units.emplace(from, list->add_units()).first)->second->set_entity(from);
    it->second->add_neighbours(to);
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
  request.set_covariance(o.covariance == "observed" ? mv1::SPATIAL_PANEL_COVARIANCE_OBSERVED_HESSIAN
                                                   : mv1::SPATIAL_PANEL_COVARIANCE_EXPECTED_INFORMATION);
  request.set_effect_draws(o.draws <= 0 ? -1 : o.draws);
  request.set_seed(static_cast<uint64_t>(o.seed));
  return request;
}

ResultTable TestTable(const std::string& id, const std::string& title,
                      const google::protobuf::RepeatedPtrField<mv1::SpatialPanelTest>& tests) {
  ResultTable t(id, title, {title, "statistic", "df", "p"});
  for (const auto& s : tests) t.AddRow({s.name(), Num(s.statistic()), absl::StrFormat("%g", s.df()), Num(s.p_value())});
  return t;
}

ResultTable SpatialCoefficientTable(const mv1::FitSpatialPanelResponse& r) {
  ResultTable coefs("coefficients", "Coefficients", {"", "estimate", "std. error", "z", "p"});
  for (const auto& c : r.coefficients()) {
    coefs.AddRow({c.name(), Num(c.estimate()) + stats::SignificanceStars(c.p_value()), Num(c.std_error()), Num(c.z()), Num(c.p_value())});
  }
  coefs.AddRule();
  coefs.AddRow({"sigma^2", Num(r.sigma2()), Num(r.sigma2_std_error()), "", ""});
  return coefs;
}

ResultTable EffectsTable(const SpatialFitOptions& o, const mv1::FitSpatialPanelResponse& r) {
  ResultTable effects("effects", "Direct, indirect and total effects",
                      {"effect", "direct", "(se)", "indirect", "(se)", "total", "(se)"});
  for (const auto& e : r.effects()) {
    effects.AddRow({e.regressor(), Num(e.direct()), Num(e.direct_std_error()), Num(e.indirect()),
                    Num(e.indirect_std_error()), Num(e.total()), Num(e.total_std_error())});
  }
  if (r.effect_draws() > 0) {
    effects.AddNote(absl::StrFormat("standard errors from %d simulated draws, seed %d", r.effect_draws(), o.seed));
  }
  return effects;
}

// The tables in the order shown: coefficients, effects (SDM/SAR), LM tests, Durbin tests.
std::vector<ResultTable> SpatialTables(const SpatialFitOptions& o, const mv1::FitSpatialPanelResponse& r) {
  std::vector<ResultTable> tables = {SpatialCoefficientTable(r)};
  if (r.effects_size() > 0) tables.push_back(EffectsTable(o, r));
  if (!r.lm_tests().empty()) tables.push_back(TestTable("lm-tests", "LM test (non-spatial FE model)", r.lm_tests()));
  if (!r.durbin_tests().empty()) tables.push_back(TestTable("durbin-tests", "SDM against", r.durbin_tests()));
  return tables;
}

std::string SpatialTitle(const SpatialFitOptions& o, const mv1::FitSpatialPanelResponse& r) {
  return absl::StrFormat("%s: %s, %s fixed effects, bias correction %s; N = %d, T = %d, log-likelihood %.4f", o.y,
                         o.model, o.effects, o.correction, r.entities(), r.periods(), r.log_likelihood());
}

void PrintResponse(const SpatialFitOptions& o, const mv1::FitSpatialPanelResponse& r) {
  std::printf("%s\n", SpatialTitle(o, r).c_str());
  for (const ResultTable& table : SpatialTables(o, r)) {
    std::printf("\n%s", table.Render().c_str());
    for (const auto& note : table.table().notes()) std::printf("%s\n", note.c_str());
  }
}

TableOutput SpatialOutput(const SpatialFitOptions& o, const mv1::FitSpatialPanelResponse& r) {
  TableOutput out(SpatialTitle(o, r));
  for (const ResultTable& table : SpatialTables(o, r)) out.Add(table);
  return out;
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
  return WriteTableOutput(SpatialOutput(options, response), options.out);
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
  AddChoice(command, "--covariance", &options->covariance, {"expected", "observed"},
            "inverse expected information, or inverse observed information (minus the Hessian)");
  command->add_option("--contiguity", options->contiguity, "CSV of neighbour pairs (first two columns)")
      ->type_name("FILE");
  command->add_flag("--china-provinces", options->china, "the shipped contiguity of China's 31 provinces");
  AddChoice(command, "--hainan", &options->hainan, {"guangdong", "guangdong-guangxi", "island"},
            "Hainan's neighbours with --china-provinces");
  command->add_option("--draws", options->draws, "simulated draws for the effects' SEs (0: none)")
      ->capture_default_str();
  command->add_option("--seed", options->seed, "seed of the draws")->capture_default_str();
  AddOutOption(command, &options->out);
  AddConnectionOptions(command, &options->connection, "127.0.0.1:50052", 120);
  SetRun(command, [command, options] { return RunSpatialFit(*command, *options); });
}

}  // namespace govmetrics::cli
