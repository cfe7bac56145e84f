#include "common/contracts/censored_sample.h"

#include <algorithm>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"

namespace govmetrics::contracts {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr int kMaxQuadraturePoints = 100;

struct ModelColumns {
  int dependent = 0;
  std::vector<int> regressors;
};

void ValidateOptions(const mv1::FitCensoredModelRequest& request, FieldViolations* v) {
  if (!request.has_left_limit() && !request.has_right_limit()) {
    v->Add("left_limit", "set left_limit, right_limit or both (for a Tobit at zero, left_limit = 0)");
  }
  if (request.has_left_limit() && !std::isfinite(request.left_limit())) v->Add("left_limit", "must be finite");
  if (request.has_right_limit() && !std::isfinite(request.right_limit())) v->Add("right_limit", "must be finite");
  if (request.has_left_limit() && request.has_right_limit() && !(request.left_limit() < request.right_limit())) {
    v->Add("right_limit", absl::StrCat("must be above left_limit (", request.left_limit(), ")"));
  }
  if (!mv1::CensoredModel_IsValid(request.model())) v->Add("model", "unknown model");
  if (!mv1::CensoredVariance_IsValid(request.variance())) v->Add("variance", "unknown variance");
  const bool random = request.model() == mv1::CENSORED_MODEL_RANDOM_EFFECTS;
  if (random && (request.variance() == mv1::CENSORED_VARIANCE_ROBUST ||
                 request.variance() == mv1::CENSORED_VARIANCE_CLUSTER)) {
    v->Add("variance", "the random-effects Tobit offers the observed information (CENSORED_VARIANCE_OIM) only");
  }
  const int q = request.quadrature_points();
  if (q != 0 && (q < 2 || q > kMaxQuadraturePoints)) {
    v->Add("quadrature_points", absl::StrCat("must be 0 (", kDefaultQuadraturePoints, ") or 2..", kMaxQuadraturePoints));
  }
  if (q != 0 && !random) v->Add("quadrature_points", "applies to CENSORED_MODEL_RANDOM_EFFECTS only");
}

ModelColumns ValidateColumns(const mv1::FitCensoredModelRequest& request, const PanelView& panel,
                             FieldViolations* v) {
  ModelColumns columns;
  if (auto c = panel.RequireColumn(request.dependent(), "dependent", v)) {
    columns.dependent = *c;
    panel.CheckFinite(*c, /*allow_missing=*/true, v);
  }
  if (request.regressors().empty()) v->Add("regressors", "at least one regressor is needed");
  std::set<std::string> seen;
  for (int i = 0; i < request.regressors_size(); ++i) {
    const std::string& name = request.regressors(i);
    const std::string field = absl::StrCat("regressors[", i, "]");
    if (name == request.dependent()) v->Add(field, absl::StrCat("'", name, "' is the dependent variable"));
    if (!seen.insert(name).second) v->Add(field, absl::StrCat("'", name, "' is listed twice"));
    if (auto c = panel.RequireColumn(name, field, v)) {
      columns.regressors.push_back(*c);
      panel.CheckFinite(*c, /*allow_missing=*/true, v);
    }
  }
  return columns;
}

// Rows with every model value present.
std::vector<int> CompleteRows(const PanelView& panel, const ModelColumns& columns) {
  std::vector<int> rows;
  const auto y = panel.ColumnValues(columns.dependent);
  for (int r = 0; r < panel.rows(); ++r) {
    bool complete = !std::isnan(y(r));
    for (int c : columns.regressors) complete = complete && !std::isnan(panel.ColumnValues(c)(r));
    if (complete) rows.push_back(r);
  }
  return rows;
}

// A limit beyond every observation leaves nothing uncensored: name the limit.
absl::Status CheckLimitsAgainstData(const mv1::FitCensoredModelRequest& request, const Eigen::VectorXd& y) {
  if (y.size() == 0) return InvalidField("dependent", "no row has every model value present");
  const double lo = y.minCoeff(), hi = y.maxCoeff();
  FieldViolations v;
  if (request.has_left_limit() && request.left_limit() >= hi) {
    v.Add("left_limit", absl::StrCat("left_limit ", request.left_limit(), " is at or above every observation of '",
                                     request.dependent(), "' (largest ", hi, "): every observation would be censored"));
  }
  if (request.has_right_limit() && request.right_limit() <= lo) {
    v.Add("right_limit", absl::StrCat("right_limit ", request.right_limit(), " is at or below every observation of '",
                                      request.dependent(), "' (smallest ", lo, "): every observation would be censored"));
  }
  if (!v.empty()) return v.ToStatus();
  for (Eigen::Index i = 0; i < y.size(); ++i) {
    const bool above = !request.has_left_limit() || y(i) > request.left_limit();
    const bool below = !request.has_right_limit() || y(i) < request.right_limit();
    if (above && below) return absl::OkStatus();
  }
  return InvalidField("right_limit", absl::StrCat("no observation of '", request.dependent(),
                                                  "' lies strictly between the limits: every one is censored"));
}

// Sorted distinct periods of the sample rows.
std::vector<int> SamplePeriods(const PanelView& panel, const std::vector<int>& rows) {
  std::set<int> periods;
  for (int r : rows) periods.insert(panel.periods()[r]);
  return {periods.begin(), periods.end()};
}

void FillDesign(const mv1::FitCensoredModelRequest& request, const PanelView& panel, const ModelColumns& columns,
                const std::vector<int>& rows, CensoredSample* sample) {
  const std::vector<int> periods = request.period_effects() ? SamplePeriods(panel, rows) : std::vector<int>{};
  const int dummies = periods.empty() ? 0 : static_cast<int>(periods.size()) - 1;
  const Eigen::Index n = static_cast<Eigen::Index>(rows.size());
  const Eigen::Index k = 1 + static_cast<Eigen::Index>(columns.regressors.size()) + dummies;
  auto& d = sample->data;
  d.y.resize(n);
  d.x = Eigen::MatrixXd::Zero(n, k);
  d.names = {"(Intercept)"};
  for (int name_index = 0; name_index < request.regressors_size(); ++name_index) {
    d.names.push_back(request.regressors(name_index));
  }
  for (int p = 1; p <= dummies; ++p) d.names.push_back(absl::StrCat("period=", periods[static_cast<size_t>(p)]));
  std::vector<int> entity_of(static_cast<size_t>(panel.n_entities()), -1);
  for (Eigen::Index i = 0; i < n; ++i) {
    const int r = rows[static_cast<size_t>(i)];
    d.y(i) = panel.ColumnValues(columns.dependent)(r);
    d.x(i, 0) = 1.0;
    for (size_t j = 0; j < columns.regressors.size(); ++j) {
      d.x(i, static_cast<Eigen::Index>(j + 1)) = panel.ColumnValues(columns.regressors[j])(r);
    }
    const auto p = std::lower_bound(periods.begin(), periods.end(), panel.periods()[r]) - periods.begin();
    if (p > 0) d.x(i, static_cast<Eigen::Index>(columns.regressors.size()) + p) = 1.0;
    int& code = entity_of[static_cast<size_t>(panel.entity_codes()[static_cast<size_t>(r)])];
    if (code < 0) code = d.entities++;
    d.entity.push_back(code);
  }
  sample->period_dummies = dummies;
}

absl::Status CheckRank(const CensoredSample& sample, int regressors) {
  const std::vector<int> dropped = stats::CollinearColumns(sample.data.x);
  if (dropped.empty()) return absl::OkStatus();
  const int j = dropped.front();
  const std::string& name = sample.data.names[static_cast<size_t>(j)];
  const std::string field = j <= regressors ? absl::StrCat("regressors[", j - 1, "]") : "period_effects";
  return FailedPreconditionOn(field, absl::StrCat("'", name, "' is collinear with the intercept and the columns "
                                                  "before it in the estimation sample (it would be dropped); "
                                                  "remove it"));
}

}  // namespace

absl::StatusOr<CensoredSample> BuildCensoredSample(const mv1::FitCensoredModelRequest& request,
                                                   const PanelView& panel) {
  FieldViolations v;
  const ModelColumns columns = ValidateColumns(request, panel, &v);
  ValidateOptions(request, &v);
  if (!v.empty()) return v.ToStatus();
  const std::vector<int> rows = CompleteRows(panel, columns);
  CensoredSample sample;
  sample.dropped_missing = panel.rows() - static_cast<int>(rows.size());
  if (request.has_left_limit()) sample.data.limits.left = request.left_limit();
  if (request.has_right_limit()) sample.data.limits.right = request.right_limit();
  FillDesign(request, panel, columns, rows, &sample);
  if (auto s = CheckLimitsAgainstData(request, sample.data.y); !s.ok()) return s;
  if (auto s = CheckRank(sample, request.regressors_size()); !s.ok()) return s;
  return sample;
}

}  // namespace govmetrics::contracts
