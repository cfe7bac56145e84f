#include "common/stats/panel/moderation.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/stats/distributions.h"

namespace govmetrics::stats {
namespace {

int ColumnOf(const PanelInput& in, const std::string& name) {
  auto it = std::find(in.x_names.begin(), in.x_names.end(), name);
  return it == in.x_names.end() ? -1 : static_cast<int>(it - in.x_names.begin());
}

double Mean(const Eigen::MatrixXd& x, int col, int64_t n) { return x.col(col).head(n).mean(); }

double SampleSd(const Eigen::MatrixXd& x, int col, int64_t n) {
  const double m = Mean(x, col, n);
  return n > 1 ? std::sqrt((x.col(col).head(n).array() - m).square().sum() / (n - 1.0))
               : kNotApplicable;
}

// The x columns an interaction multiplies the focal with (one for a
// continuous moderator, one per non-reference level for a label).
absl::StatusOr<std::vector<int>> ModeratorColumns(const PanelInput& in, const InteractionSpec& s,
                                                  const std::string& field) {
  std::vector<int> cols;
  const std::vector<std::string> names =
      s.level_columns.empty() ? std::vector<std::string>{s.moderator} : s.level_columns;
  for (const std::string& name : names) {
    const int c = ColumnOf(in, name);
    if (c < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".moderator: '", name, "' is not a regressor of the model"));
    }
    cols.push_back(c);
  }
  return cols;
}

// Subtracts the sample mean from each listed column once; returns the means.
std::map<int, double> CenterColumns(const std::set<int>& columns, int64_t n, Eigen::MatrixXd& x) {
  std::map<int, double> means;
  for (int c : columns) {
    means[c] = Mean(x, c, n);
    x.col(c).head(n).array() -= means[c];
  }
  return means;
}

SimpleSlope SlopeAt(double b1, double b3, double v11, double v13, double v33, double m,
                    double df, double critical) {
  SimpleSlope s;
  s.slope = b1 + b3 * m;
  s.std_error = std::sqrt(std::max(0.0, v11 + 2 * m * v13 + m * m * v33));
  s.statistic = s.slope / s.std_error;
  s.p_value = df > 0 ? StudentTTwoSidedPValue(s.statistic, df) : NormalTwoSidedPValue(s.statistic);
  s.ci_lower = s.slope - critical * s.std_error;
  s.ci_upper = s.slope + critical * s.std_error;
  return s;
}

SimpleSlope Placeholder(const std::string& label, double at) {
  SimpleSlope s;
  s.at_label = label;
  s.at = at;
  return s;
}

// Requested moderator values, or mean - SD, mean, mean + SD.
std::vector<SimpleSlope> SlopePoints(const std::vector<double>& at, double mean, double sd) {
  std::vector<SimpleSlope> points;
  if (at.empty()) {
    points.push_back(Placeholder("mean-1SD", mean - sd));
    points.push_back(Placeholder("mean", mean));
    points.push_back(Placeholder("mean+1SD", mean + sd));
  }
  for (double m : at) points.push_back(Placeholder(absl::StrFormat("%g", m), m));
  return points;
}

struct Coefficients {
  const PanelFit& fit;
  int Index(const std::string& name) const {
    for (size_t j = 0; j < fit.coefficients.size(); ++j) {
      if (fit.coefficients[j].name == name) return static_cast<int>(j);
    }
    return -1;
  }
};

absl::Status DroppedTerm(size_t i, const std::string& what, const std::string& name) {
  return absl::FailedPreconditionError(absl::StrCat(
      "interactions[", i, "]: ", what, " '", name,
      "' was dropped (collinear with other regressors or absorbed by the fixed effects), so "
      "its simple slopes are not identified"));
}

}  // namespace

absl::StatusOr<std::vector<ModerationEffect>> ExpandInteractions(
    PanelInput& in, int64_t n, const std::vector<std::string>& endogenous) {
  std::vector<ModerationEffect> effects;
  std::vector<std::pair<int, std::vector<int>>> columns;  // focal, moderator columns
  std::set<int> to_center;
  std::set<std::string> seen;
  for (size_t i = 0; i < in.interactions.size(); ++i) {
    const InteractionSpec& s = in.interactions[i];
    const std::string field = absl::StrCat("interactions[", i, "]");
    const int focal = ColumnOf(in, s.focal);
    if (focal < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".focal: '", s.focal, "' is not a regressor of the model"));
    }
    for (const std::string& name : {s.focal, s.moderator}) {
      if (std::find(endogenous.begin(), endogenous.end(), name) != endogenous.end()) {
        return absl::InvalidArgumentError(absl::StrCat(
            field, ": '", name, "' is endogenous; its product with another variable would be "
            "endogenous too and needs its own instruments (add the product as a column)"));
      }
    }
    absl::StatusOr<std::vector<int>> moderator = ModeratorColumns(in, s, field);
    if (!moderator.ok()) return moderator.status();
    if (s.level_columns.empty() && moderator->front() == focal) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": focal and moderator are the same column '", s.focal, "'"));
    }
    if (!seen.insert(s.focal + "\n" + s.moderator).second) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": listed twice"));
    }
    ModerationEffect e;
    e.focal = s.focal;
    e.moderator = s.moderator;
    e.label_moderator = !s.level_columns.empty();
    e.centered = in.center_interactions;
    if (e.label_moderator) {
      for (const std::string& level : s.levels) e.slopes.push_back(Placeholder(level, kNotApplicable));
    } else {
      const auto col = in.x.col(moderator->front()).head(n);
      e.moderator_mean = col.mean();
      e.moderator_sd = SampleSd(in.x, moderator->front(), n);
      e.observed_min = col.minCoeff();
      e.observed_max = col.maxCoeff();
      e.slopes = SlopePoints(s.at, e.moderator_mean, e.moderator_sd);
      to_center.insert(moderator->front());
    }
    to_center.insert(focal);
    effects.push_back(e);
    columns.emplace_back(focal, *moderator);
  }
  std::map<int, double> means;
  if (in.center_interactions) means = CenterColumns(to_center, n, in.x);
  const Eigen::Index rows = in.x.rows();
  for (size_t i = 0; i < effects.size(); ++i) {
    const auto& [focal, moderator] = columns[i];
    if (in.center_interactions) {
      effects[i].focal_center = means[focal];
      if (!effects[i].label_moderator) effects[i].moderator_center = means[moderator.front()];
    }
    for (int m : moderator) {
      const Eigen::Index c = in.x.cols();
      in.x.conservativeResize(rows, c + 1);
      in.x.col(c).setZero();
      in.x.col(c).head(n) = in.x.col(focal).head(n).cwiseProduct(in.x.col(m).head(n));
      const std::string name = absl::StrCat(effects[i].focal, ":", in.x_names[m]);
      if (ColumnOf(in, name) >= 0) {
        return absl::InvalidArgumentError(
            absl::StrCat("interactions[", i, "]: a regressor is already named '", name, "'"));
      }
      in.x_names.push_back(name);
      effects[i].terms.push_back(name);
    }
  }
  return effects;
}

JohnsonNeymanInterval JohnsonNeyman(double b1, double b3, double v11, double v13, double v33,
                                    double critical) {
  // |b1 + b3 m| >= c se(m)  <=>  a m^2 + b m + c0 >= 0.
  JohnsonNeymanInterval jn;
  jn.computed = true;
  jn.critical_value = critical;
  const double c2 = critical * critical;
  const double a = b3 * b3 - c2 * v33;
  const double b = 2 * (b1 * b3 - c2 * v13);
  const double c0 = b1 * b1 - c2 * v11;
  const double disc = b * b - 4 * a * c0;
  if (a == 0 || disc <= 0) {
    // No sign change: the quadratic keeps the sign of a (or of c0 when a = 0,
    // a degenerate case treated as no interval).
    jn.region = (a > 0 || (a == 0 && c0 >= 0)) ? "everywhere" : "nowhere";
    return jn;
  }
  const double root = std::sqrt(disc);
  // Numerically stable roots.
  const double q = -0.5 * (b + std::copysign(root, b));
  double r1 = q / a, r2 = c0 / q;
  if (r1 > r2) std::swap(r1, r2);
  jn.lower = r1;
  jn.upper = r2;
  jn.region = a > 0 ? "outside" : "inside";
  return jn;
}

absl::Status EstimateSimpleSlopes(std::vector<ModerationEffect> effects, PanelFit* fit) {
  const Coefficients coef{*fit};
  const double df = fit->inference_df;
  const double level = fit->resolved.confidence_level;
  const double critical =
      df > 0 ? StudentTQuantile(1 - (1 - level) / 2, df) : NormalQuantile(1 - (1 - level) / 2);
  const Eigen::MatrixXd& v = fit->covariance;
  for (size_t i = 0; i < effects.size(); ++i) {
    ModerationEffect& e = effects[i];
    const int f = coef.Index(e.focal);
    if (f < 0) return DroppedTerm(i, "the focal regressor", e.focal);
    std::vector<int> terms;
    for (const std::string& t : e.terms) {
      const int p = coef.Index(t);
      if (p < 0) return DroppedTerm(i, "the interaction term", t);
      terms.push_back(p);
    }
    const double b1 = fit->coefficients[f].estimate;
    if (e.label_moderator) {
      // Reference level: the focal coefficient; level l: b1 + b_l (m = 1).
      for (size_t l = 0; l < e.slopes.size(); ++l) {
        SimpleSlope& s = e.slopes[l];
        const std::string label = s.at_label;
        if (l == 0) {
          s = SlopeAt(b1, 0, v(f, f), 0, 0, 0, df, critical);
        } else {
          const int p = terms[l - 1];
          s = SlopeAt(b1, fit->coefficients[p].estimate, v(f, f), v(f, p), v(p, p), 1, df,
                      critical);
        }
        s.at_label = label;
      }
    } else {
      const int p = terms.front();
      const double b3 = fit->coefficients[p].estimate;
      for (SimpleSlope& s : e.slopes) {
        const double at = s.at;
        const std::string label = s.at_label;
        s = SlopeAt(b1, b3, v(f, f), v(f, p), v(p, p), at - e.moderator_center, df, critical);
        s.at = at;
        s.at_label = label;
      }
      e.johnson_neyman = JohnsonNeyman(b1, b3, v(f, f), v(f, p), v(p, p), critical);
      e.johnson_neyman.lower += e.moderator_center;
      e.johnson_neyman.upper += e.moderator_center;
      e.johnson_neyman.observed_min = e.observed_min;
      e.johnson_neyman.observed_max = e.observed_max;
    }
    fit->moderation.push_back(std::move(e));
  }
  return absl::OkStatus();
}

}  // namespace govmetrics::stats
