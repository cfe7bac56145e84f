#include "services/reporting/spatial_tables.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_join.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr std::pair<mv1::MoranQuadrant, const char*> kQuadrants[] = {
    {mv1::MORAN_QUADRANT_HIGH_HIGH, "spatial.high_high"},
    {mv1::MORAN_QUADRANT_LOW_LOW, "spatial.low_low"},
    {mv1::MORAN_QUADRANT_LOW_HIGH, "spatial.low_high"},
    {mv1::MORAN_QUADRANT_HIGH_LOW, "spatial.high_low"}};

bool Significant(const mv1::LocalMoranUnit& unit, mv1::MoranQuadrant quadrant) {
  return unit.quadrant() == quadrant && unit.p_value() < kLisaLevel;
}

// "rho", "lambda", a regressor or "W*<regressor>" as the report names it.
std::string CoefficientLabel(const StudyDesign& design, const std::string& name) {
  if (name == "rho") return design.Text("spatial.rho");
  if (name == "lambda") return design.Text("spatial.lambda");
  if (name.rfind("W*", 0) == 0) return absl::StrCat("W × ", design.Label(name.substr(2)));
  return design.Label(name);
}

// Estimate row with stars and SE row under it, for each (estimate, SE, p) triple.
void AddEstimateRows(const std::string& label, const std::vector<std::vector<double>>& cells, rv1::Table* t) {
  const int row = AddRow(t, label, rv1::ROW_KIND_COEFFICIENT);
  const int se = AddRow(t, "", rv1::ROW_KIND_STD_ERROR);
  for (const auto& c : cells) {
    *t->mutable_rows(row)->add_cells() = CoefficientCell(c[0], c[2]);
    *t->mutable_rows(se)->add_cells() = StdErrorCell(c[1]);
  }
}

// Two-sided normal p of estimate / se (the effects carry simulated SEs only).
double NormalP(double estimate, double se) { return std::erfc(std::fabs(estimate / se) / std::sqrt(2.0)); }

}  // namespace

rv1::Table* MoranTable(const StudyDesign& design, const std::string& column,
                       const mv1::AnalyzeSpatialAutocorrelationResponse& r, ReportFragment& fragment) {
  rv1::Table* t = AddTable(fragment, absl::StrCat("moran_", column),
                           design.Text("spatial.moran_title", {design.Label(column)}));
  t->set_stub_header(design.Text("spatio_temporal.period"));
  for (const char* h : {"spatial.moran_i", "spatial.z", "spatial.p", "spatial.permutation_p", "spatial.geary_c",
                        "spatial.z", "spatial.p"}) {
    t->add_columns(design.Text(h));
  }
  for (const auto& p : r.periods()) {
    const int row = AddRow(t, absl::StrCat(p.period()), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = t->mutable_rows(row)->mutable_cells();
    *cells->Add() = CoefficientCell(p.moran().statistic(), p.moran().randomisation().p_value_greater(), 4);
    *cells->Add() = NumberCell(p.moran().randomisation().z());
    *cells->Add() = NumberCell(p.moran().randomisation().p_value_greater());
    *cells->Add() = NumberCell(p.moran().permutation_p_value());
    *cells->Add() = CoefficientCell(p.geary().statistic(), p.geary().randomisation().p_value_greater(), 4);
    *cells->Add() = NumberCell(p.geary().randomisation().z());
    *cells->Add() = NumberCell(p.geary().randomisation().p_value_greater());
  }
  t->add_notes(design.Text("spatial.moran_note"));
  return t;
}

rv1::Table* LisaCountTable(const StudyDesign& design, const std::string& column,
                           const mv1::AnalyzeSpatialAutocorrelationResponse& r, ReportFragment& fragment) {
  rv1::Table* t = AddTable(fragment, absl::StrCat("lisa_", column),
                           design.Text("spatial.lisa_title", {design.Label(column)}));
  t->set_stub_header(design.Text("spatio_temporal.period"));
  for (const auto& [quadrant, key] : kQuadrants) t->add_columns(design.Text(key));
  t->add_columns(design.Text("spatial.not_significant"));
  for (const auto& p : r.periods()) {
    const int row = AddRow(t, absl::StrCat(p.period()), rv1::ROW_KIND_UNSPECIFIED);
    long long significant = 0;
    for (const auto& [quadrant, key] : kQuadrants) {
      long long n = 0;
      for (const auto& unit : p.local()) n += Significant(unit, quadrant) ? 1 : 0;
      significant += n;
      *t->mutable_rows(row)->add_cells() = CountCell(n);
    }
    *t->mutable_rows(row)->add_cells() = CountCell(p.local_size() - significant);
  }
  t->add_notes(design.Text("spatial.lisa_note"));
  return t;
}

rv1::Table* LisaMemberTable(const StudyDesign& design, const std::string& column,
                            const mv1::AnalyzeSpatialAutocorrelationResponse& r, ReportFragment& fragment) {
  const int32_t period = r.periods().empty() ? 0 : r.periods(r.periods_size() - 1).period();
  rv1::Table* t = AddTable(fragment, absl::StrCat("lisa_members_", column),
                           design.Text("spatial.members_title", {design.Label(column), absl::StrCat(period)}));
  t->set_stub_header(design.Text("spatial.quadrant"));
  t->add_columns(design.Text("spatial.entities"));
  if (r.periods().empty()) return t;
  for (const auto& [quadrant, key] : kQuadrants) {
    std::vector<std::string> members;
    for (const auto& unit : r.periods(r.periods_size() - 1).local()) {
      if (Significant(unit, quadrant)) members.push_back(design.Label(unit.entity()));
    }
    const int row = AddRow(t, design.Text(key), rv1::ROW_KIND_UNSPECIFIED);
    *t->mutable_rows(row)->add_cells() = TextCell(members.empty() ? "-" : absl::StrJoin(members, ", "));
  }
  return t;
}

rv1::Chart* MoranTrendChart(const StudyDesign& design, ReportFragment& fragment) {
  rv1::Chart* chart = AddChart(fragment, "moran_trend", design.Text("spatial.trend_title"), rv1::CHART_KIND_LINE);
  chart->set_x_label(design.Text("spatio_temporal.period"));
  chart->set_y_label(design.Text("spatial.moran_i"));
  return chart;
}

void AddMoranSeries(const StudyDesign& design, const std::string& column,
                    const mv1::AnalyzeSpatialAutocorrelationResponse& r, rv1::Chart* chart) {
  const bool first = chart->series_size() == 0;
  auto* series = chart->add_series();
  series->set_name(design.Label(column));
  for (const auto& p : r.periods()) {
    if (first) chart->add_categories(absl::StrCat(p.period()));
    series->add_values(p.moran().statistic());
  }
}

void AddMoranSummary(const StudyDesign& design, const std::string& column,
                     const mv1::AnalyzeSpatialAutocorrelationResponse& r, const rv1::Table& moran,
                     rv1::Section* section) {
  int positive = 0;
  for (const auto& p : r.periods()) positive += p.moran().randomisation().p_value_greater() < 0.05 ? 1 : 0;
  auto* sentence = section->add_summary();
  sentence->set_text(design.Text("spatial.moran_summary", {design.Label(column), absl::StrCat(positive),
                                                           absl::StrCat(r.periods_size())}));
  for (int row = 0; row < moran.rows_size(); ++row) sentence->add_cell_refs(CellRef(moran, row, 2));
}

rv1::Table* SpatialTestsTable(const StudyDesign& design, const mv1::FitSpatialPanelResponse& sdm,
                              ReportFragment& fragment) {
  rv1::Table* t = AddTable(fragment, "spatial_tests", design.Text("spatial.tests_title"));
  t->set_stub_header(design.Text("spatial.test"));
  for (const char* h : {"spatial.statistic", "spatial.df", "spatial.p"}) t->add_columns(design.Text(h));
  auto add = [&](const mv1::SpatialPanelTest& test) {
    const int row = AddRow(t, design.Text(absl::StrCat("spatial.test_", absl::AsciiStrToLower(test.name())).c_str()), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = t->mutable_rows(row)->mutable_cells();
    *cells->Add() = CoefficientCell(test.statistic(), test.p_value());
    *cells->Add() = NumberCell(test.df(), 0);
    *cells->Add() = NumberCell(test.p_value());
  };
  for (const auto& test : sdm.lm_tests()) add(test);
  for (const auto& test : sdm.durbin_tests()) add(test);
  t->add_notes(design.Text("spatial.tests_note"));
  return t;
}

rv1::Table* SpatialModelTable(const StudyDesign& design, mv1::SpatialPanelModel model,
                              const mv1::FitSpatialPanelResponse& fit, ReportFragment& fragment) {
  rv1::Table* t = AddTable(fragment, "spatial_model", design.Text("spatial.model_title", {SpatialModelName(model)}));
  t->set_stub_header(design.Text("spatial.variable"));
  t->add_columns(SpatialModelName(model));
  for (const auto& c : fit.coefficients()) {
    AddEstimateRows(CoefficientLabel(design, c.name()), {{c.estimate(), c.std_error(), c.p_value()}}, t);
  }
  const std::pair<const char*, rv1::Cell> info[] = {
      {"spatial.log_likelihood", NumberCell(fit.log_likelihood(), 3)},
      {"spatial.sigma2", NumberCell(fit.sigma2(), 4)},
      {"spatial.observations", CountCell(fit.observations())}};
  for (const auto& [key, cell] : info) {
    const int row = AddRow(t, design.Text(key), rv1::ROW_KIND_INFO);
    *t->mutable_rows(row)->add_cells() = cell;
  }
  t->add_notes(design.Text("spatial.model_note"));
  return t;
}

rv1::Table* SpatialEffectsTable(const StudyDesign& design, const mv1::FitSpatialPanelResponse& fit,
                                ReportFragment& fragment) {
  rv1::Table* t = AddTable(fragment, "spatial_effects", design.Text("spatial.effects_title"));
  t->set_stub_header(design.Text("spatial.variable"));
  for (const char* h : {"spatial.direct", "spatial.indirect", "spatial.total"}) t->add_columns(design.Text(h));
  for (const auto& e : fit.effects()) {
    AddEstimateRows(design.Label(e.regressor()),
                    {{e.direct(), e.direct_std_error(), NormalP(e.direct(), e.direct_std_error())},
                     {e.indirect(), e.indirect_std_error(), NormalP(e.indirect(), e.indirect_std_error())},
                     {e.total(), e.total_std_error(), NormalP(e.total(), e.total_std_error())}},
                    t);
  }
  t->add_notes(design.Text("spatial.effects_note", {absl::StrCat(fit.effect_draws()), absl::StrCat(design.seed)}));
  return t;
}

void AddSpilloverSummary(const StudyDesign& design, const SpatialModelChoice& choice,
                         const mv1::FitSpatialPanelResponse& fit, const rv1::Table& effects, rv1::Section* section) {
  for (int k = 0; k < fit.effects_size(); ++k) {
    const auto& e = fit.effects(k);
    if (e.regressor() != design.x) continue;
    auto* sentence = section->add_summary();
    sentence->set_text(design.Text(
        "spatial.effects_summary",
        {design.Label(design.x), SpatialModelName(choice.model), Fixed(e.direct()),
         PText(NormalP(e.direct(), e.direct_std_error())), Fixed(e.indirect()),
         PText(NormalP(e.indirect(), e.indirect_std_error()))}));
    sentence->add_cell_refs(CellRef(effects, 2 * k, 0));
    sentence->add_cell_refs(CellRef(effects, 2 * k, 1));
  }
}

}  // namespace govmetrics::reporting
