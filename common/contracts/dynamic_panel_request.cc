#include "common/contracts/dynamic_panel_request.h"

#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/contracts/field_violations.h"
#include "common/contracts/panel_view.h"
#include "common/contracts/provenance.h"
#include "common/stats/gmm/dynamic_panel.h"

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;
namespace gmm = govmetrics::stats::gmm;

constexpr char kServiceName[] = "govmetrics.modeling.v1.ModelingService";
constexpr int kMaxLag = 50;
constexpr int kDefaultMinLag = 2;
constexpr int kAllLags = 99;  // pgmm's conventional "every available lag"

// Request -> spec, recording every violation; also the panel's column indices.
class SpecBuilder {
 public:
  SpecBuilder(const PanelView& panel, FieldViolations* v) : panel_(panel), v_(v) {}

  std::optional<int> Column(const std::string& name, const std::string& field) {
    auto c = panel_.RequireColumn(name, field, v_);
    if (c) panel_.CheckFinite(*c, /*allow_missing=*/true, v_);
    return c;
  }

  std::vector<int> Lags(const google::protobuf::RepeatedField<int32_t>& lags, int min, const std::string& field,
                        std::vector<int> fallback) {
    if (lags.empty()) return fallback;
    std::vector<int> out(lags.begin(), lags.end());
    for (int i = 0; i < lags.size(); ++i) {
      if (lags[i] < min || lags[i] > kMaxLag) {
        v_->Add(absl::StrCat(field, "[", i, "]"), absl::StrCat("lag must be in ", min, "..", kMaxLag));
      }
    }
    std::sort(out.begin(), out.end());
    if (std::adjacent_find(out.begin(), out.end()) != out.end()) v_->Add(field, "a lag is listed twice");
    return out;
  }

  std::vector<gmm::LaggedVariable> Terms(const google::protobuf::RepeatedPtrField<mv1::LaggedTerm>& terms,
                                         const std::string& field) {
    std::vector<gmm::LaggedVariable> out;
    for (int i = 0; i < terms.size(); ++i) {
      const std::string path = absl::StrCat(field, "[", i, "]");
      auto c = Column(terms[i].column(), path + ".column");
      out.push_back({c.value_or(0), Lags(terms[i].lags(), 0, path + ".lags", {0})});
    }
    return out;
  }

 private:
  const PanelView& panel_;
  FieldViolations* v_;
};

void BuildGmmInstruments(const mv1::FitDynamicPanelRequest& r, SpecBuilder* b, FieldViolations* v,
                         gmm::DynamicPanelSpec* spec) {
  if (r.gmm_instruments().empty()) {
    v->Add("gmm_instruments", "no instruments: at least one GMM-style instrument is required (usually the "
                              "dependent variable at lags 2 and beyond)");
  }
  for (int i = 0; i < r.gmm_instruments_size(); ++i) {
    const auto& g = r.gmm_instruments(i);
    const std::string path = absl::StrCat("gmm_instruments[", i, "]");
    gmm::GmmInstrument e;
    e.column = b->Column(g.column(), path + ".column").value_or(0);
    e.min_lag = g.min_lag() == 0 ? kDefaultMinLag : g.min_lag();
    e.max_lag = g.max_lag() == 0 ? std::max(kAllLags, e.min_lag) : g.max_lag();
    e.collapse = g.collapse();
    if (e.min_lag < 1 || e.min_lag > kMaxLag) v->Add(path + ".min_lag", absl::StrCat("must be in 1..", kMaxLag));
    if (e.max_lag < e.min_lag) v->Add(path + ".max_lag", "must be 0 (every lag) or at least min_lag");
    for (int j = 0; j < i; ++j) {
      if (r.gmm_instruments(j).column() == g.column()) v->Add(path + ".column", "listed twice in gmm_instruments");
    }
    spec->gmm.push_back(e);
  }
}

void BuildModel(const mv1::FitDynamicPanelRequest& r, SpecBuilder* b, FieldViolations* v,
                gmm::DynamicPanelSpec* spec) {
  spec->dependent = b->Column(r.dependent(), "dependent").value_or(0);
  spec->dependent_lags = b->Lags(r.dependent_lags(), 1, "dependent_lags", {1});
  spec->regressors = b->Terms(r.regressors(), "regressors");
  for (int i = 0; i < r.regressors_size(); ++i) {
    const std::string& c = r.regressors(i).column();
    if (c == r.dependent()) {
      v->Add(absl::StrCat("regressors[", i, "].column"), "the dependent variable enters through dependent_lags");
    }
    for (int j = 0; j < i; ++j) {
      if (r.regressors(j).column() == c) v->Add(absl::StrCat("regressors[", i, "].column"), "listed twice");
    }
  }
  if (r.iv_instruments_size() > 0 || r.iv_instruments_explicit()) spec->iv = b->Terms(r.iv_instruments(), "iv_instruments");
  spec->transformation = r.transformation() == mv1::GMM_TRANSFORMATION_SYSTEM ? gmm::Transformation::kSystem
                                                                             : gmm::Transformation::kDifference;
  spec->time_effects = r.effect() != mv1::GMM_EFFECT_INDIVIDUAL;
  spec->two_step = r.steps() != mv1::GMM_STEPS_ONE_STEP;
  spec->robust = r.covariance() != mv1::GMM_COVARIANCE_CONVENTIONAL;
  if (!spec->two_step && !spec->robust) {
    v->Add("covariance", "one-step GMM reports the robust covariance only (pgmm's conventional one-step "
                         "covariance is not scaled by the error variance): use GMM_COVARIANCE_ROBUST");
  }
}

// Subsets name instruments by column; indices into the GMM list and the resolved IV list.
void BuildSubsets(const mv1::FitDynamicPanelRequest& r, const PanelView& panel, FieldViolations* v,
                  gmm::DynamicPanelSpec* spec) {
  const std::vector<gmm::LaggedVariable> iv = gmm::ResolvedIvInstruments(*spec);
  for (int i = 0; i < r.difference_in_hansen_size(); ++i) {
    const auto& s = r.difference_in_hansen(i);
    const std::string path = absl::StrCat("difference_in_hansen[", i, "]");
    gmm::InstrumentSubset subset;
    subset.name = s.name().empty() ? absl::StrJoin({absl::StrJoin(s.gmm_columns(), ","), absl::StrJoin(s.iv_columns(), ",")}, ";") : s.name();
    for (int j = 0; j < s.gmm_columns_size(); ++j) {
      auto it = std::find_if(r.gmm_instruments().begin(), r.gmm_instruments().end(),
                             [&](const mv1::GmmInstrumentSpec& g) { return g.column() == s.gmm_columns(j); });
      if (it == r.gmm_instruments().end()) {
        v->Add(absl::StrCat(path, ".gmm_columns[", j, "]"), "not a column of gmm_instruments");
      } else {
        subset.gmm.push_back(static_cast<int>(it - r.gmm_instruments().begin()));
      }
    }
    for (int j = 0; j < s.iv_columns_size(); ++j) {
      auto col = panel.FindColumn(s.iv_columns(j));
      auto it = std::find_if(iv.begin(), iv.end(), [&](const gmm::LaggedVariable& t) { return col && t.column == *col; });
      if (it == iv.end()) {
        v->Add(absl::StrCat(path, ".iv_columns[", j, "]"), "not an IV-style instrument of this model");
      } else {
        subset.iv.push_back(static_cast<int>(it - iv.begin()));
      }
    }
    if (subset.gmm.empty() && subset.iv.empty() && s.gmm_columns().empty() && s.iv_columns().empty()) {
      v->Add(path, "the subset names no instruments");
    }
    spec->difference_in_hansen.push_back(std::move(subset));
  }
}

gmm::DynamicPanelData DataOf(const PanelView& panel) {
  gmm::DynamicPanelData d;
  d.n_entities = panel.n_entities();
  d.entity.assign(panel.entity_codes().begin(), panel.entity_codes().end());
  d.period.assign(panel.periods().begin(), panel.periods().end());
  for (int c = 0; c < panel.column_count(); ++c) {
    d.column_names.push_back(panel.ColumnName(c));
    d.columns.emplace_back(panel.ColumnValues(c));
  }
  return d;
}

// Statuses from stats name spec fields before ':' ("gmm_instruments[0].min_lag: ...").
absl::Status ToRequestStatus(const absl::Status& s, const PanelView& panel) {
  if (s.code() == absl::StatusCode::kFailedPrecondition) return WithPreconditionSubject(s, panel.path());
  if (s.code() != absl::StatusCode::kInvalidArgument) return s;
  const std::string message(s.message());
  const size_t colon = message.find(": ");
  const bool named = colon != std::string::npos && message.find(' ') > colon;
  return InvalidField(named ? message.substr(0, colon) : "gmm_instruments",
                      named ? message.substr(colon + 2) : message);
}

void FillTest(const gmm::ChiSquaredTest& t, mv1::GmmTest* out) {
  out->set_statistic(t.statistic);
  out->set_df(t.df);
  out->set_p_value(t.p_value);
}

void FillNormal(const gmm::NormalTest& t, mv1::GmmTest* out) {
  out->set_statistic(t.statistic);
  out->set_p_value(t.p_value);
}

void FillCoefficients(const gmm::DynamicPanelResult& r, mv1::FitDynamicPanelResponse* out) {
  const Eigen::Index k = r.coefficients.size();
  for (Eigen::Index i = 0; i < k; ++i) {
    auto* c = out->add_coefficients();
    c->set_name(r.names[static_cast<size_t>(i)]);
    c->set_estimate(r.coefficients[i]);
    c->set_std_error(r.std_errors[i]);
    c->set_z(r.z[i]);
    c->set_p_value(r.p_values[i]);
    c->set_time_effect(i >= k - r.n_time_effects);
    c->set_one_step_estimate(r.one_step_coefficients[i]);
  }
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = 0; j < k; ++j) out->add_covariance(r.covariance(i, j));
  }
}

void FillResponse(const gmm::DynamicPanelResult& r, const gmm::DynamicPanelSpec& spec, const PanelView& panel,
                  mv1::FitDynamicPanelResponse* out) {
  FillCoefficients(r, out);
  FillTest(r.hansen, out->mutable_hansen());
  if (r.ar1.available) FillNormal(r.ar1, out->mutable_ar1());
  if (r.ar2.available) FillNormal(r.ar2, out->mutable_ar2());
  for (const auto& d : r.difference_in_hansen) {
    auto* t = out->add_difference_in_hansen();
    t->set_name(d.name);
    t->set_instruments(d.n_instruments);
    FillTest(d.excluded, t->mutable_excluded());
    FillTest(d.difference, t->mutable_difference());
  }
  out->set_groups(r.n_groups);
  out->set_instruments(r.n_instruments);
  out->set_periods(r.n_periods);
  out->set_observations_difference(r.n_obs_difference);
  out->set_observations_level(r.n_obs_level);
  out->set_first_period(r.first_period);
  for (const auto& t : gmm::ResolvedIvInstruments(spec)) {
    auto* iv = out->add_iv_instruments();
    iv->set_column(panel.ColumnName(t.column));
    for (int lag : t.lags) iv->add_lags(lag);
  }
  for (const auto& w : r.warnings) out->add_warnings(w);
}

void FillProvenance(const mv1::FitDynamicPanelRequest& request, const gmm::DynamicPanelSpec& spec,
                    common::v1::Provenance* p) {
  StartProvenance(kServiceName, request.panel(), p);
  const bool system = spec.transformation == gmm::Transformation::kSystem;
  AddOption("estimator", system ? "system GMM (Blundell-Bond 1998; plm::pgmm transformation \"ld\")"
                                : "difference GMM (Arellano-Bond 1991; plm::pgmm transformation \"d\")", p);
  AddOption("steps", spec.two_step ? "two-step" : "one-step", p);
  AddOption("effect", spec.time_effects ? "twoways (period dummies)" : "individual", p);
  AddOption("covariance", !spec.robust ? "conventional two-step" : spec.two_step ? "Windmeijer (2005) corrected two-step"
                                                                                 : "one-step robust sandwich", p);
  AddOption("step_one_weight", system ? "(sum_i Z_i' H Z_i)^-1, H = plm FSM \"full\"" : "(sum_i Z_i' H Z_i)^-1, H = 2 on the diagonal, -1 beside it", p);
  AddOption("hansen", "J with the step-two weighting matrix and the reported step's residuals (plm sargan())", p);
  AddOption("ar_tests", "Arellano-Bond m1/m2 on the differenced residuals with the reported covariance (plm mtest)", p);
}

}  // namespace

absl::StatusOr<mv1::FitDynamicPanelResponse> FitDynamicPanel(const mv1::FitDynamicPanelRequest& request) {
  auto panel = PanelView::Create(request.panel());
  if (!panel.ok()) return panel.status();
  FieldViolations v;
  SpecBuilder builder(*panel, &v);
  gmm::DynamicPanelSpec spec;
  BuildModel(request, &builder, &v, &spec);
  BuildGmmInstruments(request, &builder, &v, &spec);
  if (v.empty()) BuildSubsets(request, *panel, &v, &spec);
  if (auto s = v.ToStatus(); !s.ok()) return s;
  auto result = gmm::FitDynamicPanel(DataOf(*panel), spec);
  if (!result.ok()) return ToRequestStatus(result.status(), *panel);
  mv1::FitDynamicPanelResponse response;
  FillResponse(*result, spec, *panel, &response);
  FillProvenance(request, spec, response.mutable_provenance());
  return response;
}

}  // namespace govmetrics::contracts
