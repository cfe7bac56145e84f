// Step 3: robustness checks of the baseline model (with controls).
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

// One check as a fit request; `renamed_x` is set when the check uses another column for
// the explanatory variable. Returns the header describing the check.
struct CheckPlan {
  mv1::FitPanelModelRequest request;
  std::string header;
  std::string x_in_model;
};

absl::StatusOr<CheckPlan> PlanCheck(StudyContext& study, const rv1::RobustnessSpec& check,
                                    int index) {
  mv1::ModelSpec model = study.BaseModel();
  std::string x = study.x;
  std::string header;
  switch (check.check()) {
    case rv1::ROBUSTNESS_CHECK_LAGGED_REGRESSOR: {
      const int lag = check.lag() > 0 ? check.lag() : 1;
      auto* t = model.add_transforms();
      t->set_column(study.x);
      t->set_lag(lag);
      header = absl::StrCat(study.L("Lagged X (", "解释变量滞后 "), lag, study.L(")", " 期"));
      break;
    }
    case rv1::ROBUSTNESS_CHECK_WINSORIZED: {
      const double lo = check.winsor_lower() > 0 ? check.winsor_lower() : 0.01;
      const double hi = check.winsor_upper() > 0 ? check.winsor_upper() : 0.99;
      std::vector<std::string> vars = {study.y, study.x};
      vars.insert(vars.end(), study.controls.begin(), study.controls.end());
      for (const auto& v : vars) {
        auto* t = model.add_transforms();
        t->set_column(v);
        t->mutable_winsorize()->set_lower(lo);
        t->mutable_winsorize()->set_upper(hi);
      }
      header = absl::StrCat(study.L("Winsorised ", "缩尾 "), Fixed(lo * 100, 0), "%/",
                            Fixed(hi * 100, 0), "%");
      break;
    }
    case rv1::ROBUSTNESS_CHECK_ALTERNATIVE_WEIGHTING: {
      if (!study.spec->explanatory().has_index()) {
        return absl::InvalidArgumentError(absl::StrCat(
            "spec.robustness[", index, "]: ALTERNATIVE_WEIGHTING needs the explanatory variable as an index"));
      }
      index::v1::ComputeIndexRequest request;
      const auto& definition = study.spec->explanatory().index();
      *request.mutable_panel() = study.panel;
      *request.mutable_indicators() = definition.indicators();
      const auto method = check.alternative_method() == index::v1::WEIGHTING_METHOD_UNSPECIFIED
                              ? index::v1::WEIGHTING_METHOD_CRITIC
                              : check.alternative_method();
      request.set_method(method);
      request.set_hierarchy(definition.hierarchy());
      request.set_missing_policy(definition.missing_policy());
      auto response = study.downstream->ComputeIndex(study.parent, request);
      if (!response.ok()) return response.status();
      x = absl::StrCat(study.x, "_", index::v1::WeightingMethod_Name(method));
      study.SetColumn(x, response->scores());
      const std::string method_name =
          method == index::v1::WEIGHTING_METHOD_CRITIC ? "CRITIC"
          : method == index::v1::WEIGHTING_METHOD_EQUAL ? study.L("equal", "等权")
          : method == index::v1::WEIGHTING_METHOD_COEFFICIENT_OF_VARIATION ? study.L("CV", "变异系数")
                                                                           : "TOPSIS";
      header = absl::StrCat(study.L("X re-weighted: ", "替换权重："), method_name);
      break;
    }
    case rv1::ROBUSTNESS_CHECK_DROP_SUBSET: {
      std::vector<std::string> drop(check.drop_entities().begin(), check.drop_entities().end());
      if (drop.empty()) drop = {"Beijing", "Tianjin", "Shanghai", "Chongqing"};  // the municipalities
      for (const auto& e : drop) model.mutable_filter()->add_drop_entities(e);
      header = study.L("Drop subset", "剔除子样本");
      break;
    }
    case rv1::ROBUSTNESS_CHECK_DRISCOLL_KRAAY:
      model.mutable_variance()->set_type(mv1::VARIANCE_TYPE_DRISCOLL_KRAAY);
      model.mutable_variance()->clear_cluster_by();
      header = "Driscoll-Kraay";
      break;
    case rv1::ROBUSTNESS_CHECK_TWO_WAY_CLUSTER:
      model.mutable_variance()->set_type(mv1::VARIANCE_TYPE_CLUSTER);
      model.mutable_variance()->clear_cluster_by();
      model.mutable_variance()->add_cluster_by("entity");
      model.mutable_variance()->add_cluster_by("period");
      header = study.L("Two-way cluster", "双向聚类");
      break;
    case rv1::ROBUSTNESS_CHECK_WILD_CLUSTER_BOOTSTRAP: {
      auto* wild = model.mutable_variance()->mutable_wild_bootstrap();
      wild->set_enabled(true);
      wild->set_replications(study.wild_replications);
      wild->set_seed(study.seed);
      header = study.L("Wild cluster bootstrap", "野聚类自助法");
      break;
    }
    default:
      return absl::InvalidArgumentError(absl::StrCat("spec.robustness[", index, "].check is unspecified"));
  }
  if (!check.label().empty()) header = check.label();
  std::vector<std::string> regressors = {x};
  regressors.insert(regressors.end(), study.controls.begin(), study.controls.end());
  return CheckPlan{study.FitRequest(study.y, regressors, model), header, x};
}

}  // namespace

absl::Status RunRobustnessStep(StudyContext& study) {
  if (study.spec->robustness_size() == 0) return absl::OkStatus();
  std::vector<std::string> regressors = {study.x};
  regressors.insert(regressors.end(), study.controls.begin(), study.controls.end());
  auto baseline = study.downstream->FitPanelModel(
      study.parent, study.FitRequest(study.y, regressors, study.BaseModel()));
  if (!baseline.ok()) return baseline.status();

  std::vector<mv1::FitPanelModelResponse> fits;
  std::vector<CheckPlan> plans;
  fits.reserve(study.spec->robustness_size());
  for (int i = 0; i < study.spec->robustness_size(); ++i) {
    auto plan = PlanCheck(study, study.spec->robustness(i), i);
    if (!plan.ok()) return plan.status();
    auto fit = study.downstream->FitPanelModel(study.parent, plan->request);
    if (!fit.ok()) return fit.status();
    plans.push_back(std::move(*plan));
    fits.push_back(std::move(*fit));
  }

  rv1::Section* section = study.AddSection("robustness", study.L("Robustness checks", "稳健性检验"));
  std::vector<RegressionColumn> columns;
  for (size_t i = 0; i < fits.size(); ++i) {
    RegressionColumn column{absl::StrCat("(", i + 1, ") ", plans[i].header), &fits[i], true,
                            {{study.x, plans[i].x_in_model}}, ""};
    for (const auto& w : fits[i].wild_bootstrap()) {
      if (w.name() == plans[i].x_in_model) {
        column.extra_note = absl::StrCat(study.L("wild cluster bootstrap p = ", "野聚类自助法 p = "),
                                         Fixed(w.p_value()), " (", w.replications(),
                                         study.L(" replications)", " 次)"));
      }
    }
    if (study.spec->robustness(static_cast<int>(i)).check() != rv1::ROBUSTNESS_CHECK_DRISCOLL_KRAAY &&
        study.spec->robustness(static_cast<int>(i)).check() != rv1::ROBUSTNESS_CHECK_TWO_WAY_CLUSTER) {
      // Same variance convention as the baseline: the shared note covers it.
    } else {
      column.extra_note = ConventionNote(study, fits[i]);
    }
    columns.push_back(column);
  }
  rv1::Table* table = AddRegressionTable(study, "robustness", study.L("Robustness checks", "稳健性检验"),
                                         {study.x}, columns, true);
  section->add_table_ids(table->id());

  // Coefficient plot: the baseline and every check with its confidence interval.
  rv1::Chart* chart = study.AddChart("robustness_coefficients",
                                     absl::StrCat(study.L("Coefficient of ", "系数："), study.Label(study.x),
                                                  study.L(" across specifications", "（不同设定）")),
                                     rv1::CHART_KIND_COEFFICIENT);
  chart->set_x_label(study.L("Estimate with 95% CI", "估计值及 95% 置信区间"));
  auto* series = chart->add_series();
  series->set_name(study.Label(study.x));
  auto add_point = [&](const std::string& label, const mv1::FitPanelModelResponse& fit, const std::string& name) {
    const auto* c = FindCoefficient(fit, name);
    if (c == nullptr) return;
    chart->add_categories(label);
    series->add_values(c->estimate());
    series->add_lower(c->ci_lower());
    series->add_upper(c->ci_upper());
    series->add_p_values(c->p_value());
  };
  add_point(study.L("Baseline", "基准"), *baseline, study.x);
  for (size_t i = 0; i < fits.size(); ++i) add_point(plans[i].header, fits[i], plans[i].x_in_model);
  section->add_chart_ids(chart->id());

  int same_sign_significant = 0;
  const auto* base = FindCoefficient(*baseline, study.x);
  for (size_t i = 0; i < fits.size(); ++i) {
    const auto* c = FindCoefficient(fits[i], plans[i].x_in_model);
    if (base && c && (c->estimate() > 0) == (base->estimate() > 0) && c->p_value() < 0.05) {
      ++same_sign_significant;
    }
  }
  auto* sentence = section->add_summary();
  sentence->set_text(absl::StrCat(study.L("In ", "在 "), same_sign_significant, study.L(" of ", " / "),
                                  fits.size(),
                                  study.L(" checks the coefficient keeps the baseline sign and is significant at 5%.",
                                          " 项稳健性检验中，系数与基准回归同号且在 5% 水平上显著。")));
  for (size_t i = 0; i < fits.size(); ++i) sentence->add_cell_refs(CellRef(*table, 0, static_cast<int>(i)));
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
