#include "services/reporting/placebo_check.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

#include "absl/strings/str_cat.h"
#include "common/stats/transforms.h"
#include "services/reporting/panel_edits.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/robustness_checks.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr int kHistogramBins = 15;

std::string DrawKey(int index, int draw) { return absl::StrCat("fit/robustness/", index, "/placebo/", draw); }

// Entity e gets the series of entity `source[e]`: a Fisher-Yates shuffle driven by a
// 64-bit Mersenne Twister seeded with the study's seed and the check's position, so a
// draw is the same on every machine.
std::vector<std::vector<int>> Permutations(const StudyDesign& design, int index, int entities, int draws) {
  std::mt19937_64 rng(design.seed + 7919 * static_cast<uint64_t>(index + 1));
  std::vector<std::vector<int>> out;
  for (int d = 0; d < draws; ++d) {
    std::vector<int> source(entities);
    std::iota(source.begin(), source.end(), 0);
    for (int k = entities - 1; k > 0; --k) std::swap(source[k], source[rng() % static_cast<uint64_t>(k + 1)]);
    out.push_back(std::move(source));
  }
  return out;
}

// The explanatory column with each entity's series replaced by its source entity's
// value in the same period (missing where the source has no such period).
std::vector<double> PermutedColumn(const common::v1::Panel& panel, const std::string& x,
                                   const std::vector<int>& source, const std::map<std::string, int>& entity_code) {
  std::vector<double> out(panel.entity_size(), std::nan(""));
  const auto* values = FindColumnValues(panel, x);
  if (values == nullptr) return out;  // an index not built yet: ValidateStudy only counts the requests
  std::map<std::pair<int, int>, double> by_cell;  // (entity code, period) -> value
  for (int row = 0; row < panel.entity_size(); ++row) {
    by_cell[{entity_code.at(panel.entity(row)), panel.period(row)}] = values->Get(row);
  }
  for (int row = 0; row < panel.entity_size(); ++row) {
    auto it = by_cell.find({source[entity_code.at(panel.entity(row))], panel.period(row)});
    if (it != by_cell.end()) out[row] = it->second;
  }
  return out;
}

}  // namespace

void PlanPlacebo(const StudyDesign& design, const rv1::RobustnessSpec& check, int index, RequestPlan& plan) {
  std::map<std::string, int> entity_code;
  for (const auto& e : design.panel.entity()) entity_code.emplace(e, 0);
  int code = 0;
  for (auto& [entity, c] : entity_code) c = code++;
  const auto permutations = Permutations(design, index, code, PlaceboDraws(check));
  const mv1::FitPanelModelRequest base = design.FitRequest(design.y, design.Regressors(design.x), design.BaseModel());
  for (size_t d = 0; d < permutations.size(); ++d) {
    mv1::FitPanelModelRequest request = base;
    SetColumnValues(*request.mutable_panel(), design.x,
                    PermutedColumn(design.panel, design.x, permutations[d], entity_code));
    plan.Add(DrawKey(index, static_cast<int>(d)), std::move(request));
  }
}

absl::StatusOr<PlaceboSummary> SummarizePlacebo(const StudyDesign& design, const rv1::RobustnessSpec& check,
                                                int index, const ResponseSet& responses, double baseline) {
  PlaceboSummary summary;
  summary.baseline = baseline;
  int as_large = 0;
  for (int d = 0; d < PlaceboDraws(check); ++d) {
    auto fit = responses.Get<mv1::FitPanelModelResponse>(DrawKey(index, d));
    if (!fit.ok()) return fit.status();
    const auto* c = FindCoefficient(**fit, design.x);
    if (c == nullptr) continue;  // dropped as collinear in this draw
    summary.estimates.push_back(c->estimate());
    if (std::abs(c->estimate()) >= std::abs(baseline)) ++as_large;
  }
  summary.p_value = summary.estimates.empty() ? std::nan("") : static_cast<double>(as_large) / summary.estimates.size();
  return summary;
}

mv1::FitPanelModelResponse PlaceboColumnFit(const PlaceboSummary& summary, const mv1::FitPanelModelResponse& baseline,
                                            const std::string& x) {
  mv1::FitPanelModelResponse fit;
  fit.set_n_obs(baseline.n_obs());
  fit.set_r_squared_within(std::nan(""));
  if (summary.estimates.empty()) return fit;
  std::vector<double> sorted = summary.estimates;
  std::sort(sorted.begin(), sorted.end());
  const double n = static_cast<double>(sorted.size());
  const double mean = std::accumulate(sorted.begin(), sorted.end(), 0.0) / n;
  double squares = 0;
  for (double v : sorted) squares += (v - mean) * (v - mean);
  auto* c = fit.add_coefficients();
  c->set_name(x);
  c->set_estimate(mean);
  c->set_std_error(sorted.size() > 1 ? std::sqrt(squares / (n - 1)) : std::nan(""));
  c->set_p_value(std::nan(""));
  c->set_ci_lower(stats::QuantileType7(sorted, 0.025));
  c->set_ci_upper(stats::QuantileType7(sorted, 0.975));
  return fit;
}

std::string AddPlaceboChart(const StudyDesign& design, const PlaceboSummary& summary, int index,
                            ReportFragment& fragment) {
  rv1::Chart* chart = AddChart(fragment, absl::StrCat("robustness_placebo_", index + 1),
                               design.Text("robustness.placebo_chart_title",
                                           {design.Label(design.x), absl::StrCat(summary.estimates.size()),
                                            Fixed(summary.baseline), Fixed(summary.p_value)}),
                               rv1::CHART_KIND_BAR);
  chart->set_x_label(design.Text("robustness.placebo_chart_axis"));
  auto* series = chart->add_series();
  series->set_name(design.Text("robustness.placebo_chart_axis"));
  if (summary.estimates.empty()) return chart->id();
  const auto [lo_it, hi_it] = std::minmax_element(summary.estimates.begin(), summary.estimates.end());
  const double lo = *lo_it, width = (*hi_it - lo) / kHistogramBins;
  std::vector<int> counts(kHistogramBins, 0);
  for (double v : summary.estimates) {
    const int bin = width > 0 ? std::min(kHistogramBins - 1, static_cast<int>((v - lo) / width)) : 0;
    ++counts[bin];
  }
  for (int b = 0; b < kHistogramBins; ++b) {
    chart->add_categories(absl::StrCat("[", Fixed(lo + b * width), ", ", Fixed(lo + (b + 1) * width), ")"));
    series->add_values(counts[b]);
  }
  return chart->id();
}

}  // namespace govmetrics::reporting
