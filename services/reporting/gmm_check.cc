#include "services/reporting/gmm_check.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr int kDefaultMinLag = 2;
constexpr double kNormal975 = 1.959963984540054;

mv1::LaggedTerm Current(const std::string& column) {
  mv1::LaggedTerm term;
  term.set_column(column);
  term.add_lags(0);
  return term;
}

void AddGmmInstrument(const rv1::RobustnessSpec& check, const std::string& column,
                      mv1::FitDynamicPanelRequest& request) {
  auto* z = request.add_gmm_instruments();
  z->set_column(column);
  z->set_min_lag(GmmMinLag(check));
  z->set_max_lag(GmmMaxLag(check));
  z->set_collapse(GmmCollapse(check));
}

// The response's coefficient `name` as a table coefficient (its z p-value, a normal 95%
// interval for the coefficient chart).
void AddCoefficient(const mv1::FitDynamicPanelResponse& response, const std::string& name,
                    mv1::FitPanelModelResponse& fit) {
  for (const auto& g : response.coefficients()) {
    if (g.name() != name) continue;
    auto* c = fit.add_coefficients();
    c->set_name(name);
    c->set_estimate(g.estimate());
    c->set_std_error(g.std_error());
    c->set_statistic(g.z());
    c->set_p_value(g.p_value());
    c->set_ci_lower(g.estimate() - kNormal975 * g.std_error());
    c->set_ci_upper(g.estimate() + kNormal975 * g.std_error());
  }
}

DiagnosticCell PValueRow(const std::string& label, const mv1::GmmTest& test) {
  return {label, NumberCell(test.p_value())};
}

}  // namespace

bool GmmSystem(const rv1::RobustnessSpec& check) {
  return check.gmm().transformation() != mv1::GMM_TRANSFORMATION_DIFFERENCE;
}
bool GmmTwoStep(const rv1::RobustnessSpec& check) { return check.gmm().steps() != mv1::GMM_STEPS_ONE_STEP; }
bool GmmCollapse(const rv1::RobustnessSpec& check) {
  return !check.gmm().has_collapse() || check.gmm().collapse();
}
int GmmMinLag(const rv1::RobustnessSpec& check) {
  return check.gmm().min_lag() > 0 ? check.gmm().min_lag() : kDefaultMinLag;
}
int GmmMaxLag(const rv1::RobustnessSpec& check) { return check.gmm().max_lag(); }
int GmmOutcomeLags(const rv1::RobustnessSpec& check) { return std::max(1, check.gmm().outcome_lags()); }

std::string LaggedOutcomeName(const StudyDesign& design, int lag) { return absl::StrCat("L", lag, ".", design.y); }

mv1::FitDynamicPanelRequest GmmCheckRequest(const StudyDesign& design, const rv1::RobustnessSpec& check) {
  mv1::FitDynamicPanelRequest request;
  *request.mutable_panel() = design.panel;
  request.set_dependent(design.y);
  for (int lag = 1; lag <= GmmOutcomeLags(check); ++lag) request.add_dependent_lags(lag);
  for (const auto& r : design.Regressors(design.x)) *request.add_regressors() = Current(r);
  AddGmmInstrument(check, design.y, request);
  if (check.gmm().endogenous_explanatory()) AddGmmInstrument(check, design.x, request);
  request.set_transformation(GmmSystem(check) ? mv1::GMM_TRANSFORMATION_SYSTEM : mv1::GMM_TRANSFORMATION_DIFFERENCE);
  request.set_effect(mv1::GMM_EFFECT_TWO_WAYS);
  request.set_steps(GmmTwoStep(check) ? mv1::GMM_STEPS_TWO_STEP : mv1::GMM_STEPS_ONE_STEP);
  request.set_covariance(mv1::GMM_COVARIANCE_ROBUST);  // two-step: Windmeijer (2005)
  return request;
}

mv1::FitPanelModelResponse GmmColumnFit(const StudyDesign& design, const rv1::RobustnessSpec& check,
                                        const mv1::FitDynamicPanelResponse& response) {
  mv1::FitPanelModelResponse fit;
  AddCoefficient(response, design.x, fit);
  for (int lag = 1; lag <= GmmOutcomeLags(check); ++lag) AddCoefficient(response, LaggedOutcomeName(design, lag), fit);
  fit.set_n_obs(GmmSystem(check) ? response.observations_level() : response.observations_difference());
  fit.set_r_squared_within(std::nan(""));
  return fit;
}

std::vector<DiagnosticCell> GmmDiagnostics(const StudyDesign& design, const mv1::FitDynamicPanelResponse& response) {
  std::vector<DiagnosticCell> rows = {{design.Text("robustness.instruments"), CountCell(response.instruments())},
                                      PValueRow(design.Text("robustness.ar_p", {"1"}), response.ar1())};
  if (response.has_ar2()) rows.push_back(PValueRow(design.Text("robustness.ar_p", {"2"}), response.ar2()));
  rows.push_back(PValueRow(design.Text("robustness.test_p", {design.Text("endogeneity.test_hansen_j")}),
                           response.hansen()));
  return rows;
}

std::string GmmHeader(const StudyDesign& design, const rv1::RobustnessSpec& check) {
  return design.Text(GmmSystem(check) ? "robustness.gmm_system" : "robustness.gmm_difference");
}

std::string GmmNote(const StudyDesign& design, const rv1::RobustnessSpec& check) {
  std::vector<std::string> instrumented = {design.Label(design.y)};
  if (check.gmm().endogenous_explanatory()) instrumented.push_back(design.Label(design.x));
  const std::string lags =
      GmmMaxLag(check) > 0
          ? design.Text("robustness.gmm_lag_range", {absl::StrCat(GmmMinLag(check)), absl::StrCat(GmmMaxLag(check))})
          : design.Text("robustness.gmm_lags_from", {absl::StrCat(GmmMinLag(check))});
  const std::string instruments =
      design.Text(GmmCollapse(check) ? "robustness.gmm_collapsed" : "robustness.gmm_uncollapsed",
                  {lags, absl::StrJoin(instrumented, design.Text("punct.list"))});
  return design.Text("robustness.gmm_note",
                     {design.Text(GmmTwoStep(check) ? "robustness.gmm_two_step" : "robustness.gmm_one_step"),
                      instruments,
                      design.Text(GmmSystem(check) ? "robustness.gmm_n_level" : "robustness.gmm_n_difference")});
}

}  // namespace govmetrics::reporting
