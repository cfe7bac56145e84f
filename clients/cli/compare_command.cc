#include "clients/cli/compare_command.h"

#include <cmath>
#include <cstdio>
#include <string>

#include "absl/strings/str_format.h"
#include "clients/cli/args.h"
#include "clients/cli/csv_table.h"
#include "clients/cli/model_args.h"
#include "clients/cli/panel_csv.h"
#include "clients/cli/regression_table.h"
#include "clients/cli/connection.h"
#include "clients/cli/rpc_client.h"
#include "clients/cli/text_table.h"
#include "govmetrics/modeling/v1/modeling_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr char kUsage[] =
    "usage: govmetrics compare --data FILE.csv --entity COL --period COL --y Y --x a,b\n"
    "         --group LABEL [--compare a,b] [--permutations 1000] [--seed 1]\n"
    "         [model flags as for `fit`: --fe, --vcov, --cluster, ...]\n";

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "error: %s\n%s%s", std::string(s.message()).c_str(), kUsage, kConnectionUsage);
  return 2;
}

std::string Num(double v, const char* format = "%.4f") {
  return std::isfinite(v) ? absl::StrFormat(format, v) : std::string("-");
}

}  // namespace

int RunCompareCommand(const std::vector<std::string>& argv) {
  std::set<std::string> keys = ModelSpecKeys();
  keys.insert({"data", "entity", "period", "y", "x", "group", "compare", "permutations", "seed",
               });
  auto args = Args::Parse(argv, WithConnectionKeys(keys));
  if (!args.ok()) return Fail(args.status());
  auto spec = ParseModelSpec(*args);
  auto data = args->Require("data");
  auto y = args->Require("y");
  auto group = args->Require("group");
  auto permutations = args->Integer("permutations", 1000);
  auto seed = args->Integer("seed", 1);
  for (const absl::Status& s : {spec.status(), data.status(), y.status(), group.status(),
                                permutations.status(), seed.status()}) {
    if (!s.ok()) return Fail(s);
  }
  auto table = ReadCsvFile(*data);
  if (!table.ok()) return Fail(table.status());
  auto panel = PanelFromCsv(*table, args->Get("entity", "entity"), args->Get("period", "period"));
  if (!panel.ok()) return Fail(panel.status());
  mv1::CompareGroupsRequest request;
  *request.mutable_panel() = std::move(*panel);
  request.set_dependent(*y);
  for (const auto& x : args->List("x")) request.add_regressors(x);
  for (const auto& c : args->List("compare")) request.add_compare(c);
  request.set_group_by(*group);
  request.set_permutations(*permutations);
  request.set_seed(static_cast<uint64_t>(*seed));
  *request.mutable_model() = *spec;

  auto connection = Connection::FromArgs(*args, "127.0.0.1:50052", 300);
  if (!connection.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(connection.status().message()).c_str());
    return 2;
  }
  auto stub = mv1::ModelingService::NewStub(connection->channel());
  grpc::ClientContext context;
  connection->Prepare(&context);
  mv1::CompareGroupsResponse response;
  grpc::Status status = stub->CompareGroups(&context, request, &response);
  if (!status.ok()) return PrintRpcError(status);

  std::printf("%s by %s, %s\n\n", y->c_str(), group->c_str(), DescribeSpec(*spec).c_str());
  // Groups side by side: coefficient (SE) with stars, then N and within R2.
  std::vector<std::string> header = {""};
  for (const auto& g : response.groups()) header.push_back(g.group());
  TextTable side(header);
  for (int j = 0; j < request.regressors_size(); ++j) {
    std::vector<std::string> est = {request.regressors(j)}, se = {""};
    for (const auto& g : response.groups()) {
      const mv1::Coefficient* c = nullptr;
      for (const auto& k : g.fit().coefficients()) {
        if (k.name() == request.regressors(j)) c = &k;
      }
      est.push_back(c ? absl::StrFormat("%.4f%s", c->estimate(), Stars(c->p_value())) : "-");
      se.push_back(c ? absl::StrFormat("(%.4f)", c->std_error()) : "");
    }
    side.AddRow(est);
    side.AddRow(se);
  }
  side.AddRule();
  std::vector<std::string> n = {"N"}, ent = {"entities"}, r2 = {"R2 within"};
  for (const auto& g : response.groups()) {
    n.push_back(std::to_string(g.fit().n_obs()));
    ent.push_back(std::to_string(g.fit().n_entities()));
    r2.push_back(Num(g.fit().r_squared_within(), "%.3f"));
  }
  side.AddRow(n);
  side.AddRow(ent);
  side.AddRow(r2);
  std::printf("%s\n", side.Render().c_str());

  TextTable tests({"coefficient", "groups", "difference", "Wald chi2", "p", "suest chi2", "p",
                   "permutation p"});
  for (const auto& d : response.differences()) {
    tests.AddRow({d.coefficient(), d.group_a() + " - " + d.group_b(), Num(d.difference()),
                  Num(d.interacted_wald().statistic(), "%.3f"), Num(d.interacted_wald().p_value()),
                  Num(d.seemingly_unrelated().statistic(), "%.3f"), Num(d.seemingly_unrelated().p_value()),
                  d.permutation().replications() > 0 ? Num(d.permutation().p_value()) : "-"});
  }
  std::printf("%s\n", tests.Render().c_str());
  std::printf("Wald: fully interacted pooled model; suest: stacked scores; permutation: group labels\n"
              "permuted across entities (%d permutations, seed %d), p = (#|d*| >= |d| + 1)/(R + 1).\n"
              "* p<0.1 ** p<0.05 *** p<0.01; SEs in parentheses.\n",
              *permutations, *seed);
  return 0;
}

}  // namespace govmetrics::cli
