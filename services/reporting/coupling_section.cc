#include "services/reporting/coupling_section.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/stats/coupling_coordination.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

namespace iv1 = govmetrics::index::v1;

constexpr int kCoordinatedFrom = 5;  // bands 5-9: D >= 0.5, "coordinated" classes

std::string BandText(const StudyDesign& design, int band) {
  return band < 0 ? "-" : design.Text(absl::StrCat("coupling.band_", band).c_str());
}

// Panel rows by period, then by D from the highest (rows without D last).
std::vector<int> CouplingOrder(const StudyDesign& design, const iv1::ComputeCouplingCoordinationResponse& r) {
  std::vector<int> order(design.panel.period_size());
  std::iota(order.begin(), order.end(), 0);
  auto degree = [&](int i) { return i < r.degree_size() && !std::isnan(r.degree(i)) ? r.degree(i) : -1.0; };
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) {
    if (design.panel.period(a) != design.panel.period(b)) return design.panel.period(a) < design.panel.period(b);
    return degree(a) > degree(b);
  });
  return order;
}

double At(const google::protobuf::RepeatedField<double>& values, int row) {
  return row < values.size() ? values.Get(row) : std::nan("");
}

const google::protobuf::RepeatedField<double>* Column(const StudyDesign& design, const std::string& name) {
  for (const auto& column : design.panel.columns()) {
    if (column.name() == name) return &column.values();
  }
  return nullptr;
}

rv1::Table* DegreeTable(const StudyDesign& design, const iv1::ComputeCouplingCoordinationResponse& r,
                        ReportFragment& fragment) {
  const auto& spec = design.spec->coupling();
  rv1::Table* table = AddTable(fragment, "coupling",
                               design.Text("coupling.title", {design.Label(spec.first()), design.Label(spec.second())}));
  table->set_stub_header(design.Text("scores.entity"));
  table->add_columns(design.Text("scores.period"));
  table->add_columns(design.Label(spec.first()));
  table->add_columns(design.Label(spec.second()));
  for (const char* header : {"coupling.c", "coupling.t", "coupling.d", "coupling.class"}) {
    table->add_columns(design.Text(header));
  }
  const auto* u1 = Column(design, spec.first());
  const auto* u2 = Column(design, spec.second());
  for (int row : CouplingOrder(design, r)) {
    const int k = AddRow(table, design.EntityName(row), rv1::ROW_KIND_UNSPECIFIED);
    auto* cells = table->mutable_rows(k)->mutable_cells();
    *cells->Add() = CountCell(design.panel.period(row));
    *cells->Add() = NumberCell(u1 ? At(*u1, row) : std::nan(""), 4);
    *cells->Add() = NumberCell(u2 ? At(*u2, row) : std::nan(""), 4);
    *cells->Add() = NumberCell(At(r.coupling(), row), 4);
    *cells->Add() = NumberCell(At(r.coordination_index(), row), 4);
    *cells->Add() = NumberCell(At(r.degree(), row), 4);
    *cells->Add() = TextCell(BandText(design, stats::CoordinationBand(At(r.degree(), row))));
  }
  const double a = spec.has_first_weight() ? spec.first_weight() : 0.5;
  table->add_notes(design.Text("coupling.formula_note", {Fixed(a, 2), Fixed(1.0 - a, 2)}));
  table->add_notes(design.Text("coupling.band_note"));
  return table;
}

// counts[band][period index]
using BandCounts = std::vector<std::vector<int>>;

BandCounts CountBands(const StudyDesign& design, const iv1::ComputeCouplingCoordinationResponse& r,
                      const std::vector<int32_t>& periods) {
  BandCounts counts(stats::kCoordinationBands, std::vector<int>(periods.size(), 0));
  for (int row = 0; row < design.panel.period_size(); ++row) {
    const int band = stats::CoordinationBand(At(r.degree(), row));
    if (band < 0) continue;
    const auto p = std::lower_bound(periods.begin(), periods.end(), design.panel.period(row)) - periods.begin();
    ++counts[band][p];
  }
  return counts;
}

rv1::Table* BandTable(const StudyDesign& design, const std::vector<int32_t>& periods, const BandCounts& counts,
                      ReportFragment& fragment) {
  rv1::Table* table = AddTable(fragment, "coupling_bands", design.Text("coupling.bands_title"));
  table->set_stub_header(design.Text("coupling.class"));
  for (int32_t p : periods) table->add_columns(absl::StrCat(p));
  for (int band = 0; band < stats::kCoordinationBands; ++band) {
    const int k = AddRow(table, absl::StrCat(Fixed(band / 10.0, 1), "–", Fixed((band + 1) / 10.0, 1), " ",
                                             BandText(design, band)),
                         rv1::ROW_KIND_UNSPECIFIED);
    for (int count : counts[band]) *table->mutable_rows(k)->add_cells() = CountCell(count);
  }
  const int total = AddRow(table, design.Text("coupling.coordinated_row"), rv1::ROW_KIND_INFO);
  for (size_t p = 0; p < periods.size(); ++p) {
    int coordinated = 0;
    for (int band = kCoordinatedFrom; band < stats::kCoordinationBands; ++band) coordinated += counts[band][p];
    *table->mutable_rows(total)->add_cells() = CountCell(coordinated);
  }
  return table;
}

void AddCouplingSummary(const StudyDesign& design, const std::vector<int32_t>& periods, const rv1::Table& bands,
                        rv1::Section* section) {
  const auto& total = bands.rows(bands.rows_size() - 1);
  const int last = static_cast<int>(periods.size()) - 1;
  int entities = 0;
  for (int band = 0; band < stats::kCoordinationBands; ++band) entities += bands.rows(band).cells(last).value();
  auto* sentence = section->add_summary();
  const auto& spec = design.spec->coupling();
  sentence->set_text(design.Text(
      "coupling.summary", {design.Label(spec.first()), design.Label(spec.second()), absl::StrCat(periods[last]),
                           total.cells(last).text(), absl::StrCat(entities), total.cells(0).text(),
                           absl::StrCat(periods[0])}));
  sentence->add_cell_refs(CellRef(bands, bands.rows_size() - 1, last));
  sentence->add_cell_refs(CellRef(bands, bands.rows_size() - 1, 0));
}

}  // namespace

void PlanCoupling(const StudyDesign& design, RequestPlan& plan) {
  if (!design.spec->has_coupling()) return;
  iv1::ComputeCouplingCoordinationRequest request;
  *request.mutable_panel() = design.panel;
  request.set_first(design.spec->coupling().first());
  request.set_second(design.spec->coupling().second());
  if (design.spec->coupling().has_first_weight()) request.set_first_weight(design.spec->coupling().first_weight());
  plan.Add(kCouplingKey, std::move(request));
}

absl::Status BuildCouplingSection(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  if (!design.spec->has_coupling()) return absl::OkStatus();
  auto response = responses.Get<iv1::ComputeCouplingCoordinationResponse>(kCouplingKey);
  if (!response.ok()) return response.status();
  rv1::Section* section = AddSection(fragment, "coupling", design.Text("coupling.section"));
  section->add_table_ids(DegreeTable(design, **response, fragment)->id());
  const std::set<int32_t> distinct(design.panel.period().begin(), design.panel.period().end());
  const std::vector<int32_t> periods(distinct.begin(), distinct.end());
  if (periods.empty()) return absl::OkStatus();
  const rv1::Table* bands = BandTable(design, periods, CountBands(design, **response, periods), fragment);
  section->add_table_ids(bands->id());
  AddCouplingSummary(design, periods, *bands, section);
  return absl::OkStatus();
}

}  // namespace govmetrics::reporting
