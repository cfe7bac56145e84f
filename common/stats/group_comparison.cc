#include "common/stats/group_comparison.h"

#include <cmath>
#include <limits>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/stats/bootstrap_panel_subset.h"
#include "common/stats/bootstrap_runner.h"
#include "common/stats/distributions.h"
#include "common/stats/fixed_effects_absorb.h"
#include "common/stats/fixed_effects_factor.h"
#include "common/stats/group_fast_fit.h"
#include "common/stats/group_permutation.h"
#include "common/stats/group_stacked_covariance.h"
#include "common/stats/panel_fit.h"
#include "common/stats/panel_sample.h"

namespace govmetrics::stats {
namespace {

constexpr double kNan = std::numeric_limits<double>::quiet_NaN();
constexpr char kGroupCluster[] = "__group__";

std::string GroupError(const std::string& group, absl::string_view message) {
  return absl::StrCat("group '", group, "': ", message);
}

std::vector<int> Pick(const std::vector<int>& codes, const std::vector<int>& rows) {
  std::vector<int> out(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) out[i] = codes[rows[i]];
  return out;
}

// The fixed-effect factors of one group's model on its rows.
std::vector<FactorCodes> GroupFactors(const PanelInput& d, const std::vector<int>& rows,
                                      const GroupAbsorb& a) {
  std::vector<FactorCodes> f;
  if (a.entity) f.push_back(RecodeFactor("entity", Pick(d.entity, rows)));
  if (a.period) f.push_back(RecodeFactor("period", Pick(d.period, rows)));
  if (a.extra) {
    for (size_t q = 0; q < d.absorb.size(); ++q) f.push_back(RecodeFactor(d.absorb_names[q], Pick(d.absorb[q], rows)));
  }
  return f;
}

// Codes of (a, group) pairs: a fixed effect interacted with the groups.
std::vector<int> Interact(const std::vector<int>& a, const std::vector<int>& group, int groups) {
  const FactorCodes f = RecodeFactor("a", a);
  std::vector<int> out(a.size());
  for (size_t i = 0; i < a.size(); ++i) out[i] = f.codes[i] * groups + group[i];
  return out;
}

absl::StatusOr<PanelFit> FitInteracted(const PanelInput& d, const std::vector<int>& group,
                                       const std::vector<std::string>& names, const GroupAbsorb& a,
                                       const PanelModelOptions& model,
                                       const std::function<bool()>* should_stop) {
  const int groups = static_cast<int>(names.size());
  const Eigen::Index n = d.y.size();
  const Eigen::Index k = d.x.cols();
  PanelInput in;
  in.y_name = d.y_name;
  in.y = d.y;
  in.x = Eigen::MatrixXd::Zero(n, k * groups);
  for (int g = 0; g < groups; ++g) {
    for (Eigen::Index j = 0; j < k; ++j) {
      in.x_names.push_back(absl::StrCat(d.x_names[j], ":", names[g]));
      for (Eigen::Index i = 0; i < n; ++i) {
        if (group[i] == g) in.x(i, g * k + j) = d.x(i, j);
      }
    }
  }
  in.entity = d.entity;
  in.period = d.period;
  in.cluster_names = d.cluster_names;
  in.clusters = d.clusters;
  if (a.center) {
    in.absorb_names.push_back("group");
    in.absorb.push_back(group);
  }
  if (a.entity) {
    in.absorb_names.push_back("entity#group");
    in.absorb.push_back(Interact(d.entity, group, groups));
  }
  if (a.period) {
    in.absorb_names.push_back("period#group");
    in.absorb.push_back(Interact(d.period, group, groups));
  }
  if (a.extra) {
    for (size_t q = 0; q < d.absorb.size(); ++q) {
      in.absorb_names.push_back(d.absorb_names[q] + "#group");
      in.absorb.push_back(Interact(d.absorb[q], group, groups));
    }
  }
  PanelModelOptions o = model;
  o.estimator = PanelEstimator::kWithin;
  o.fixed_effects = FixedEffectsKind::kNone;
  return FitPanelModel(std::move(in), o, should_stop);
}

int CoefficientIndex(const PanelFit& fit, const std::string& name) {
  for (size_t i = 0; i < fit.coefficients.size(); ++i) {
    if (fit.coefficients[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

}  // namespace

absl::StatusOr<GroupComparisonResult> CompareGroups(GroupComparisonInput input,
                                                    const GroupComparisonOptions& options,
                                                    const std::function<bool()>* should_stop) {
  PanelInput& data = input.data;
  const auto& names = input.group_names;
  const int groups = static_cast<int>(names.size());
  const int k = static_cast<int>(data.x.cols());
  if (options.model.estimator != PanelEstimator::kPooledOls &&
      options.model.estimator != PanelEstimator::kWithin) {
    return absl::InvalidArgumentError(absl::StrCat(
        "model.estimator: group comparison supports POOLED_OLS and WITHIN only, not ",
        ToString(options.model.estimator)));
  }
  if (options.permutations < 0 || options.permutations > kMaxReplications) {
    return absl::InvalidArgumentError(absl::StrCat("permutations: must be in [0, ", kMaxReplications,
                                                   "], got ", options.permutations));
  }
  if (static_cast<int64_t>(input.group.size()) != data.y.size()) {
    return absl::InvalidArgumentError("group: one code per row is required");
  }
  for (int g : input.group) {
    if (g < 0 || g >= groups) return absl::InvalidArgumentError("group: code out of range");
  }
  if (groups < 2) return absl::InvalidArgumentError("group_by: at least two groups are needed");
  std::vector<int> compare;
  if (options.compare.empty()) {
    if (k == 0) return absl::InvalidArgumentError("regressors: at least one is required");
    compare.push_back(0);
  }
  for (size_t c = 0; c < options.compare.size(); ++c) {
    const int j = FindRegressor(data, options.compare[c]);
    if (j < 0) {
      return absl::InvalidArgumentError(absl::StrCat("compare[", c, "]: '", options.compare[c],
                                                     "' is not among the regressors"));
    }
    compare.push_back(j);
  }
  const PanelModelOptions resolved = ResolvePanelOptions(options.model, data);
  const GroupAbsorb absorb = GroupAbsorbOf(resolved);

  GroupComparisonResult result;
  result.rows.assign(groups, {});
  for (size_t i = 0; i < input.group.size(); ++i) result.rows[input.group[i]].push_back(static_cast<int>(i));

  // Complete rows (the per-group fits drop and count the others themselves).
  PanelInput complete = data;
  complete.cluster_names.push_back(kGroupCluster);
  complete.clusters.push_back(input.group);
  {
    std::vector<DroppedRows> dropped;
    const int64_t n = DropIncompleteRows(complete, false, &dropped);
    TruncatePanelRows(complete, n);
  }
  std::vector<int> group = std::move(complete.clusters.back());
  complete.clusters.pop_back();
  complete.cluster_names.pop_back();
  std::vector<std::vector<int>> complete_rows(groups);
  for (size_t i = 0; i < group.size(); ++i) complete_rows[group[i]].push_back(static_cast<int>(i));

  // Each group's own model, after a parameter count check that names the group.
  for (int g = 0; g < groups; ++g) {
    if (complete_rows[g].empty()) {
      return absl::FailedPreconditionError(GroupError(names[g], "no complete observations"));
    }
    std::vector<FactorCodes> factors = GroupFactors(complete, complete_rows[g], absorb);
    std::vector<const FactorCodes*> ptrs;
    for (const auto& f : factors) ptrs.push_back(&f);
    int components = 0;
    const int64_t fe = AbsorbedDegreesOfFreedom(ptrs, &components) + (absorb.center ? 1 : 0);
    const int64_t params = k + fe;
    const int64_t n_g = static_cast<int64_t>(complete_rows[g].size());
    if (n_g <= params) {
      return absl::FailedPreconditionError(GroupError(
          names[g], absl::StrCat(n_g, " complete observations for ", params, " parameters (", k,
                                 " slopes + ", fe, " intercept / fixed-effect levels); ",
                                 "it needs more observations than parameters")));
    }
    absl::StatusOr<PanelFit> fit = FitPanelModel(SelectPanelRows(data, result.rows[g]), options.model, should_stop);
    if (!fit.ok()) {
      if (fit.status().code() == absl::StatusCode::kCancelled) return fit.status();
      return absl::Status(fit.status().code(), GroupError(names[g], fit.status().message()));
    }
    if (!fit->collinear_dropped.empty()) {
      return absl::FailedPreconditionError(GroupError(
          names[g], absl::StrCat("regressor '", fit->collinear_dropped[0],
                                 "' is collinear with the other regressors or the fixed effects ",
                                 "within this group")));
    }
    result.fits.push_back(std::move(*fit));
  }

  // 1. Fully interacted pooled model.
  absl::StatusOr<PanelFit> inter = FitInteracted(complete, group, names, absorb, options.model, should_stop);
  if (!inter.ok()) {
    if (inter.status().code() == absl::StatusCode::kCancelled) return inter.status();
    return absl::Status(inter.status().code(),
                        absl::StrCat("fully interacted model: ", inter.status().message()));
  }

  // 2. Stacked (suest) covariance, clustered by the model's first cluster
  //    variable (entity unless the model clusters otherwise). Rows that are
  //    singletons of a group's fixed effects leave each group's fit (as in the
  //    per-group fits under the convention that drops them).
  std::vector<int> cluster = complete.entity;
  result.stacked_cluster = "entity";
  if (resolved.variance.type == VarianceType::kCluster && !resolved.variance.cluster_by.empty()) {
    const std::string& c = resolved.variance.cluster_by[0];
    result.stacked_cluster = c;
    if (c == "period") {
      cluster = complete.period;
    } else if (c != "entity") {
      for (size_t q = 0; q < complete.cluster_names.size(); ++q) {
        if (complete.cluster_names[q] == c) cluster = complete.clusters[q];
      }
    }
    if (resolved.variance.cluster_by.size() > 1) {
      result.notes.push_back(absl::StrCat("seemingly-unrelated covariance clustered by '", c,
                                          "' only (first cluster variable)"));
    }
  }
  std::vector<std::vector<int>> stacked_rows = complete_rows;
  if (resolved.singletons == SingletonPolicy::kDrop) {
    for (int g = 0; g < groups; ++g) {
      std::vector<FactorCodes> factors = GroupFactors(complete, complete_rows[g], absorb);
      std::vector<const FactorCodes*> ptrs;
      for (const auto& f : factors) ptrs.push_back(&f);
      if (ptrs.empty()) continue;
      int64_t dropped = 0;
      const std::vector<char> keep = SingletonKeepMask(ptrs, &dropped);
      if (dropped == 0) continue;
      stacked_rows[g].clear();
      for (size_t i = 0; i < keep.size(); ++i) {
        if (keep[i]) stacked_rows[g].push_back(complete_rows[g][i]);
      }
    }
  }
  absl::StatusOr<StackedCovariance> stacked = StackedGroupCovariance(complete, stacked_rows, absorb, cluster);
  if (!stacked.ok()) return stacked.status();
  result.stacked_clusters = stacked->clusters;

  // 3. Permutation test over entities.
  std::vector<PermutationTarget> targets;
  for (int ga = 0; ga < groups; ++ga) {
    for (int gb = ga + 1; gb < groups; ++gb) {
      for (int j : compare) targets.push_back({ga, gb, j});
    }
  }
  PermutationOutcome perm;
  if (options.permutations > 0) {
    PanelInput pdata = complete;
    const FactorCodes entity = RecodeFactor("entity", complete.entity);
    pdata.entity = entity.codes;
    std::vector<int> entity_group(entity.levels, -1);
    for (size_t i = 0; i < group.size(); ++i) {
      int& eg = entity_group[entity.codes[i]];
      if (eg >= 0 && eg != group[i]) {
        return absl::FailedPreconditionError(absl::StrCat(
            "group_by: the label changes within entity ", entity.level_values[entity.codes[i]],
            " ('", names[eg], "' and '", names[group[i]],
            "'); the permutation test permutes labels across entities and needs one per entity"));
      }
      eg = group[i];
    }
    absl::StatusOr<PermutationOutcome> p = PermutationTest(
        pdata, entity_group, groups, absorb, targets, options.permutations, options.seed,
        options.threads, should_stop);
    if (!p.ok()) return p.status();
    perm = std::move(*p);
    result.permutation_failures = perm.failures;
    if (perm.failures > 0) {
      result.notes.push_back(absl::StrCat(perm.failures, " of ", options.permutations,
                                          " permutations gave a singular design and were left out"));
    }
  }

  for (size_t t = 0; t < targets.size(); ++t) {
    const auto& tg = targets[t];
    GroupDifference d;
    d.coefficient = data.x_names[tg.coefficient];
    d.group_a = tg.group_a;
    d.group_b = tg.group_b;
    const double ba = result.fits[tg.group_a].coefficients[tg.coefficient].estimate;
    const double bb = result.fits[tg.group_b].coefficients[tg.coefficient].estimate;
    d.difference = ba - bb;

    const int ia = CoefficientIndex(*inter, absl::StrCat(d.coefficient, ":", names[tg.group_a]));
    const int ib = CoefficientIndex(*inter, absl::StrCat(d.coefficient, ":", names[tg.group_b]));
    if (ia >= 0 && ib >= 0) {
      const auto& v = inter->covariance;
      const double diff = inter->coefficients[ia].estimate - inter->coefficients[ib].estimate;
      const double var = v(ia, ia) + v(ib, ib) - 2.0 * v(ia, ib);
      d.interacted_wald.std_error = std::sqrt(var);
      d.interacted_wald.statistic = diff * diff / var;
      d.interacted_wald.df = 1;
      d.interacted_wald.p_value = ChiSquaredUpperTailPValue(d.interacted_wald.statistic, 1);
    } else {
      d.interacted_wald = {kNan, kNan, kNan, 1, 0};
    }

    const Eigen::Index sa = static_cast<Eigen::Index>(tg.group_a) * k + tg.coefficient;
    const Eigen::Index sb = static_cast<Eigen::Index>(tg.group_b) * k + tg.coefficient;
    const auto& v = stacked->covariance;
    const double diff = stacked->slopes(tg.coefficient, tg.group_a) - stacked->slopes(tg.coefficient, tg.group_b);
    const double var = v(sa, sa) + v(sb, sb) - 2.0 * v(sa, sb);
    d.seemingly_unrelated.std_error = std::sqrt(var);
    d.seemingly_unrelated.statistic = diff * diff / var;
    d.seemingly_unrelated.df = 1;
    d.seemingly_unrelated.p_value = ChiSquaredUpperTailPValue(d.seemingly_unrelated.statistic, 1);

    if (options.permutations > 0) {
      d.permutation.statistic = perm.observed[t];
      d.permutation.std_error = kNan;
      d.permutation.p_value = perm.p_values[t];
      d.permutation.df = 0;
      d.permutation.replications = perm.used;
    } else {
      d.permutation = {kNan, kNan, kNan, 0, 0};
    }
    result.differences.push_back(d);
  }
  result.interacted = std::move(*inter);
  return result;
}

}  // namespace govmetrics::stats
