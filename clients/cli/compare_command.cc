#include "clients/cli/compare_command.h"

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/strings/str_format.h"
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
namespace rv1 = govmetrics::reporting::v1;

struct CompareOptions {
  PanelOptions panel;
  std::string y;
  std::vector<std::string> x;
  std::string group;
  std::vector<std::string> compare;
  int permutations = 1000;
  int seed = 1;
  ModelOptions model;
  std::string out;
  ConnectionOptions connection;
};

std::string Num(double v, const char* format = "%.4f") {
  return std::isfinite(v) ? absl::StrFormat(format, v) : std::string("-");
}

absl::StatusOr<mv1::CompareGroupsRequest> BuildRequest(const CompareOptions& o) {
  auto spec = ParseModelSpec(o.model);
  if (!spec.ok()) return spec.status();
  mv1::CompareGroupsRequest request;
  request.set_dependent(o.y);
  for (const auto& x : o.x) request.add_regressors(x);
  for (const auto& c : o.compare) request.add_compare(c);
  request.set_group_by(o.group);
  request.set_permutations(o.permutations);
  request.set_seed(static_cast<uint64_t>(o.seed));
  *request.mutable_model() = *spec;
  if (auto set = SetPanelOrDataset(o.panel, &request); !set.ok()) return set;
  return request;
}

// Groups side by side: coefficient (SE) with stars, then N and within R2.
ResultTable GroupTable(const mv1::CompareGroupsRequest& request, const mv1::CompareGroupsResponse& response) {
  std::vector<std::string> header = {""};
  for (const auto& g : response.groups()) header.push_back(g.group());
  ResultTable side("groups", "Estimates by group", header);
  for (int j = 0; j < request.regressors_size(); ++j) {
    std::vector<std::string> est = {request.regressors(j)}, se = {""};
    for (const auto& g : response.groups()) {
      const mv1::Coefficient* c = nullptr;
      for (const auto& k : g.fit().coefficients()) {
        if (k.name() == request.regressors(j)) c = &k;
      }
      est.push_back(c ? absl::StrFormat("%.4f%s", c->estimate(), stats::SignificanceStars(c->p_value())) : "-");
      se.push_back(c ? absl::StrFormat("(%.4f)", c->std_error()) : "");
    }
    side.AddRow(est, rv1::ROW_KIND_COEFFICIENT);
    side.AddRow(se, rv1::ROW_KIND_STD_ERROR);
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
  return side;
}

ResultTable DifferenceTable(const mv1::CompareGroupsResponse& response) {
  ResultTable tests("differences", "Tests that coefficients differ between groups",
                    {"coefficient", "groups", "difference", "Wald chi2", "p", "suest chi2", "p", "permutation p"});
  for (const auto& d : response.differences()) {
    tests.AddRow({d.coefficient(), d.group_a() + " - " + d.group_b(), Num(d.difference()),
                  Num(d.interacted_wald().statistic(), "%.3f"), Num(d.interacted_wald().p_value()),
                  Num(d.seemingly_unrelated().statistic(), "%.3f"), Num(d.seemingly_unrelated().p_value()),
                  d.permutation().replications() > 0 ? Num(d.permutation().p_value()) : "-"});
  }
  return tests;
}

std::string DifferenceNote(const CompareOptions& o) {
  return absl::StrFormat("Wald: fully interacted pooled model; suest: stacked scores; permutation: group labels\n"
                         "permuted across entities (%d permutations, seed %d), p = (#|d*| >= |d| + 1)/(R + 1).\n"
                         "* p<0.1 ** p<0.05 *** p<0.01; SEs in parentheses.",
                         o.permutations, o.seed);
}

std::string CompareTitle(const CompareOptions& o, const mv1::CompareGroupsRequest& request) {
  return absl::StrFormat("%s by %s, %s", o.y, o.group, DescribeSpec(request.model()));
}

void PrintComparison(const CompareOptions& o, const mv1::CompareGroupsRequest& request,
                     const mv1::CompareGroupsResponse& response) {
  std::printf("%s\n\n", CompareTitle(o, request).c_str());
  std::printf("%s\n", GroupTable(request, response).Render().c_str());
  std::printf("%s\n", DifferenceTable(response).Render().c_str());
  std::printf("%s\n", DifferenceNote(o).c_str());
}

TableOutput ComparisonOutput(const CompareOptions& o, const mv1::CompareGroupsRequest& request,
                             const mv1::CompareGroupsResponse& response) {
  TableOutput out(CompareTitle(o, request));
  out.Add(GroupTable(request, response));
  out.Add(DifferenceTable(response));
  out.AddNote(DifferenceNote(o));
  return out;
}

int RunCompare(const CLI::App& command, const CompareOptions& options) {
  auto request = BuildRequest(options);
  if (!request.ok()) return UsageError(command, std::string(request.status().message()));
  mv1::CompareGroupsResponse response;
  if (const int code = CallModeling(command, options.connection, &mv1::ModelingService::Stub::CompareGroups, *request,
                                    &response);
      code != 0) {
    return code;
  }
  PrintComparison(options, *request, response);
  return WriteTableOutput(ComparisonOutput(options, *request, response), options.out);
}

}  // namespace

void AddCompareCommand(CLI::App& root) {
  auto o = std::make_shared<CompareOptions>();
  CLI::App* command = root.add_subcommand("compare", "the model per group, with tests that coefficients differ");
  AddPanelOptions(command, &o->panel);
  AddDatasetOption(command, &o->panel);
  command->add_option("--y", o->y, "dependent variable")->type_name("COL")->required();
  AddList(command, "--x", &o->x, "COL,...", "regressors")->required();
  command->add_option("--group", o->group, "label column defining the groups")->type_name("LABEL")->required();
  AddList(command, "--compare", &o->compare, "COL,...", "coefficients whose group differences are tested (default: the first regressor)");
  command->add_option("--permutations", o->permutations, "permutation test replications (0 = none)")
      ->type_name("N");
  command->add_option("--seed", o->seed, "random seed for the permutations")->type_name("N");
  AddModelOptions(command, &o->model);
  AddOutOption(command, &o->out);
  AddConnectionOptions(command, &o->connection, "127.0.0.1:50052", 300);
  SetRun(command, [command, o] { return RunCompare(*command, *o); });
}

}  // namespace govmetrics::cli
