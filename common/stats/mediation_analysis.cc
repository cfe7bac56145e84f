#include "common/stats/mediation_analysis.h"

#include <cmath>
#include <limits>
#include <utility>

#include <set>
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/stats/bootstrap_panel_subset.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/fixed_effects_factor.h"
#include "common/stats/panel_fit.h"
#include "common/stats/panel_sample.h"

namespace govmetrics::stats {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();

absl::Status Validate(const MediationInput& in, const MediationOptions& o) {
  if (o.model.estimator != PanelEstimator::kPooledOls &&
      o.model.estimator != PanelEstimator::kWithin) {
    return absl::InvalidArgumentError(absl::StrCat(
        "model.estimator: mediation supports POOLED_OLS and WITHIN only, not ",
        ToString(o.model.estimator)));
  }
  if (in.treatment.empty()) return absl::InvalidArgumentError("treatment: required");
  if (FindRegressor(in.data, in.treatment) < 0) {
    return absl::InvalidArgumentError(absl::StrCat("treatment: no column '", in.treatment, "'"));
  }
  if (in.treatment == in.data.y_name) {
    return absl::InvalidArgumentError("treatment: the treatment is also the outcome");
  }
  if (in.mediators.empty()) return absl::InvalidArgumentError("mediators: at least one is required");
  std::set<std::string> seen = {in.treatment, in.data.y_name};
  for (size_t k = 0; k < in.mediators.size(); ++k) {
    const std::string& m = in.mediators[k];
    const std::string field = absl::StrCat("mediators[", k, "]");
    if (m == in.treatment) return absl::InvalidArgumentError(field + ": '" + m + "' is the treatment");
    if (m == in.data.y_name) return absl::InvalidArgumentError(field + ": '" + m + "' is the outcome");
    if (!seen.insert(m).second) return absl::InvalidArgumentError(field + ": '" + m + "' is listed twice");
    if (FindRegressor(in.data, m) < 0) return absl::InvalidArgumentError(field + ": no column '" + m + "'");
  }
  for (size_t c = 0; c < in.controls.size(); ++c) {
    const std::string& name = in.controls[c];
    const std::string field = absl::StrCat("controls[", c, "]");
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(field + ": '" + name + "' is already in the model");
    }
    if (FindRegressor(in.data, name) < 0) return absl::InvalidArgumentError(field + ": no column '" + name + "'");
  }
  const auto& b = o.bootstrap;
  if (b.replications < 0 || b.replications > kMaxReplications) {
    return absl::InvalidArgumentError(absl::StrCat(
        "bootstrap.replications: must be in [0, ", kMaxReplications, "], got ", b.replications));
  }
  if (!(b.ci_level > 0 && b.ci_level < 1)) {
    return absl::InvalidArgumentError("bootstrap.ci_level: must be in (0, 1)");
  }
  if (!(o.alpha > 0 && o.alpha < 1)) return absl::InvalidArgumentError("alpha: must be in (0, 1)");
  return absl::OkStatus();
}

PathCoefficient PathOf(const PanelFit& fit, const std::string& name) {
  for (const auto& c : fit.coefficients) {
    if (c.name == name) return {c.estimate, c.std_error, c.statistic, c.p_value, fit.inference_df};
  }
  return {kNan, kNan, kNan, kNan, 0};
}

// Fits `response ~ x_columns`; FailedPrecondition naming the equation if a
// variable whose path is needed was dropped as collinear.
absl::StatusOr<PanelFit> FitEquation(const PanelInput& common, int response,
                                     const std::vector<int>& x_columns,
                                     const std::vector<std::string>& needed,
                                     const PanelModelOptions& options,
                                     const std::function<bool()>* should_stop) {
  PanelInput eq = EquationInput(common, response, x_columns);
  std::vector<std::string> names = eq.x_names;
  const std::string label = absl::StrCat(eq.y_name, " ~ ", absl::StrJoin(names, " + "));
  absl::StatusOr<PanelFit> fit = FitPanelModel(std::move(eq), options, should_stop);
  if (!fit.ok()) {
    return absl::Status(fit.status().code(),
                        absl::StrCat("equation ", label, ": ", fit.status().message()));
  }
  for (const std::string& name : needed) {
    for (const std::string& dropped : fit->collinear_dropped) {
      if (dropped == name) {
        return absl::FailedPreconditionError(absl::StrCat(
            "'", name, "' is collinear with the other regressors or the fixed effects in ",
            "equation ", label));
      }
    }
  }
  return fit;
}

void ApplyInterval(const absl::StatusOr<BootstrapInterval>& ci, double* se, double* lo, double* hi) {
  if (ci.ok()) {
    *se = ci->std_error;
    *lo = ci->lower;
    *hi = ci->upper;
  } else {
    *se = *lo = *hi = kNan;
  }
}

}  // namespace

const char* ToString(MediationMode m) {
  return m == MediationMode::kParallel ? "parallel" : "separate";
}

absl::StatusOr<MediationResult> AnalyzeMediation(MediationInput input,
                                                 const MediationOptions& options,
                                                 const std::function<bool()>* should_stop) {
  if (absl::Status s = Validate(input, options); !s.ok()) return s;
  const int k = static_cast<int>(input.mediators.size());
  const int nc = static_cast<int>(input.controls.size());
  PanelInput& data = input.data;

  // Keep only the model's variables, ordered [X, M_1..M_K, C_1..C_c], so the
  // common sample is decided by exactly these columns.
  std::vector<std::string> order = {input.treatment};
  order.insert(order.end(), input.mediators.begin(), input.mediators.end());
  order.insert(order.end(), input.controls.begin(), input.controls.end());
  {
    Eigen::MatrixXd x(data.x.rows(), static_cast<Eigen::Index>(order.size()));
    for (size_t j = 0; j < order.size(); ++j) x.col(j) = data.x.col(FindRegressor(data, order[j]));
    data.x = std::move(x);
    data.x_names = order;
  }
  MediationResult result;
  result.n_input_rows = data.y.size();
  const int64_t n = DropIncompleteRows(data, false, &result.dropped_rows);
  TruncatePanelRows(data, n);
  if (n == 0) return absl::FailedPreconditionError("no row has every variable of every equation");

  // Full-sample fits through the engine (the model's own SEs and conventions).
  std::vector<int> controls;
  for (int c = 0; c < nc; ++c) controls.push_back(1 + k + c);
  auto with = [&](std::vector<int> head) {
    head.insert(head.end(), controls.begin(), controls.end());
    return head;
  };
  const PanelModelOptions& mo = options.model;
  absl::StatusOr<PanelFit> total = FitEquation(data, -1, with({0}), {input.treatment}, mo, should_stop);
  if (!total.ok()) return total.status();
  std::vector<PanelFit> a_fits, b_fits;
  for (int j = 0; j < k; ++j) {
    absl::StatusOr<PanelFit> a = FitEquation(data, 1 + j, with({0}), {input.treatment}, mo, should_stop);
    if (!a.ok()) return a.status();
    a_fits.push_back(std::move(*a));
  }
  if (options.mode == MediationMode::kParallel) {
    std::vector<int> head = {0};
    for (int j = 0; j < k; ++j) head.push_back(1 + j);
    std::vector<std::string> needed = order;
    needed.resize(1 + k);
    absl::StatusOr<PanelFit> b = FitEquation(data, -1, with(head), needed, mo, should_stop);
    if (!b.ok()) return b.status();
    b_fits.push_back(std::move(*b));
  } else {
    for (int j = 0; j < k; ++j) {
      absl::StatusOr<PanelFit> b = FitEquation(data, -1, with({0, 1 + j}),
                                               {input.treatment, input.mediators[j]}, mo, should_stop);
      if (!b.ok()) return b.status();
      b_fits.push_back(std::move(*b));
    }
  }
  result.n_obs = total->n_obs;
  result.n_entities = total->n_entities;
  for (const auto& d : total->dropped_rows) {
    if (d.reason.rfind("missing", 0) != 0) result.dropped_rows.push_back(d);
  }

  for (int j = 0; j < k; ++j) {
    MediatorEffect e;
    e.mediator = input.mediators[j];
    const PanelFit& bf = options.mode == MediationMode::kParallel ? b_fits[0] : b_fits[j];
    e.a = PathOf(a_fits[j], input.treatment);
    e.b = PathOf(bf, input.mediators[j]);
    e.c = PathOf(*total, input.treatment);
    e.c_prime = PathOf(bf, input.treatment);
    e.indirect = e.a.estimate * e.b.estimate;
    e.sobel = IndirectEffectTest(e.a.estimate, e.a.std_error, e.b.estimate, e.b.std_error,
                                 IndirectTestKind::kSobel);
    e.aroian = IndirectEffectTest(e.a.estimate, e.a.std_error, e.b.estimate, e.b.std_error,
                                  IndirectTestKind::kAroian);
    e.goodman = IndirectEffectTest(e.a.estimate, e.a.std_error, e.b.estimate, e.b.std_error,
                                   IndirectTestKind::kGoodman);
    e.proportion_mediated = e.indirect / e.c.estimate;
    e.indirect_to_direct_ratio = std::fabs(e.indirect / e.c_prime.estimate);
    e.bootstrap_std_error = e.bootstrap_ci_lower = e.bootstrap_ci_upper = kNan;
    result.mediators.push_back(std::move(e));
  }
  result.total_indirect = result.total_indirect_std_error = kNan;
  result.total_indirect_ci_lower = result.total_indirect_ci_upper = kNan;
  if (options.mode == MediationMode::kParallel) {
    result.total_indirect = 0.0;
    for (const auto& e : result.mediators) result.total_indirect += e.indirect;
  }

  // Bootstrap of the indirect effects on the fast path.
  const auto& bo = options.bootstrap;
  if (bo.replications > 0) {
    MediationSample sample;
    sample.z.resize(n, 1 + k + nc + 1);
    sample.z.leftCols(1 + k + nc) = data.x;
    sample.z.col(1 + k + nc) = data.y;
    sample.n_mediators = k;
    sample.n_controls = nc;
    sample.parallel = options.mode == MediationMode::kParallel;
    const FactorCodes entity = RecodeFactor("entity", data.entity);
    sample.entity = entity.codes;
    sample.n_entities = entity.levels;
    sample.period = data.period;
    const PanelModelOptions resolved = total->resolved;
    const bool within = resolved.estimator == PanelEstimator::kWithin;
    sample.absorb_entity = within && (resolved.fixed_effects == FixedEffectsKind::kEntity ||
                                      resolved.fixed_effects == FixedEffectsKind::kTwoWay);
    sample.absorb_period = within && (resolved.fixed_effects == FixedEffectsKind::kPeriod ||
                                      resolved.fixed_effects == FixedEffectsKind::kTwoWay);
    if (within) sample.absorb = data.absorb;
    sample.intercept_only = !within;

    MediationResamplingOptions ro;
    ro.replications = bo.replications;
    ro.seed = bo.seed;
    ro.unit = bo.resample;
    ro.jackknife = bo.ci_method == BootstrapCiMethod::kBca;
    ro.threads = bo.threads;
    absl::StatusOr<MediationResampling> draws = ResampleIndirectEffects(sample, ro, should_stop);
    if (!draws.ok()) return draws.status();
    static const std::vector<double> kNone;
    for (int j = 0; j < k; ++j) {
      MediatorEffect& e = result.mediators[j];
      auto ci = BootstrapConfidenceInterval(draws->replicates[j], e.indirect, bo.ci_level,
                                            bo.ci_method, ro.jackknife ? draws->jackknife[j] : kNone);
      ApplyInterval(ci, &e.bootstrap_std_error, &e.bootstrap_ci_lower, &e.bootstrap_ci_upper);
      if (ci.ok()) {
        e.bootstrap_z0 = ci->z0;
        e.bootstrap_acceleration = ci->acceleration;
        e.bootstrap_replicates = ci->replicates;
      }
      e.bootstrap_failures = draws->failures[j];
    }
    if (options.mode == MediationMode::kParallel) {
      auto ci = BootstrapConfidenceInterval(draws->replicates[k], result.total_indirect, bo.ci_level,
                                            bo.ci_method, ro.jackknife ? draws->jackknife[k] : kNone);
      ApplyInterval(ci, &result.total_indirect_std_error, &result.total_indirect_ci_lower,
                    &result.total_indirect_ci_upper);
    }
    int64_t failed = 0;
    for (int64_t f : draws->failures) failed = std::max(failed, f);
    if (failed > 0) {
      result.notes.push_back(absl::StrCat(failed, " of ", bo.replications,
                                          " bootstrap replicates had a singular design and were left out"));
    }
  }

  for (auto& e : result.mediators) {
    ClassificationInput ci;
    ci.alpha = options.alpha;
    ci.c = e.c.estimate;
    ci.p_c = e.c.p_value;
    ci.a = e.a.estimate;
    ci.p_a = e.a.p_value;
    ci.b = e.b.estimate;
    ci.p_b = e.b.p_value;
    ci.c_prime = e.c_prime.estimate;
    ci.p_c_prime = e.c_prime.p_value;
    ci.indirect = e.indirect;
    ci.have_bootstrap = bo.replications > 0 && std::isfinite(e.bootstrap_ci_lower);
    ci.ci_lower = e.bootstrap_ci_lower;
    ci.ci_upper = e.bootstrap_ci_upper;
    ci.ci_level = bo.ci_level;
    ci.sobel_p = e.sobel.p_value;
    e.classification = ClassifyMediation(ci);
  }
  result.total_fit = std::move(*total);
  return result;
}

}  // namespace govmetrics::stats
