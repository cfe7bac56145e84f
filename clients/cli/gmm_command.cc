#include "clients/cli/gmm_command.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "clients/cli/command_line.h"
#include "clients/cli/connection.h"
#include "clients/cli/modeling_call.h"
#include "clients/cli/panel_options.h"
#include "clients/cli/regression_table.h"
#include "clients/cli/rpc_client.h"
#include "clients/cli/table_output.h"
#include "common/stats/significance_stars.h"
#include "govmetrics/modeling/v1/modeling_service.grpc.pb.h"

namespace govmetrics::cli {
namespace {

namespace mv1 = govmetrics::modeling::v1;

struct GmmOptions {
  PanelOptions panel;
  std::string dependent;
  std::vector<std::string> dependent_lags = {"1"};
  std::vector<std::string> regressors;
  std::vector<std::string> gmm;
  std::vector<std::string> iv;
  std::vector<std::string> diff_hansen;
  std::string transformation = "difference";
  std::string steps = "two";
  std::string effect = "twoways";
  bool collapse = false;
  bool conventional = false;
  std::string out;
  ConnectionOptions connection;
};

absl::StatusOr<int> ParseInt(const std::string& text, const std::string& what) {
  int v = 0;
  if (!absl::SimpleAtoi(text, &v)) return absl::InvalidArgumentError(absl::StrCat(what, ": '", text, "' is not an integer"));
  return v;
}

// "COL" (lag 0), "COL:2" or "COL:0-2".
absl::StatusOr<mv1::LaggedTerm> ParseTerm(const std::string& text, const std::string& option) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  mv1::LaggedTerm term;
  term.set_column(parts[0]);
  if (parts.size() == 1) return term;
  std::vector<std::string> range = absl::StrSplit(parts[1], '-');
  if (parts.size() > 2 || range.size() > 2) return absl::InvalidArgumentError(absl::StrCat(option, " ", text, ": expected COL, COL:LAG or COL:FROM-TO"));
  auto from = ParseInt(range[0], option);
  auto to = ParseInt(range.back(), option);
  if (!from.ok()) return from.status();
  if (!to.ok()) return to.status();
  for (int l = *from; l <= *to; ++l) term.add_lags(l);
  return term;
}

// "COL", "COL:MIN" or "COL:MIN:MAX".
absl::StatusOr<mv1::GmmInstrumentSpec> ParseGmm(const std::string& text, bool collapse) {
  std::vector<std::string> parts = absl::StrSplit(text, ':');
  if (parts.size() > 3) return absl::InvalidArgumentError(absl::StrCat("--gmm ", text, ": expected COL[:MIN[:MAX]]"));
  mv1::GmmInstrumentSpec g;
  g.set_column(parts[0]);
  g.set_collapse(collapse);
  if (parts.size() > 1) {
    auto v = ParseInt(parts[1], "--gmm");
    if (!v.ok()) return v.status();
    g.set_min_lag(*v);
  }
  if (parts.size() > 2) {
    auto v = ParseInt(parts[2], "--gmm");
    if (!v.ok()) return v.status();
    g.set_max_lag(*v);
  }
  return g;
}

absl::Status AddTerms(const std::vector<std::string>& texts, const std::string& option,
                      google::protobuf::RepeatedPtrField<mv1::LaggedTerm>* out) {
  for (const auto& t : texts) {
    auto term = ParseTerm(t, option);
    if (!term.ok()) return term.status();
    *out->Add() = std::move(*term);
  }
  return absl::OkStatus();
}

void SetChoices(const GmmOptions& o, mv1::FitDynamicPanelRequest* r) {
  r->set_transformation(o.transformation == "system" ? mv1::GMM_TRANSFORMATION_SYSTEM : mv1::GMM_TRANSFORMATION_DIFFERENCE);
  r->set_steps(o.steps == "one" ? mv1::GMM_STEPS_ONE_STEP : mv1::GMM_STEPS_TWO_STEP);
  r->set_effect(o.effect == "individual" ? mv1::GMM_EFFECT_INDIVIDUAL : mv1::GMM_EFFECT_TWO_WAYS);
  r->set_covariance(o.conventional ? mv1::GMM_COVARIANCE_CONVENTIONAL : mv1::GMM_COVARIANCE_ROBUST);
}

absl::StatusOr<mv1::FitDynamicPanelRequest> BuildRequest(const GmmOptions& o) {
  mv1::FitDynamicPanelRequest r;
  r.set_dependent(o.dependent);
  for (const auto& l : o.dependent_lags) {
    auto v = ParseInt(l, "--dependent-lags");
    if (!v.ok()) return v.status();
    r.add_dependent_lags(*v);
  }
  if (auto s = AddTerms(o.regressors, "--regressor", r.mutable_regressors()); !s.ok()) return s;
  if (auto s = AddTerms(o.iv, "--iv", r.mutable_iv_instruments()); !s.ok()) return s;
  for (const auto& g : o.gmm) {
    auto spec = ParseGmm(g, o.collapse);
    if (!spec.ok()) return spec.status();
    *r.add_gmm_instruments() = std::move(*spec);
  }
  for (const auto& c : o.diff_hansen) {
    auto* subset = r.add_difference_in_hansen();
    subset->set_name(c);
    const bool is_gmm = std::any_of(r.gmm_instruments().begin(), r.gmm_instruments().end(),
                                    [&](const mv1::GmmInstrumentSpec& g) { return g.column() == c; });
    is_gmm ? subset->add_gmm_columns(c) : subset->add_iv_columns(c);
  }
  SetChoices(o, &r);
  if (auto set = SetPanelOrDataset(o.panel, &r); !set.ok()) return set;
  return r;
}

std::string GmmTitle(const GmmOptions& o) {
  return absl::StrCat(o.transformation == "system" ? "System GMM (Blundell-Bond)" : "Difference GMM (Arellano-Bond)",
                      ", ", o.steps == "one" ? "one-step" : "two-step", ", dependent: ", o.dependent);
}

ResultTable GmmCoefficientTable(const mv1::FitDynamicPanelResponse& r) {
  ResultTable table("coefficients", "Coefficients", {"", "estimate", "std. error", "z", "p"});
  for (const auto& c : r.coefficients()) {
    table.AddRow({c.name(), absl::StrFormat("%.6f%s", c.estimate(), stats::SignificanceStars(c.p_value())), absl::StrFormat("%.6f", c.std_error()),
                  absl::StrFormat("%.3f", c.z()), absl::StrFormat("%.4f", c.p_value())});
  }
  return table;
}

// Hansen J and difference-in-Hansen are chi-square tests; the Arellano-Bond tests are z.
void AddTest(ResultTable& table, const std::string& label, const mv1::GmmTest& t, bool chi_square) {
  table.AddRow({label, chi_square ? absl::StrFormat("chi2(%d)", t.df()) : "z", absl::StrFormat("%.4f", t.statistic()),
                absl::StrFormat("%.4f", t.p_value())});
}

ResultTable GmmTestTable(const mv1::FitDynamicPanelResponse& r) {
  ResultTable table("specification-tests", "Specification tests", {"test", "distribution", "statistic", "p"});
  AddTest(table, "Hansen J", r.hansen(), true);
  if (r.has_ar1()) AddTest(table, "Arellano-Bond AR(1)", r.ar1(), false);
  if (r.has_ar2()) AddTest(table, "Arellano-Bond AR(2)", r.ar2(), false);
  for (const auto& d : r.difference_in_hansen()) {
    AddTest(table, absl::StrCat("Difference-in-Hansen ", d.name()), d.difference(), true);
  }
  return table;
}

std::vector<std::string> GmmNotes(const GmmOptions& o, const mv1::FitDynamicPanelResponse& r) {
  std::vector<std::string> notes = {absl::StrFormat(
      "groups %d, instruments %d, periods %d, observations %d (differenced) + %d (levels)", r.groups(),
      r.instruments(), r.periods(), r.observations_difference(), r.observations_level())};
  for (const auto& w : r.warnings()) notes.push_back(absl::StrCat("warning: ", w));
  notes.push_back(o.conventional ? "standard errors: conventional"
                  : o.steps == "one" ? "standard errors: robust (one-step sandwich)"
                                     : "standard errors: Windmeijer-corrected two-step");
  return notes;
}

std::string Render(const GmmOptions& o, const mv1::FitDynamicPanelResponse& r) {
  std::string out = absl::StrCat(GmmTitle(o), "\n", GmmCoefficientTable(r).Render(), "\n", GmmTestTable(r).Render());
  for (const std::string& note : GmmNotes(o, r)) absl::StrAppend(&out, note, "\n");
  return out;
}

TableOutput GmmOutput(const GmmOptions& o, const mv1::FitDynamicPanelResponse& r) {
  TableOutput out(GmmTitle(o));
  out.Add(GmmCoefficientTable(r));
  out.Add(GmmTestTable(r));
  for (std::string& note : GmmNotes(o, r)) out.AddNote(std::move(note));
  return out;
}

int RunGmm(const CLI::App& command, const GmmOptions& options) {
  auto request = BuildRequest(options);
  if (!request.ok()) return UsageError(command, std::string(request.status().message()));
  mv1::FitDynamicPanelResponse response;
  if (const int code = CallModeling(command, options.connection, &mv1::ModelingService::Stub::FitDynamicPanel, *request,
                                    &response);
      code != 0) {
    return code;
  }
  std::printf("%s", Render(options, response).c_str());
  return WriteTableOutput(GmmOutput(options, response), options.out);
}

}  // namespace

void AddGmmCommand(CLI::App& root) {
  auto options = std::make_shared<GmmOptions>();
  CLI::App* command = root.add_subcommand("gmm", "dynamic panel GMM (Arellano-Bond difference, Blundell-Bond system)");
  AddPanelOptions(command, &options->panel);
  AddDatasetOption(command, &options->panel);
  command->add_option("--dependent", options->dependent, "dependent variable")->type_name("COL")->required();
  AddList(command, "--dependent-lags", &options->dependent_lags, "LAG,...", "lags of the dependent variable as regressors");
  AddList(command, "--regressor", &options->regressors, "COL[:LAG|:FROM-TO]", "regressors with their lags (default lag 0)");
  AddList(command, "--gmm", &options->gmm, "COL[:MIN[:MAX]]", "GMM-style instruments (lags 2..all by default)")->required();
  AddList(command, "--iv", &options->iv, "COL[:LAG|:FROM-TO]",
          "IV-style instruments (default: the model variables that are not GMM-style)");
  AddList(command, "--diff-hansen", &options->diff_hansen, "COL,...", "difference-in-Hansen test for this instrument column");
  AddChoice(command, "--transformation", &options->transformation, {"difference", "system"},
            "difference (Arellano-Bond) or system (Blundell-Bond) GMM");
  AddChoice(command, "--steps", &options->steps, {"one", "two"}, "one- or two-step");
  AddChoice(command, "--effect", &options->effect, {"twoways", "individual"}, "period dummies or not");
  command->add_flag("--collapse", options->collapse, "collapse the GMM-style instruments (one column per lag)");
  command->add_flag("--conventional", options->conventional, "conventional two-step errors (default Windmeijer)");
  AddOutOption(command, &options->out);
  AddConnectionOptions(command, &options->connection, "127.0.0.1:50052", 120);
  SetRun(command, [command, options] { return RunGmm(*command, *options); });
}

}  // namespace govmetrics::cli
