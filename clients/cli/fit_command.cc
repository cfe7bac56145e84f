#include "clients/cli/fit_command.h"

#include <cstdio>

#include "clients/cli/args.h"
#include "clients/cli/csv_table.h"
#include "clients/cli/model_args.h"
#include "clients/cli/panel_csv.h"
#include "clients/cli/regression_table.h"
#include "clients/cli/connection.h"
#include "clients/cli/rpc_client.h"
#include "govmetrics/modeling/v1/modeling_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kUsage[] =
    "usage: govmetrics fit --data FILE.csv --entity COL --period COL --y COL --x a,b,c\n"
    "         [--fe none|entity|period|two-way] [--estimator within|pooled|re|fd|between|iv]\n"
    "         [--endogenous a --instruments z1,z2] [--vcov iid|hc0..hc3|cluster|dk]\n"
    "         [--cluster entity[,period]] [--small-sample stata|fixest|plm|none] [--max-lag K]\n"
    "         [--log a] [--lag a:1] [--winsorize a:0.01:0.99] [--drop-entities X,Y]\n"
    "         [--keep LABEL=v1,v2] [--periods 2016-2021]\n";

}  // namespace

int RunFitCommand(const std::vector<std::string>& argv) {
  std::set<std::string> keys = ModelSpecKeys();
  keys.insert({"data", "entity", "period", "y", "x", "endogenous", "instruments"});
  auto args = Args::Parse(argv, WithConnectionKeys(keys));
  if (!args.ok()) {
    std::fprintf(stderr, "%s\n%s%s", std::string(args.status().message()).c_str(), kUsage, kConnectionUsage);
    return 2;
  }
  auto spec = ParseModelSpec(*args);
  auto data = args->Require("data");
  auto y = args->Require("y");
  for (const absl::Status& s : {spec.status(), data.status(), y.status()}) {
    if (!s.ok()) {
      std::fprintf(stderr, "error: %s\n%s%s", std::string(s.message()).c_str(), kUsage, kConnectionUsage);
      return 2;
    }
  }
  auto table = ReadCsvFile(*data);
  if (!table.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(table.status().message()).c_str());
    return 2;
  }
  auto panel = PanelFromCsv(*table, args->Get("entity", "entity"), args->Get("period", "period"));
  if (!panel.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(panel.status().message()).c_str());
    return 2;
  }
  mv1::FitPanelModelRequest request;
  *request.mutable_panel() = std::move(*panel);
  request.set_dependent(*y);
  for (const auto& x : args->List("x")) request.add_regressors(x);
  for (const auto& x : args->List("endogenous")) request.add_endogenous(x);
  for (const auto& z : args->List("instruments")) request.add_instruments(z);
  request.set_fixed_effects(spec->fixed_effects());
  *request.mutable_absorb() = spec->absorb();
  request.set_estimator(spec->estimator());
  *request.mutable_variance() = spec->variance();
  request.set_confidence_level(spec->confidence_level());
  *request.mutable_transforms() = spec->transforms();
  *request.mutable_filter() = spec->filter();

  auto connection = Connection::FromArgs(*args, "127.0.0.1:50052", 120);
  if (!connection.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(connection.status().message()).c_str());
    return 2;
  }
  auto stub = mv1::ModelingService::NewStub(connection->channel());
  grpc::ClientContext context;
  connection->Prepare(&context);
  mv1::FitPanelModelResponse response;
  grpc::Status status = stub->FitPanelModel(&context, request, &response);
  if (!status.ok()) return PrintRpcError(status);
  std::printf("%s", RenderRegression(DescribeSpec(*spec), *y, response).c_str());
  return 0;
}

}  // namespace govmetrics::cli
