// Step 6: moderation — does the explanatory variable's effect depend on a moderator? One
// interaction model per moderator (the baseline's controls, fixed effects and variance,
// plus X × moderator), its simple slopes and Johnson-Neyman interval from the modeling
// service, and a chart of the effect across the moderator (a second fit of the same
// model asks the service for the slopes on a grid: no number is computed here).
#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "services/reporting/regression_columns.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace mv1 = govmetrics::modeling::v1;

constexpr int kCurvePoints = 21;  // grid of the conditional-effect chart

std::string FitKey(const ModeratorColumn& m) { return absl::StrCat("fit/moderation/", m.spec_index); }
std::string CurveKey(const ModeratorColumn& m) { return absl::StrCat("fit/moderation/", m.spec_index, "/curve"); }

// X, a numeric moderator's main effect, then the controls other than the moderator.
std::vector<std::string> InteractionRegressors(const StudyDesign& design, const ModeratorColumn& m) {
  std::vector<std::string> regressors = {design.x};
  if (!m.is_label) regressors.push_back(m.name);
  for (const auto& c : design.controls) {
    if (c != m.name) regressors.push_back(c);
  }
  return regressors;
}

mv1::FitPanelModelRequest InteractionRequest(const StudyDesign& design, const ModeratorColumn& m,
                                             const std::vector<double>& values) {
  const auto& spec = design.spec->moderation().moderators(m.spec_index);
  mv1::FitPanelModelRequest request = design.FitRequest(design.y, InteractionRegressors(design, m), design.BaseModel());
  request.mutable_moderation()->set_center(design.spec->moderation().center());
  auto* term = request.mutable_moderation()->add_interactions();
  term->set_focal(design.x);
  term->set_moderator(m.name);
  for (double v : values) term->add_moderator_values(v);
  if (values.empty()) *term->mutable_moderator_values() = spec.values();
  term->set_reference_level(spec.reference_level());
  return request;
}

const google::protobuf::RepeatedField<double>* ColumnValues(const StudyDesign& design, const std::string& name) {
  for (const auto& c : design.panel.columns()) {
    if (c.name() == name) return &c.values();
  }
  return nullptr;
}

// Evenly spaced moderator values over its range on the rows complete in every model
// variable (where the chart has data); empty when the range is empty.
std::vector<double> CurveGrid(const StudyDesign& design, const ModeratorColumn& m) {
  std::vector<const google::protobuf::RepeatedField<double>*> columns;
  for (const auto& name : InteractionRegressors(design, m)) columns.push_back(ColumnValues(design, name));
  columns.push_back(ColumnValues(design, design.y));
  const auto* moderator = ColumnValues(design, m.name);
  if (moderator == nullptr) return {};
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  for (int r = 0; r < moderator->size(); ++r) {
    bool complete = true;
    for (const auto* c : columns) complete = complete && c != nullptr && r < c->size() && std::isfinite(c->Get(r));
    if (!complete) continue;
    lo = std::min(lo, moderator->Get(r));
    hi = std::max(hi, moderator->Get(r));
  }
  if (!(hi > lo)) return {};
  std::vector<double> grid;
  for (int i = 0; i < kCurvePoints; ++i) grid.push_back(lo + (hi - lo) * i / (kCurvePoints - 1));
  return grid;
}

struct ModeratorFits {
  const ModeratorColumn* moderator;
  const mv1::FitPanelModelResponse* fit;
  const mv1::FitPanelModelResponse* curve;  // null for a label moderator
};

absl::StatusOr<std::vector<ModeratorFits>> ReadFits(const StudyDesign& design, const ResponseSet& responses) {
  std::vector<ModeratorFits> fits;
  for (const auto& m : design.moderators) {
    auto fit = responses.Get<mv1::FitPanelModelResponse>(FitKey(m));
    if (!fit.ok()) return fit.status();
    if ((*fit)->moderation_size() != 1) return absl::InternalError(absl::StrCat(FitKey(m), ": no moderation result"));
    const mv1::FitPanelModelResponse* curve = nullptr;
    if (!m.is_label && responses.Contains(CurveKey(m))) {
      auto c = responses.Get<mv1::FitPanelModelResponse>(CurveKey(m));
      if (!c.ok()) return c.status();
      if ((*c)->moderation_size() == 1) curve = *c;
    }
    fits.push_back({&m, *fit, curve});
  }
  return fits;
}

// Rows: X, each numeric moderator, each product term, then the other controls.
std::vector<std::string> TableRows(const StudyDesign& design, const std::vector<ModeratorFits>& fits) {
  std::vector<std::string> rows = {design.x};
  auto add = [&rows](const std::string& name) {
    if (std::find(rows.begin(), rows.end(), name) == rows.end()) rows.push_back(name);
  };
  for (const auto& f : fits) {
    if (!f.moderator->is_label) add(f.moderator->name);
    for (const auto& term : f.fit->moderation(0).terms()) add(term);
  }
  for (const auto& c : design.controls) add(c);
  return rows;
}

rv1::Table* InteractionTable(const StudyDesign& design, const mv1::FitPanelModelResponse& baseline,
                             const std::vector<ModeratorFits>& fits, ReportFragment& fragment) {
  std::vector<RegressionColumn> columns = {{"(1)", &baseline, !design.controls.empty(), {}, ""}};
  for (size_t i = 0; i < fits.size(); ++i) {
    columns.push_back({absl::StrCat("(", i + 2, ")"), fits[i].fit, !design.controls.empty(), {}, ""});
  }
  rv1::Table* table = AddRegressionTable(design, fragment, "moderation", design.Text("moderation.title"),
                                         TableRows(design, fits), columns, true);
  if (design.spec->moderation().center()) table->add_notes(design.Text("moderation.centered_note"));
  return table;
}

// Where a slope is taken: "mean − 1 SD (0.512)" for a default value, the value as
// requested, or the level of a label moderator.
std::string AtText(const StudyDesign& design, const mv1::SimpleSlope& s) {
  if (!std::isfinite(s.at())) return design.Label(s.at_label());
  const char* key = s.at_label() == "mean-1SD"   ? "moderation.at_mean_minus_sd"
                    : s.at_label() == "mean"     ? "moderation.at_mean"
                    : s.at_label() == "mean+1SD" ? "moderation.at_mean_plus_sd"
                                                 : nullptr;
  return key == nullptr ? s.at_label() : absl::StrCat(design.Text(key), " (", Fixed(s.at()), ")");
}

rv1::Table* SlopesTable(const StudyDesign& design, const std::vector<ModeratorFits>& fits, ReportFragment& fragment) {
  rv1::Table* table =
      AddTable(fragment, "simple_slopes", design.Text("moderation.slopes_title", {design.Label(design.x)}));
  table->set_stub_header(design.Text("moderation.at"));
  for (const char* h : {"moderation.slope", "moderation.std_error", "moderation.statistic", "moderation.p_value",
                        "moderation.ci_lower", "moderation.ci_upper"}) {
    table->add_columns(design.Text(h));
  }
  for (const auto& f : fits) {
    const auto& result = f.fit->moderation(0);
    for (const auto& s : result.simple_slopes()) {
      const int row = AddRow(table, absl::StrCat(design.Label(result.moderator()), " = ", AtText(design, s)),
                             rv1::ROW_KIND_UNSPECIFIED);
      auto* cells = table->mutable_rows(row)->mutable_cells();
      *cells->Add() = CoefficientCell(s.slope(), s.p_value());
      *cells->Add() = NumberCell(s.std_error());
      *cells->Add() = NumberCell(s.statistic());
      *cells->Add() = NumberCell(s.p_value());
      *cells->Add() = NumberCell(s.ci_lower());
      *cells->Add() = NumberCell(s.ci_upper());
    }
  }
  table->add_notes(design.Text("moderation.slopes_note"));
  table->add_notes(design.Text("regression.stars_note"));
  return table;
}

// The service's region name, or "nowhere" for anything unknown.
std::string JohnsonNeymanRegion(const std::string& region) {
  for (const char* known : {"outside", "inside", "everywhere"}) {
    if (region == known) return region;
  }
  return "nowhere";
}

std::string RegionText(const StudyDesign& design, const std::string& region) {
  const std::string key = absl::StrCat("moderation.jn_", JohnsonNeymanRegion(region));
  return design.Text(key.c_str());
}

// One row per numeric moderator; null when every moderator is a label.
rv1::Table* JohnsonNeymanTable(const StudyDesign& design, const std::vector<ModeratorFits>& fits,
                               ReportFragment& fragment) {
  rv1::Table* table = nullptr;
  for (const auto& f : fits) {
    if (f.moderator->is_label) continue;
    if (table == nullptr) {
      table = AddTable(fragment, "johnson_neyman", design.Text("moderation.jn_title", {design.Label(design.x)}));
      table->set_stub_header(design.Text("moderation.moderator"));
      for (const char* h : {"moderation.jn_region", "moderation.jn_lower", "moderation.jn_upper",
                            "moderation.observed_min", "moderation.observed_max"}) {
        table->add_columns(design.Text(h));
      }
    }
    const auto& jn = f.fit->moderation(0).johnson_neyman();
    const int row = AddRow(table, design.Label(f.moderator->name), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = table->mutable_rows(row)->mutable_cells();
    *cells->Add() = TextCell(RegionText(design, jn.region()));
    for (double v : {jn.lower(), jn.upper(), jn.observed_min(), jn.observed_max()}) *cells->Add() = NumberCell(v);
  }
  if (table != nullptr) {
    const double level = fits.front().fit->resolved_model().confidence_level();
    table->add_notes(design.Text("moderation.jn_note", {Fixed(100 * (level > 0 ? level : 0.95), 0)}));
  }
  return table;
}

void AddSeriesPoint(rv1::Series* series, const mv1::SimpleSlope& s) {
  series->add_values(s.slope());
  series->add_lower(s.ci_lower());
  series->add_upper(s.ci_upper());
  series->add_p_values(s.p_value());
}

void AddMissingPoint(rv1::Series* series) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  for (auto* field : {series->mutable_values(), series->mutable_lower(), series->mutable_upper(),
                      series->mutable_p_values()}) {
    field->Add(nan);
  }
}

// The effect over the grid (line and band) with the simple slopes marked; both are the
// service's slopes of the same model, merged in moderator order.
void AddCurveChart(const StudyDesign& design, const ModeratorFits& f, ReportFragment& fragment, rv1::Section* section) {
  const std::string& name = f.moderator->name;
  rv1::Chart* chart = AddChart(fragment, absl::StrCat("moderation_effect_", f.moderator->spec_index + 1),
                               design.Text("moderation.chart_title", {design.Label(design.x), design.Label(name)}),
                               rv1::CHART_KIND_CONDITIONAL_EFFECT);
  chart->set_x_label(design.Label(name));
  chart->set_y_label(design.Text("moderation.chart_axis", {design.Label(design.x)}));
  std::vector<std::pair<double, const mv1::SimpleSlope*>> points;  // (at, slope); marked = from the table fit
  std::vector<bool> marked;
  for (const auto& s : f.curve->moderation(0).simple_slopes()) points.emplace_back(s.at(), &s);
  const size_t grid = points.size();
  for (const auto& s : f.fit->moderation(0).simple_slopes()) points.emplace_back(s.at(), &s);
  std::vector<size_t> order(points.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return points[a].first < points[b].first; });
  auto* curve = chart->add_series();
  curve->set_name(design.Text("moderation.chart_effect"));
  auto* slopes = chart->add_series();
  slopes->set_name(design.Text("moderation.chart_slopes"));
  for (size_t i : order) {
    const mv1::SimpleSlope& s = *points[i].second;
    chart->add_categories(i < grid ? Fixed(s.at()) : AtText(design, s));
    chart->add_x_values(s.at());
    AddSeriesPoint(curve, s);
    if (i < grid) AddMissingPoint(slopes); else AddSeriesPoint(slopes, s);
  }
  const auto& jn = f.fit->moderation(0).johnson_neyman();
  const double lo = chart->x_values(0), hi = chart->x_values(chart->x_values_size() - 1);
  for (double bound : {jn.lower(), jn.upper()}) {
    if (std::isfinite(bound) && bound >= lo && bound <= hi) chart->add_x_reference_lines(bound);
  }
  section->add_chart_ids(chart->id());
}

// A label moderator: the slope per level with its interval.
void AddLevelChart(const StudyDesign& design, const ModeratorFits& f, ReportFragment& fragment, rv1::Section* section) {
  const std::string& name = f.moderator->name;
  rv1::Chart* chart = AddChart(fragment, absl::StrCat("moderation_effect_", f.moderator->spec_index + 1),
                               design.Text("moderation.chart_title", {design.Label(design.x), design.Label(name)}),
                               rv1::CHART_KIND_COEFFICIENT);
  chart->set_x_label(design.Text("moderation.chart_axis", {design.Label(design.x)}));
  auto* series = chart->add_series();
  series->set_name(design.Label(design.x));
  for (const auto& s : f.fit->moderation(0).simple_slopes()) {
    chart->add_categories(design.Label(s.at_label()));
    AddSeriesPoint(series, s);
  }
  section->add_chart_ids(chart->id());
}

int CoefficientRow(const rv1::Table& table, const std::string& label) {
  for (int r = 0; r < table.rows_size(); ++r) {
    if (table.rows(r).kind() == rv1::ROW_KIND_COEFFICIENT && table.rows(r).label() == label) return r;
  }
  return -1;
}

const char* InteractionConclusion(double p) {
  return p < 0.05 ? "moderation.significant" : "moderation.not_significant";
}

// One sentence per moderator on the product term(s) and the slopes at the extremes,
// then the Johnson-Neyman region.
void AddSummaries(const StudyDesign& design, const std::vector<ModeratorFits>& fits, const rv1::Table& table,
                  const rv1::Table& slopes, const rv1::Table* jn, rv1::Section* section) {
  int slope_row = 0, jn_row = 0;
  for (size_t i = 0; i < fits.size(); ++i) {
    const auto& result = fits[i].fit->moderation(0);
    const int first = slope_row, last = slope_row + result.simple_slopes_size() - 1;
    slope_row += result.simple_slopes_size();
    if (result.terms().empty() || result.simple_slopes().empty()) continue;
    const auto* product = FindCoefficient(*fits[i].fit, result.terms(0));
    if (product == nullptr) continue;
    const auto& low = result.simple_slopes(0);
    const auto& high = result.simple_slopes(result.simple_slopes_size() - 1);
    auto* s = section->add_summary();
    s->set_text(design.Text("moderation.summary",
                            {design.Label(design.x), design.Label(result.moderator()), Fixed(product->estimate()),
                             PText(product->p_value()), design.Text(InteractionConclusion(product->p_value())),
                             AtText(design, low), Fixed(low.slope()), PText(low.p_value()), AtText(design, high),
                             Fixed(high.slope()), PText(high.p_value())}));
    if (const int row = CoefficientRow(table, design.Label(result.terms(0))); row >= 0) {
      s->add_cell_refs(CellRef(table, row, static_cast<int>(i) + 1));
    }
    s->add_cell_refs(CellRef(slopes, first, 0));
    s->add_cell_refs(CellRef(slopes, last, 0));
    if (fits[i].moderator->is_label || jn == nullptr) continue;
    const auto& interval = result.johnson_neyman();
    auto* j = section->add_summary();
    const std::string key = absl::StrCat("moderation.jn_summary_", JohnsonNeymanRegion(interval.region()));
    j->set_text(design.Text(key.c_str(), {design.Label(result.moderator()), Fixed(interval.lower()),
                                          Fixed(interval.upper()), Fixed(interval.observed_min()),
                                          Fixed(interval.observed_max()), design.Label(design.x)}));
    j->add_cell_refs(CellRef(*jn, jn_row, 1));
    j->add_cell_refs(CellRef(*jn, jn_row, 2));
    ++jn_row;
  }
}

}  // namespace

absl::Status PlanModerationStep(const StudyDesign& design, RequestPlan& plan) {
  if (design.moderators.empty()) return absl::OkStatus();
  plan.Add(kBaselineFullKey, design.FitRequest(design.y, design.Regressors(design.x), design.BaseModel()));
  for (const auto& m : design.moderators) {
    plan.Add(FitKey(m), InteractionRequest(design, m, {}));
    if (m.is_label) continue;
    const std::vector<double> grid = CurveGrid(design, m);
    if (!grid.empty()) plan.Add(CurveKey(m), InteractionRequest(design, m, grid));
  }
  return absl::OkStatus();
}

absl::Status BuildModerationStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  if (design.moderators.empty()) return absl::OkStatus();
  auto baseline = responses.Get<mv1::FitPanelModelResponse>(kBaselineFullKey);
  if (!baseline.ok()) return baseline.status();
  auto fits = ReadFits(design, responses);
  if (!fits.ok()) return fits.status();
  rv1::Section* section = AddSection(fragment, "moderation", design.Text("moderation.section"));
  const rv1::Table* table = InteractionTable(design, **baseline, *fits, fragment);
  section->add_table_ids(table->id());
  const rv1::Table* slopes = SlopesTable(design, *fits, fragment);
  section->add_table_ids(slopes->id());
  const rv1::Table* jn = JohnsonNeymanTable(design, *fits, fragment);
  if (jn != nullptr) section->add_table_ids(jn->id());
  for (const auto& f : *fits) {
    if (f.moderator->is_label) {
      AddLevelChart(design, f, fragment, section);
    } else if (f.curve != nullptr) {
      AddCurveChart(design, f, fragment, section);
    }
  }
  AddSummaries(design, *fits, *table, *slopes, jn, section);
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
