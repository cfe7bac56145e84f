#include "clients/cli/fit_command.h"

#include <cstdio>
#include <memory>

#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/model_args.h"
#include "clients/cli/moderation_table.h"
#include "clients/cli/panel_options.h"
#include "clients/cli/regression_table.h"
#include "clients/cli/rpc_client.h"
#include "govmetrics/modeling/v1/modeling_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

struct FitOptions {
  PanelOptions panel;
  std::string y;
  std::vector<std::string> x;
  std::vector<std::string> endogenous;
  std::vector<std::string> instruments;
  std::vector<std::string> interactions;
  bool center = false;
  ModelOptions model;
  std::string out;
  ConnectionOptions connection;
};

absl::StatusOr<mv1::FitPanelModelRequest> BuildRequest(const FitOptions& options,
                                                       const mv1::ModelSpec& spec) {
  mv1::FitPanelModelRequest request;
  request.set_dependent(options.y);
  for (const auto& x : options.x) request.add_regressors(x);
  for (const auto& x : options.endogenous) request.add_endogenous(x);
  for (const auto& z : options.instruments) request.add_instruments(z);
  request.set_fixed_effects(spec.fixed_effects());
  *request.mutable_absorb() = spec.absorb();
  request.set_estimator(spec.estimator());
  *request.mutable_variance() = spec.variance();
  request.set_confidence_level(spec.confidence_level());
  *request.mutable_transforms() = spec.transforms();
  *request.mutable_filter() = spec.filter();
  if (!options.interactions.empty()) {
    auto moderation = ParseInteractions(options.interactions, options.center);
    if (!moderation.ok()) return moderation.status();
    *request.mutable_moderation() = *std::move(moderation);
  }
  if (auto set = SetPanelOrDataset(options.panel, &request); !set.ok()) return set;
  return request;
}

int RunFit(const CLI::App& command, const FitOptions& options) {
  auto spec = ParseModelSpec(options.model);
  if (!spec.ok()) return UsageError(command, std::string(spec.status().message()));
  auto request = BuildRequest(options, *spec);
  if (!request.ok()) return UsageError(command, std::string(request.status().message()));
  auto connection = Connection::Open(options.connection);
  if (!connection.ok()) return UsageError(command, std::string(connection.status().message()));
  auto stub = mv1::ModelingService::NewStub(connection->channel());
  grpc::ClientContext context;
  connection->Prepare(&context);
  mv1::FitPanelModelResponse response;
  grpc::Status status = stub->FitPanelModel(&context, *request, &response);
  if (!status.ok()) return PrintRpcError(status);
  std::printf("%s", RenderRegression(DescribeSpec(*spec), options.y, response).c_str());
  return WriteTableOutput(RegressionOutput(DescribeSpec(*spec), options.y, response), options.out);
}

}  // namespace

void AddFitCommand(CLI::App& root) {
  auto options = std::make_shared<FitOptions>();
  CLI::App* command =
      root.add_subcommand("fit", "panel regression (two-way FE, RE, FD, IV; robust / clustered SEs)");
  AddPanelOptions(command, &options->panel);
  AddDatasetOption(command, &options->panel);
  command->add_option("--y", options->y, "dependent variable")->type_name("COL")->required();
  AddList(command, "--x", &options->x, "COL,...", "regressors (exogenous)");
  AddList(command, "--endogenous", &options->endogenous, "COL,...",
          "endogenous regressors (with --estimator iv)");
  AddList(command, "--instruments", &options->instruments, "COL,...",
          "excluded instruments (with --estimator iv)");
  command->add_option("--interaction", options->interactions,
                      "interaction term with simple slopes and Johnson-Neyman interval; repeatable; "
                      "=V1,V2 sets the moderator values (default mean -/+ 1 SD)")
      ->type_name("FOCAL:MODERATOR[=V,...]");
  command->add_flag("--center", options->center, "mean-centre the interacted columns");
  AddModelOptions(command, &options->model);
  AddOutOption(command, &options->out);
  AddConnectionOptions(command, &options->connection, "127.0.0.1:50052", 120);
  SetRun(command, [command, options] { return RunFit(*command, *options); });
}

}  // namespace govmetrics::cli
