#include "services/reporting/spatio_temporal_tables.h"

#include <cmath>
#include <limits>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace idx = govmetrics::index::v1;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

rv1::Table* NewTable(const StudyDesign& design, const std::string& id, const std::string& column,
                     const char* title_key, ReportFragment& fragment) {
  rv1::Table* t = AddTable(fragment, absl::StrCat(id, "_", column), design.Text(title_key, {design.Label(column)}));
  t->set_stub_header(design.Text("spatio_temporal.period"));
  return t;
}

void AddHeaders(const StudyDesign& design, rv1::Table* t, std::initializer_list<const char*> keys) {
  for (const char* key : keys) t->add_columns(design.Text(key));
}

double Share(double part, double total) { return total > 0 ? 100 * part / total : kNaN; }

// The between-group Gini of {a, b} in `p` (the pair is stored richer group first).
double PairGini(const idx::PeriodDisparity& p, const std::string& a, const std::string& b) {
  for (const auto& pair : p.group_pairs()) {
    if ((pair.richer_group() == a && pair.poorer_group() == b) ||
        (pair.richer_group() == b && pair.poorer_group() == a)) {
      return pair.gini();
    }
  }
  return kNaN;
}

double GroupGini(const idx::PeriodDisparity& p, const std::string& group) {
  for (const auto& g : p.groups()) {
    if (g.group() == group) return g.gini();
  }
  return kNaN;
}

// K x K probabilities as rows "<prefix>class i"; the last cell is the row's transitions.
void AddTransitionRows(const StudyDesign& design, const std::string& prefix, int k,
                       const google::protobuf::RepeatedField<double>& probabilities,
                       const google::protobuf::RepeatedField<double>& counts, rv1::Table* t) {
  for (int i = 0; i < k; ++i) {
    const int row = AddRow(t, absl::StrCat(prefix, design.Text("spatio_temporal.class", {absl::StrCat(i + 1)})),
                           rv1::ROW_KIND_UNSPECIFIED);
    double transitions = 0;
    for (int j = 0; j < k; ++j) {
      *t->mutable_rows(row)->add_cells() = NumberCell(probabilities[i * k + j], 3);
      transitions += counts[i * k + j];
    }
    *t->mutable_rows(row)->add_cells() = CountCell(static_cast<long long>(transitions));
  }
}

}  // namespace

rv1::Table* DagumTable(const StudyDesign& design, const std::string& column, const idx::AnalyzeDisparityResponse& r,
                       ReportFragment& fragment) {
  rv1::Table* t = NewTable(design, "dagum", column, "spatio_temporal.dagum_title", fragment);
  const bool decomposed = r.groups_size() > 0;
  AddHeaders(design, t, {"spatio_temporal.gini"});
  if (decomposed) {
    AddHeaders(design, t, {"spatio_temporal.within", "spatio_temporal.between", "spatio_temporal.transvariation",
                           "spatio_temporal.within_share", "spatio_temporal.between_share",
                           "spatio_temporal.transvariation_share"});
  }
  for (const auto& p : r.periods()) {
    const int row = AddRow(t, absl::StrCat(p.period()), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = t->mutable_rows(row)->mutable_cells();
    *cells->Add() = NumberCell(p.gini(), 4);
    if (!decomposed) continue;
    for (double v : {p.gini_within(), p.gini_between(), p.gini_transvariation()}) *cells->Add() = NumberCell(v, 4);
    for (double v : {p.gini_within(), p.gini_between(), p.gini_transvariation()}) {
      *cells->Add() = NumberCell(Share(v, p.gini()), 2);
    }
  }
  t->add_notes(design.Text(decomposed ? "spatio_temporal.dagum_note" : "spatio_temporal.dagum_note_plain"));
  return t;
}

rv1::Table* GroupGiniTable(const StudyDesign& design, const std::string& column,
                           const idx::AnalyzeDisparityResponse& r, ReportFragment& fragment) {
  rv1::Table* t = NewTable(design, "dagum_groups", column, "spatio_temporal.groups_title", fragment);
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const auto& g : r.groups()) t->add_columns(design.Label(g));
  for (int a = 0; a < r.groups_size(); ++a) {
    for (int b = a + 1; b < r.groups_size(); ++b) {
      pairs.emplace_back(r.groups(a), r.groups(b));
      t->add_columns(absl::StrCat(design.Label(r.groups(a)), " – ", design.Label(r.groups(b))));
    }
  }
  for (const auto& p : r.periods()) {
    const int row = AddRow(t, absl::StrCat(p.period()), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = t->mutable_rows(row)->mutable_cells();
    for (const auto& g : r.groups()) *cells->Add() = NumberCell(GroupGini(p, g), 4);
    for (const auto& [a, b] : pairs) *cells->Add() = NumberCell(PairGini(p, a, b), 4);
  }
  t->add_notes(design.Text("spatio_temporal.groups_note"));
  return t;
}

rv1::Table* DispersionTable(const StudyDesign& design, const std::string& column,
                            const idx::AnalyzeDisparityResponse& r, ReportFragment& fragment) {
  rv1::Table* t = NewTable(design, "dispersion", column, "spatio_temporal.dispersion_title", fragment);
  AddHeaders(design, t, {"spatio_temporal.theil", "spatio_temporal.theil_within", "spatio_temporal.theil_between",
                         "spatio_temporal.cv", "spatio_temporal.mean", "spatio_temporal.sd"});
  for (const auto& p : r.periods()) {
    const int row = AddRow(t, absl::StrCat(p.period()), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = t->mutable_rows(row)->mutable_cells();
    for (double v : {p.theil(), p.theil_within(), p.theil_between(), p.coefficient_of_variation(), p.mean(), p.sd()}) {
      *cells->Add() = NumberCell(v, 4);
    }
  }
  t->add_notes(design.Text("spatio_temporal.dispersion_note"));
  return t;
}

rv1::Table* ConvergenceTable(const StudyDesign& design, const std::string& column,
                             const idx::AnalyzeDisparityResponse& r, ReportFragment& fragment) {
  rv1::Table* t = AddTable(fragment, absl::StrCat("beta_", column),
                           design.Text("spatio_temporal.beta_title", {design.Label(column)}));
  t->set_stub_header(design.Text("spatio_temporal.model"));
  AddHeaders(design, t, {"spatio_temporal.beta", "spatio_temporal.std_error", "spatio_temporal.speed",
                         "spatio_temporal.half_life", "spatio_temporal.r_squared", "spatio_temporal.n_obs"});
  for (const auto& b : r.beta_convergence()) {
    const int row = AddRow(t, design.Text(b.conditional() ? "spatio_temporal.conditional" : "spatio_temporal.absolute"),
                           rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = t->mutable_rows(row)->mutable_cells();
    *cells->Add() = CoefficientCell(b.beta(), b.p_value(), 4);
    *cells->Add() = StdErrorCell(b.std_error(), 4);
    *cells->Add() = NumberCell(b.speed(), 4);
    *cells->Add() = NumberCell(b.half_life(), 2);
    *cells->Add() = NumberCell(b.r_squared(), 3);
    *cells->Add() = CountCell(b.n_obs());
  }
  t->add_notes(design.Text("spatio_temporal.beta_note"));
  return t;
}

rv1::Table* MarkovTable(const StudyDesign& design, const std::string& column, const idx::AnalyzeDisparityResponse& r,
                        ReportFragment& fragment) {
  const int k = r.markov().classes();
  rv1::Table* t = AddTable(fragment, absl::StrCat("markov_", column),
                           design.Text("spatio_temporal.markov_title", {design.Label(column)}));
  t->set_stub_header(design.Text("spatio_temporal.from_to"));
  for (int j = 0; j < k; ++j) t->add_columns(design.Text("spatio_temporal.class", {absl::StrCat(j + 1)}));
  t->add_columns(design.Text("spatio_temporal.transitions"));
  AddTransitionRows(design, "", k, r.markov().probabilities(), r.markov().counts(), t);
  for (const auto& chain : r.spatial_markov().chains()) {
    const std::string prefix = design.Text("spatio_temporal.neighbours_prefix", {absl::StrCat(chain.lag_class() + 1)});
    AddTransitionRows(design, prefix, k, chain.probabilities(), chain.counts(), t);
  }
  t->add_notes(design.Text("spatio_temporal.markov_note", {absl::StrCat(k)}));
  if (r.spatial_markov().chains_size() > 0) t->add_notes(design.Text("spatio_temporal.spatial_markov_note"));
  return t;
}

rv1::Chart* GiniTrendChart(const StudyDesign& design, const std::string& column,
                           const idx::AnalyzeDisparityResponse& r, ReportFragment& fragment) {
  rv1::Chart* chart = AddChart(fragment, absl::StrCat("gini_trend_", column),
                               design.Text("spatio_temporal.trend_title", {design.Label(column)}), rv1::CHART_KIND_LINE);
  chart->set_x_label(design.Text("spatio_temporal.period"));
  chart->set_y_label(design.Text("spatio_temporal.gini"));
  auto* overall = chart->add_series();
  overall->set_name(design.Text("spatio_temporal.overall"));
  std::vector<rv1::Series*> groups;
  for (const auto& g : r.groups()) {
    groups.push_back(chart->add_series());
    groups.back()->set_name(design.Label(g));
  }
  for (const auto& p : r.periods()) {
    chart->add_categories(absl::StrCat(p.period()));
    overall->add_values(p.gini());
    for (int g = 0; g < r.groups_size(); ++g) groups[g]->add_values(GroupGini(p, r.groups(g)));
  }
  return chart;
}

rv1::Chart* DensityRidgelineChart(const StudyDesign& design, const std::string& column,
                                  const idx::AnalyzeDisparityResponse& r, ReportFragment& fragment) {
  rv1::Chart* chart = AddChart(fragment, absl::StrCat("density_", column),
                               design.Text("spatio_temporal.density_title", {design.Label(column)}),
                               rv1::CHART_KIND_RIDGELINE);
  chart->set_x_label(design.Label(column));
  chart->set_y_label(design.Text("spatio_temporal.density"));
  const auto& grid = r.densities(0).x();
  for (double x : grid) {
    chart->add_x_values(x);
    chart->add_categories(Fixed(x, 4));
  }
  for (const auto& d : r.densities()) {
    auto* series = chart->add_series();
    series->set_name(absl::StrCat(d.period()));
    *series->mutable_values() = d.density();
  }
  return chart;
}

}  // namespace govmetrics::reporting
