#include "common/contracts/disparity_request.h"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/contracts/disparity_plan.h"
#include "common/contracts/disparity_spatial_markov.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "common/stats/disparity/beta_convergence.h"
#include "common/stats/disparity/dagum_gini.h"
#include "common/stats/disparity/period_pairs.h"
#include "common/stats/disparity/theil_index.h"

namespace govmetrics::contracts {
namespace {

namespace idx = govmetrics::index::v1;

constexpr char kServiceName[] = "govmetrics.index.v1.IndexService";
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Values and group codes of one period.
struct PeriodSlice {
  Eigen::VectorXd value;
  std::vector<int> group;
};

// A FAILED_PRECONDITION from common/stats, its message prefixed with what it is about.
absl::Status About(const absl::Status& status, const std::string& subject) {
  if (status.code() != absl::StatusCode::kFailedPrecondition) return status;
  return FailedPreconditionOn(subject, std::string(status.message()));
}

PeriodSlice SliceOf(const DisparityRows& rows, int t) {
  std::vector<double> v;
  PeriodSlice slice;
  for (size_t i = 0; i < rows.rows.size(); ++i) {
    if (rows.period_index[i] != t) continue;
    v.push_back(rows.value[static_cast<Eigen::Index>(i)]);
    slice.group.push_back(rows.group[i]);
  }
  slice.value = Eigen::Map<const Eigen::VectorXd>(v.data(), static_cast<Eigen::Index>(v.size()));
  return slice;
}

void FillDispersion(const Eigen::VectorXd& v, idx::PeriodDisparity* out) {
  const double n = static_cast<double>(v.size());
  const double mean = v.mean();
  const double sd = n > 1 ? std::sqrt((v.array() - mean).square().sum() / (n - 1)) : kNaN;
  out->set_mean(mean);
  out->set_sd(sd);
  out->set_coefficient_of_variation(sd / mean);
  if ((v.array() > 0).all() && n > 1) {
    const Eigen::ArrayXd logs = v.array().log();
    out->set_sd_log(std::sqrt((logs - logs.mean()).square().sum() / (n - 1)));
  } else {
    out->set_sd_log(kNaN);
  }
}

// One GroupInequality per group present in the period, in level order; index by code.
std::vector<idx::GroupInequality*> AddGroups(const PeriodSlice& slice, const DisparityRows& rows,
                                             idx::PeriodDisparity* out) {
  std::vector<idx::GroupInequality*> by_code(rows.levels.size(), nullptr);
  std::vector<int> n(rows.levels.size(), 0);
  std::vector<double> sum(rows.levels.size(), 0.0);
  for (size_t i = 0; i < slice.group.size(); ++i) {
    ++n[slice.group[i]];
    sum[slice.group[i]] += slice.value[static_cast<Eigen::Index>(i)];
  }
  for (size_t g = 0; g < rows.levels.size(); ++g) {
    if (n[g] == 0) continue;
    by_code[g] = out->add_groups();
    by_code[g]->set_group(rows.levels[g]);
    by_code[g]->set_n(n[g]);
    by_code[g]->set_mean(sum[g] / n[g]);
    by_code[g]->set_gini(kNaN);
    by_code[g]->set_theil(kNaN);
  }
  return by_code;
}

void FillGini(const stats::DagumGini& gini, const DisparityRows& rows,
              const std::vector<idx::GroupInequality*>& groups, idx::PeriodDisparity* out) {
  out->set_gini(gini.total);
  out->set_gini_within(gini.within);
  out->set_gini_between(gini.between_net);
  out->set_gini_transvariation(gini.transvariation);
  const int k = static_cast<int>(rows.levels.size());
  for (int j = 0; j < k; ++j) {
    if (groups.empty() || groups[j] == nullptr) continue;
    groups[j]->set_gini(gini.pair_gini(j, j));
    for (int h = j + 1; h < k; ++h) {
      if (groups[h] == nullptr) continue;
      const bool j_richer = gini.group_mean[j] >= gini.group_mean[h];
      auto* pair = out->add_group_pairs();
      pair->set_richer_group(rows.levels[j_richer ? j : h]);
      pair->set_poorer_group(rows.levels[j_richer ? h : j]);
      pair->set_gini(gini.pair_gini(j, h));
      pair->set_relative_affluence(gini.relative_affluence(j, h));
    }
  }
}

void FillTheil(const stats::TheilIndex& theil, const std::vector<idx::GroupInequality*>& groups,
               idx::PeriodDisparity* out) {
  out->set_theil(theil.total);
  out->set_theil_within(theil.within);
  out->set_theil_between(theil.between);
  for (size_t g = 0; g < groups.size(); ++g) {
    if (groups[g] == nullptr) continue;
    groups[g]->set_theil(theil.group_theil[static_cast<Eigen::Index>(g)]);
    groups[g]->set_share(theil.group_share[static_cast<Eigen::Index>(g)]);
  }
}

absl::Status FillPeriod(const DisparityRows& rows, const DisparityPlan& plan, int t,
                        idx::PeriodDisparity* out) {
  const PeriodSlice slice = SliceOf(rows, t);
  const std::string subject = absl::StrCat("period ", rows.periods[t]);
  out->set_period(rows.periods[t]);
  out->set_n(static_cast<int32_t>(slice.value.size()));
  if (plan.Wants(idx::DISPARITY_ANALYSIS_DISPERSION)) FillDispersion(slice.value, out);
  const bool decompose = plan.group_label.has_value();
  std::vector<idx::GroupInequality*> groups;
  const bool inequality = plan.Wants(idx::DISPARITY_ANALYSIS_DAGUM_GINI) || plan.Wants(idx::DISPARITY_ANALYSIS_THEIL);
  if (decompose && inequality) groups = AddGroups(slice, rows, out);
  const int k = static_cast<int>(rows.levels.size());
  if (plan.Wants(idx::DISPARITY_ANALYSIS_DAGUM_GINI)) {
    auto gini = stats::ComputeDagumGini(slice.value, slice.group, k);
    if (!gini.ok()) return About(gini.status(), subject);
    FillGini(*gini, rows, groups, out);
  }
  if (plan.Wants(idx::DISPARITY_ANALYSIS_THEIL)) {
    auto theil = stats::ComputeTheilIndex(slice.value, slice.group, k);
    if (!theil.ok()) return About(theil.status(), subject);
    FillTheil(*theil, groups, out);
  }
  return absl::OkStatus();
}

// The options of every period's estimate: the plan's, with one grid over all periods
// when asked (kernel_density.common_grid).
absl::StatusOr<stats::KernelDensityOptions> DensityOptions(const DisparityRows& rows, const DisparityPlan& plan) {
  if (!plan.density_common_grid) return plan.density;
  std::vector<Eigen::VectorXd> samples;
  for (int t = 0; t < static_cast<int>(rows.periods.size()); ++t) samples.push_back(SliceOf(rows, t).value);
  auto options = stats::CommonDensityGrid(samples, plan.density);
  if (!options.ok()) return About(options.status(), "the common density grid");
  return options;
}

absl::Status FillDensities(const DisparityRows& rows, const DisparityPlan& plan,
                           idx::AnalyzeDisparityResponse* response) {
  auto options = DensityOptions(rows, plan);
  if (!options.ok()) return options.status();
  for (int t = 0; t < static_cast<int>(rows.periods.size()); ++t) {
    auto density = stats::EstimateKernelDensity(SliceOf(rows, t).value, *options);
    if (!density.ok()) {
      return About(density.status(), absl::StrCat("period ", rows.periods[t]));
    }
    auto* out = response->add_densities();
    out->set_period(rows.periods[t]);
    out->set_bandwidth(density->bandwidth);
    out->mutable_x()->Add(density->x.data(), density->x.data() + density->x.size());
    out->mutable_density()->Add(density->y.data(), density->y.data() + density->y.size());
  }
  return absl::OkStatus();
}

stats::ConvergenceData ConvergenceDataOf(const PanelView& panel, const DisparityRows& rows,
                                         const DisparityPlan& plan) {
  stats::ConvergenceData data;
  data.value = rows.value;
  data.entity = rows.entity;
  data.period_index = rows.period_index;
  data.controls.resize(rows.value.size(), static_cast<Eigen::Index>(plan.control_columns.size()));
  for (size_t c = 0; c < plan.control_columns.size(); ++c) {
    data.control_names.push_back(panel.ColumnName(plan.control_columns[c]));
    const auto column = panel.ColumnValues(plan.control_columns[c]);
    for (size_t i = 0; i < rows.rows.size(); ++i) {
      data.controls(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(c)) = column[rows.rows[i]];
    }
  }
  return data;
}

void FillBeta(const stats::BetaConvergence& beta, idx::BetaConvergence* out) {
  out->set_conditional(beta.conditional);
  out->set_beta(beta.beta.estimate);
  out->set_std_error(beta.beta.std_error);
  out->set_statistic(beta.beta.statistic);
  out->set_p_value(beta.beta.p_value);
  out->set_speed(beta.speed);
  out->set_half_life(beta.half_life);
  out->set_n_obs(beta.fit.n_obs);
  out->set_n_entities(beta.fit.n_entities);
  out->set_r_squared(beta.conditional ? beta.fit.r_squared_within : beta.fit.r_squared);
  for (const auto& c : beta.fit.coefficients) {
    if (c.name == beta.beta.name || c.name == "(Intercept)") continue;
    out->add_controls(c.name);
    out->add_control_estimates(c.estimate);
  }
}

absl::Status FillConvergence(const PanelView& panel, const DisparityRows& rows, const DisparityPlan& plan,
                             const stats::StopPredicate* should_stop,
                             idx::AnalyzeDisparityResponse* response) {
  const stats::ConvergenceData data = ConvergenceDataOf(panel, rows, plan);
  for (const bool conditional : {false, true}) {
    auto beta = stats::EstimateBetaConvergence(data, conditional, should_stop);
    if (!beta.ok()) {
      return About(beta.status(), conditional ? "conditional beta-convergence" : "absolute beta-convergence");
    }
    FillBeta(*beta, response->add_beta_convergence());
  }
  return absl::OkStatus();
}

// The chain over quantile classes, and with `spatial_weights` the spatial Markov chain.
absl::Status FillMarkov(const idx::AnalyzeDisparityRequest& request, const PanelView& panel,
                        const DisparityRows& rows, const DisparityPlan& plan, idx::AnalyzeDisparityResponse* response) {
  idx::MarkovChain* out = response->mutable_markov();
  Eigen::MatrixXd breaks;
  const auto klass = stats::QuantileClasses(rows.value, rows.period_index, plan.markov_classes,
                                            plan.markov_scope, &breaks);
  const auto pairs = stats::ConsecutivePeriodPairs(rows.entity, rows.period_index);
  const stats::MarkovChain chain = stats::CountTransitions(klass, pairs, plan.markov_classes);
  out->set_classes(plan.markov_classes);
  const bool pooled = plan.markov_scope == stats::QuantileScope::kPooled;
  out->set_scope(pooled ? idx::QUANTILE_SCOPE_POOLED : idx::QUANTILE_SCOPE_PER_PERIOD);
  for (Eigen::Index t = 0; t < breaks.rows(); ++t) {
    for (Eigen::Index c = 0; c < breaks.cols(); ++c) out->add_breaks(breaks(t, c));
    if (!pooled) out->add_break_periods(rows.periods[static_cast<size_t>(t)]);
  }
  for (int i = 0; i < plan.markov_classes; ++i) {
    for (int j = 0; j < plan.markov_classes; ++j) {
      out->add_counts(chain.counts(i, j));
      out->add_probabilities(chain.probabilities(i, j));
    }
  }
  out->mutable_steady_state()->Add(chain.steady_state.data(), chain.steady_state.data() + chain.steady_state.size());
  out->set_transitions(static_cast<int64_t>(pairs.size()));
  if (!request.has_spatial_weights()) return absl::OkStatus();
  return FillSpatialMarkov(request, panel, rows, plan, klass, pairs, response->mutable_spatial_markov());
}

void FillProvenance(const idx::AnalyzeDisparityRequest& request, const DisparityPlan& plan,
                    common::v1::Provenance* provenance) {
  std::string analyses;
  for (int a : plan.analyses) {
    absl::StrAppend(&analyses, analyses.empty() ? "" : ",", idx::DisparityAnalysis_Name(a));
  }
  AddOption("analyses", analyses, provenance);
  AddOption("group_label", request.group_label().empty() ? "(none: no decomposition)" : request.group_label(), provenance);
  AddOption("sd_denominator", "n - 1", provenance);
  AddOption("kernel", "gaussian", provenance);
  AddOption("kernel_density.bandwidth_rule",
            plan.density.rule == stats::BandwidthRule::kNrd0  ? "BANDWIDTH_RULE_NRD0"
            : plan.density.rule == stats::BandwidthRule::kNrd ? "BANDWIDTH_RULE_NRD"
                                                              : "BANDWIDTH_RULE_FIXED",
            provenance);
  AddOption("kernel_density.adjust", plan.density.adjust, provenance);
  AddOption("kernel_density.grid_points", plan.density.grid_points, provenance);
  AddOption("kernel_density.cut", plan.density.cut, provenance);
  AddOption("kernel_density.common_grid", plan.density_common_grid ? "true" : "false", provenance);
  AddOption("convergence.variance", "cluster by entity, Stata small-sample factor, t(G-1)", provenance);
  AddOption("convergence.conditional_effects", "entity + period (two-way within)", provenance);
  AddOption("markov.classes", plan.markov_classes, provenance);
  AddOption("markov.scope", plan.markov_scope == stats::QuantileScope::kPooled ? "QUANTILE_SCOPE_POOLED"
                                                                               : "QUANTILE_SCOPE_PER_PERIOD",
            provenance);
  AddOption("markov.class_rule", "break_{c-1} < y <= break_c, type-7 quantiles", provenance);
}

}  // namespace

absl::StatusOr<idx::AnalyzeDisparityResponse> AnalyzeDisparity(const idx::AnalyzeDisparityRequest& request,
                                                               const stats::StopPredicate* should_stop) {
  auto panel = PanelView::Create(request.panel());
  if (!panel.ok()) return panel.status();
  DisparityPlan plan;
  if (auto status = ResolveDisparityPlan(request, *panel, &plan); !status.ok()) return status;
  idx::AnalyzeDisparityResponse response;
  auto* provenance = response.mutable_provenance();
  StartProvenance(kServiceName, request.panel(), provenance);
  DisparityRows rows;
  if (auto status = SelectDisparityRows(*panel, plan, &rows, provenance); !status.ok()) return status;
  if (plan.group_label) response.mutable_groups()->Add(rows.levels.begin(), rows.levels.end());
  for (int t = 0; t < static_cast<int>(rows.periods.size()); ++t) {
    if (auto status = FillPeriod(rows, plan, t, response.add_periods()); !status.ok()) return status;
  }
  if (plan.Wants(idx::DISPARITY_ANALYSIS_KERNEL_DENSITY)) {
    if (auto status = FillDensities(rows, plan, &response); !status.ok()) return status;
  }
  if (plan.Wants(idx::DISPARITY_ANALYSIS_BETA_CONVERGENCE)) {
    if (auto status = FillConvergence(*panel, rows, plan, should_stop, &response); !status.ok()) return status;
  }
  if (plan.Wants(idx::DISPARITY_ANALYSIS_MARKOV)) {
    if (auto status = FillMarkov(request, *panel, rows, plan, &response); !status.ok()) return status;
  }
  FillProvenance(request, plan, provenance);
  return response;
}

}  // namespace govmetrics::contracts
