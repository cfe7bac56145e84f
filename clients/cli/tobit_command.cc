#include "clients/cli/tobit_command.h"

#include <cstdio>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/modeling_call.h"
#include "clients/cli/panel_options.h"
#include "clients/cli/regression_table.h"
#include "clients/cli/text_table.h"
#include "common/stats/significance_stars.h"
#include "govmetrics/modeling/v1/modeling_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

struct TobitOptions {
  PanelOptions panel;
  std::string dependent;
  std::vector<std::string> regressors;
  std::optional<double> left;
  std::optional<double> right;
  bool period_effects = false;
  std::string model = "pooled";
  std::string vcov = "oim";
  int points = 0;
  ConnectionOptions connection;
};

absl::StatusOr<mv1::FitCensoredModelRequest> BuildRequest(const TobitOptions& o) {
  mv1::FitCensoredModelRequest r;
  r.set_dependent(o.dependent);
  for (const auto& x : o.regressors) r.add_regressors(x);
  if (o.left) r.set_left_limit(*o.left);
  if (o.right) r.set_right_limit(*o.right);
  r.set_period_effects(o.period_effects);
  r.set_model(o.model == "re" ? mv1::CENSORED_MODEL_RANDOM_EFFECTS : mv1::CENSORED_MODEL_POOLED);
  r.set_variance(o.vcov == "robust"    ? mv1::CENSORED_VARIANCE_ROBUST
                 : o.vcov == "cluster" ? mv1::CENSORED_VARIANCE_CLUSTER
                                       : mv1::CENSORED_VARIANCE_OIM);
  r.set_quadrature_points(o.points);
  if (auto set = SetPanelOrDataset(o.panel, &r); !set.ok()) return set;
  return r;
}

std::string KindLabel(mv1::MarginalEffectKind k) {
  switch (k) {
    case mv1::MARGINAL_EFFECT_KIND_LATENT: return "latent y*";
    case mv1::MARGINAL_EFFECT_KIND_UNCONDITIONAL: return "E[y|x]";
    case mv1::MARGINAL_EFFECT_KIND_CONDITIONAL: return "E[y|x,uncensored]";
    case mv1::MARGINAL_EFFECT_KIND_PROBABILITY: return "Pr(uncensored)";
    default: return "?";
  }
}

std::string MarginalEffectsTable(const mv1::FitCensoredModelResponse& r) {
  if (r.marginal_effects().empty()) return "";
  TextTable table({"regressor", "of", "at", "effect", "std. error", "p"});
  for (const auto& m : r.marginal_effects()) {
    if (m.kind() == mv1::MARGINAL_EFFECT_KIND_LATENT) continue;  // the coefficients above
    table.AddRow({m.regressor(), KindLabel(m.kind()), m.at() == mv1::MARGINAL_EFFECT_AT_MEANS ? "means" : "average",
                  absl::StrFormat("%.6f%s", m.estimate(), stats::SignificanceStars(m.p_value())), absl::StrFormat("%.6f", m.std_error()),
                  absl::StrFormat("%.4f", m.p_value())});
  }
  // Random effects: at u_i = 0 (scale sigma_e), as xttobit's predict(pr0 / e0 / ystar0).
  return absl::StrCat(r.has_random_effects() ? "Marginal effects at u_i = 0 (scale sigma_e; delta-method standard errors)\n"
                                             : "Marginal effects (delta-method standard errors)\n",
                      table.Render());
}

std::string Render(const TobitOptions& o, const mv1::FitCensoredModelResponse& r) {
  std::string out = absl::StrCat(r.has_random_effects() ? "Random-effects Tobit" : "Pooled Tobit",
                                 ", dependent: ", o.dependent, "\n");
  TextTable table({"", "estimate", "std. error", "z", "p"});
  for (const auto& c : r.coefficients()) {
    table.AddRow({c.name(), absl::StrFormat("%.6f%s", c.estimate(), stats::SignificanceStars(c.p_value())),
                  absl::StrFormat("%.6f", c.std_error()), absl::StrFormat("%.3f", c.z()),
                  absl::StrFormat("%.4f", c.p_value())});
  }
  absl::StrAppend(&out, table.Render());
  absl::StrAppendFormat(&out, "sigma%s = %.6f (%.6f)\n", r.has_random_effects() ? "_e" : "", r.sigma(),
                        r.sigma_std_error());
  if (r.has_random_effects()) {
    const auto& re = r.random_effects();
    absl::StrAppendFormat(&out, "sigma_u = %.6f (%.6f), rho = %.6f (%.6f), %d quadrature points\n", re.sigma_u(),
                          re.sigma_u_std_error(), re.rho(), re.rho_std_error(), re.quadrature_points());
    absl::StrAppendFormat(&out, "LR test of sigma_u = 0: chibar2(01) = %.4f  p = %.4f\n",
                          re.sigma_u_test().statistic(), re.sigma_u_test().p_value());
  }
  absl::StrAppendFormat(&out, "observations %d (left-censored %d, uncensored %d, right-censored %d), entities %d\n",
                        r.observations(), r.left_censored(), r.uncensored(), r.right_censored(), r.entities());
  absl::StrAppendFormat(&out, "log-likelihood %.6f", r.log_likelihood());
  if (r.has_lr_test()) {
    absl::StrAppendFormat(&out, ", LR chi2(%d) = %.4f  p = %.4f", r.lr_test().df(), r.lr_test().statistic(),
                          r.lr_test().p_value());
  }
  absl::StrAppendFormat(&out, ", Wald chi2(%d) = %.4f  p = %.4f\n", r.wald_test().df(), r.wald_test().statistic(),
                        r.wald_test().p_value());
  absl::StrAppend(&out, MarginalEffectsTable(r));
  for (const auto& w : r.warnings()) absl::StrAppend(&out, "warning: ", w, "\n");
  return out;
}

int RunTobit(const CLI::App& command, const TobitOptions& options) {
  auto request = BuildRequest(options);
  if (!request.ok()) return UsageError(command, std::string(request.status().message()));
  mv1::FitCensoredModelResponse response;
  if (const int code = CallModeling(command, options.connection, &mv1::ModelingService::Stub::FitCensoredModel,
                                    *request, &response);
      code != 0) {
    return code;
  }
  std::printf("%s", Render(options, response).c_str());
  return 0;
}

}  // namespace

void AddTobitCommand(CLI::App& root) {
  auto options = std::make_shared<TobitOptions>();
  CLI::App* command = root.add_subcommand("tobit", "censored regression: pooled or random-effects Tobit");
  AddPanelOptions(command, &options->panel);
  AddDatasetOption(command, &options->panel);
  command->add_option("--dependent", options->dependent, "dependent variable")->type_name("COL")->required();
  AddList(command, "--regressor", &options->regressors, "COL,...", "regressors (an intercept is always included)")
      ->required();
  command->add_option("--left", options->left, "left censoring limit (y <= LIMIT is censored)")->type_name("LIMIT");
  command->add_option("--right", options->right, "right censoring limit (y >= LIMIT is censored)")->type_name("LIMIT");
  command->add_flag("--period-effects", options->period_effects, "period dummies");
  AddChoice(command, "--model", &options->model, {"pooled", "re"}, "pooled or random-effects (Gauss-Hermite) Tobit");
  AddChoice(command, "--vcov", &options->vcov, {"oim", "robust", "cluster"},
            "observed information, robust sandwich, or clustered by entity (pooled only)");
  command->add_option("--points", options->points, "Gauss-Hermite points for --model re (0: 12)")
      ->type_name("N");
  AddConnectionOptions(command, &options->connection, "127.0.0.1:50052", 120);
  SetRun(command, [command, options] { return RunTobit(*command, *options); });
}

}  // namespace govmetrics::cli
