#include "clients/cli/mediate_command.h"

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
    "usage: govmetrics mediate --data FILE.csv --entity COL --period COL --x X --m m1,m2 --y Y\n"
    "         [--controls c1,c2] [model flags as for `fit`: --fe, --vcov, --cluster, ...]\n"
    "         [--reps 1000] [--seed 1] [--ci percentile|bc|bca] [--ci-level 0.95]\n"
    "         [--resample entity|obs] [--mode separate|parallel] [--alpha 0.05]\n";

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

int Fail(const absl::Status& s) {
  std::fprintf(stderr, "error: %s\n%s%s", std::string(s.message()).c_str(), kUsage, kConnectionUsage);
  return 2;
}

}  // namespace

int RunMediateCommand(const std::vector<std::string>& argv) {
  std::set<std::string> keys = ModelSpecKeys();
  keys.insert({"data", "entity", "period", "x", "m", "y", "controls", "reps", "seed", "ci",
               "ci-level", "resample", "mode", "alpha"});
  auto args = Args::Parse(argv, WithConnectionKeys(keys));
  if (!args.ok()) return Fail(args.status());
  auto spec = ParseModelSpec(*args);
  auto data = args->Require("data");
  auto x = args->Require("x");
  auto y = args->Require("y");
  auto m = args->Require("m");
  auto reps = args->Integer("reps", 1000);
  auto seed = args->Integer("seed", 1);
  auto level = args->Number("ci-level", 0.95);
  auto alpha = args->Number("alpha", 0.05);
  for (const absl::Status& s : {spec.status(), data.status(), x.status(), y.status(), m.status(),
                                reps.status(), seed.status(), level.status(), alpha.status()}) {
    if (!s.ok()) return Fail(s);
  }
  mv1::AnalyzeMediationRequest request;
  const std::string ci = args->Get("ci", "percentile");
  const std::string resample = args->Get("resample", "entity");
  const std::string mode = args->Get("mode", "separate");
  auto* b = request.mutable_bootstrap();
  if (ci == "percentile") {
    b->set_ci_method(mv1::CI_METHOD_PERCENTILE);
  } else if (ci == "bc") {
    b->set_ci_method(mv1::CI_METHOD_BIAS_CORRECTED);
  } else if (ci == "bca") {
    b->set_ci_method(mv1::CI_METHOD_BCA);
  } else {
    return Fail(absl::InvalidArgumentError("--ci must be percentile, bc or bca"));
  }
  if (resample == "entity") {
    b->set_resample(mv1::RESAMPLE_ENTITY_BLOCK);
  } else if (resample == "obs") {
    b->set_resample(mv1::RESAMPLE_OBSERVATION);
  } else {
    return Fail(absl::InvalidArgumentError("--resample must be entity or obs"));
  }
  if (mode == "separate") {
    request.set_mode(mv1::MEDIATION_MODE_SEPARATE);
  } else if (mode == "parallel") {
    request.set_mode(mv1::MEDIATION_MODE_PARALLEL);
  } else {
    return Fail(absl::InvalidArgumentError("--mode must be separate or parallel"));
  }
  b->set_replications(*reps);
  b->set_seed(static_cast<uint64_t>(*seed));
  b->set_ci_level(*level);
  request.set_alpha(*alpha);

  auto table = ReadCsvFile(*data);
  if (!table.ok()) return Fail(table.status());
  auto panel = PanelFromCsv(*table, args->Get("entity", "entity"), args->Get("period", "period"));
  if (!panel.ok()) return Fail(panel.status());
  *request.mutable_panel() = std::move(*panel);
  request.set_treatment(*x);
  request.set_outcome(*y);
  for (const auto& name : args->List("m")) request.add_mediators(name);
  for (const auto& name : args->List("controls")) request.add_controls(name);
  *request.mutable_model() = *spec;

  auto connection = Connection::FromArgs(*args, "127.0.0.1:50052", 300);
  if (!connection.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(connection.status().message()).c_str());
    return 2;
  }
  auto stub = mv1::ModelingService::NewStub(connection->channel());
  grpc::ClientContext context;
  connection->Prepare(&context);
  mv1::AnalyzeMediationResponse response;
  grpc::Status status = stub->AnalyzeMediation(&context, request, &response);
  if (!status.ok()) return PrintRpcError(status);

  std::printf("Mediation of %s -> %s (%s mode), %s\n", x->c_str(), y->c_str(), mode.c_str(),
              DescribeSpec(*spec).c_str());
  std::printf("Common sample: %d observations, %d entities\n\n", response.n_obs(), response.n_entities());
  TextTable paths({"mediator", "a (X->M)", "b (M->Y)", "c (total)", "c' (direct)"});
  auto path = [](const mv1::PathEstimate& p) {
    return absl::StrFormat("%.4f%s (%.4f)", p.estimate(), Stars(p.p_value()), p.std_error());
  };
  for (const auto& r : response.mediators()) {
    paths.AddRow({r.mediator(), path(r.a()), path(r.b()), path(r.c()), path(r.c_prime())});
  }
  std::printf("%s\n", paths.Render().c_str());
  const double pct = 100.0 * (*level);
  TextTable effects({"mediator", "ab", "Sobel z", "p", "Aroian p", "Goodman p", "boot SE",
                     absl::StrFormat("%.0f%% CI (%s)", pct, ci), "ab/c", "class"});
  for (const auto& r : response.mediators()) {
    effects.AddRow({r.mediator(), Num(r.indirect()), Num(r.sobel().z(), "%.3f"), Num(r.sobel().p_value()),
                    Num(r.aroian().p_value()), Num(r.goodman().p_value()), Num(r.bootstrap_std_error()),
                    absl::StrFormat("[%s, %s]", Num(r.bootstrap_ci_lower()), Num(r.bootstrap_ci_upper())),
                    Num(r.proportion_mediated(), "%.3f"), ClassName(r.classification())});
  }
  std::printf("%s\n", effects.Render().c_str());
  if (mode == "parallel") {
    std::printf("Total indirect effect: %.4f, %.0f%% CI [%s, %s]\n\n", response.total_indirect(), pct,
                Num(response.total_indirect_ci_lower()).c_str(), Num(response.total_indirect_ci_upper()).c_str());
  }
  for (const auto& r : response.mediators()) {
    std::printf("%s: %s\n", r.mediator().c_str(), r.classification_reason().c_str());
    if (r.bootstrap_failures() > 0) {
      std::printf("  (%d bootstrap replicates had a singular design and were left out)\n", r.bootstrap_failures());
    }
  }
  std::printf("\nBootstrap: %d replications, seed %d, %s resampling. * p<0.1 ** p<0.05 *** p<0.01; "
              "SEs in parentheses.\n",
              *reps, *seed, resample == "entity" ? "entity-block" : "observation");
  return 0;
}

}  // namespace govmetrics::cli
