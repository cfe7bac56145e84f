// Step 1b: what statistics agencies publish first about an index: each entity's score,
// its rank within the period and its dimension (sub-index) scores, period by period
// (one table per index of the study, exported like every table: CSV, xlsx sheet), and
// the latest period's scores as a bar chart sorted from the highest, the ranking chart
// of agency yearbooks (a rank-over-time line per entity is unreadable with 31 entities).
// Every number is the IndexService's response; ranks follow common/stats/index_ranking.h.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "common/stats/index_ranking.h"
#include "services/reporting/coupling_section.h"
#include "services/reporting/render/message_catalog.h"
#include "services/reporting/study_steps.h"
#include "services/reporting/table_cells.h"

namespace govmetrics::reporting {
namespace {

constexpr int kScoreDigits = 4;
constexpr int kUnranked = std::numeric_limits<int>::max();  // sorts after every rank

// One index's scores with their ranks, and the rows in publishing order: by period,
// then by rank (unranked rows, dropped by the index, last), then by entity name.
struct RankedScores {
  std::vector<double> scores;
  std::vector<int32_t> periods;
  std::vector<int> ranks;  // 0 = unranked
  std::vector<int> order;  // panel rows in table order
  int32_t latest_period = 0;
  bool any_ranked = false;
};

RankedScores RankScores(const StudyDesign& design, const index::v1::ComputeIndexResponse& response) {
  RankedScores r;
  r.scores.assign(response.scores().begin(), response.scores().end());
  r.periods.assign(design.panel.period().begin(), design.panel.period().end());
  r.scores.resize(r.periods.size(), std::nan(""));
  r.ranks = stats::RankWithinPeriods(r.scores, r.periods);
  r.order.resize(r.periods.size());
  std::iota(r.order.begin(), r.order.end(), 0);
  std::stable_sort(r.order.begin(), r.order.end(), [&](int a, int b) {
    if (r.periods[a] != r.periods[b]) return r.periods[a] < r.periods[b];
    const int ra = r.ranks[a] == 0 ? kUnranked : r.ranks[a];
    const int rb = r.ranks[b] == 0 ? kUnranked : r.ranks[b];
    if (ra != rb) return ra < rb;
    return design.EntityName(a) < design.EntityName(b);
  });
  for (size_t i = 0; i < r.ranks.size(); ++i) {
    if (r.ranks[i] == 0) continue;
    r.latest_period = r.any_ranked ? std::max(r.latest_period, r.periods[i]) : r.periods[i];
    r.any_ranked = true;
  }
  return r;
}

// Dimension columns only when the index has more than one dimension (with one, the
// dimension score is the composite).
bool HasDimensions(const index::v1::ComputeIndexResponse& response) { return response.dimension_scores_size() > 1; }

void AddScoreRow(const StudyDesign& design, const index::v1::ComputeIndexResponse& response,
                 const RankedScores& ranked, int row, rv1::Table* table) {
  const int r = AddRow(table, design.EntityName(row), rv1::ROW_KIND_UNSPECIFIED);
  auto* cells = table->mutable_rows(r)->mutable_cells();
  *cells->Add() = CountCell(ranked.periods[row]);
  *cells->Add() = NumberCell(ranked.scores[row], kScoreDigits);
  *cells->Add() = ranked.ranks[row] > 0 ? CountCell(ranked.ranks[row]) : TextCell("-");
  if (!HasDimensions(response)) return;
  for (const auto& dimension : response.dimension_scores()) {
    *cells->Add() = NumberCell(row < dimension.scores_size() ? dimension.scores(row) : std::nan(""), kScoreDigits);
  }
}

rv1::Table* ScoreTable(const StudyDesign& design, const std::string& name,
                       const index::v1::ComputeIndexResponse& response, const RankedScores& ranked,
                       ReportFragment& fragment) {
  rv1::Table* table =
      AddTable(fragment, absl::StrCat("scores_", name), design.Text("scores.title", {design.Label(name)}));
  table->set_stub_header(design.Text("scores.entity"));
  for (const char* header : {"scores.period", "scores.score", "scores.rank"}) table->add_columns(design.Text(header));
  if (HasDimensions(response)) {
    for (const auto& dimension : response.dimension_scores()) table->add_columns(design.Label(dimension.dimension()));
  }
  for (int row : ranked.order) AddScoreRow(design, response, ranked, row, table);
  table->add_notes(design.Text("scores.rank_note"));
  if (HasDimensions(response)) table->add_notes(design.Text("scores.dimension_note"));
  const std::string options =
      OptionsNote(design.language, response.provenance(), {"method", "pooling", "hierarchy"});
  if (!options.empty()) table->add_notes(options);
  return table;
}

// Table rows of the latest period, best first.
std::vector<int> LatestRows(const RankedScores& ranked) {
  std::vector<int> table_rows;
  for (size_t k = 0; k < ranked.order.size(); ++k) {
    const int row = ranked.order[k];
    if (ranked.periods[row] == ranked.latest_period && ranked.ranks[row] > 0) table_rows.push_back(static_cast<int>(k));
  }
  return table_rows;
}

rv1::Chart* RankingChart(const StudyDesign& design, const std::string& name, const RankedScores& ranked,
                         const std::vector<int>& latest, ReportFragment& fragment) {
  rv1::Chart* chart = AddChart(
      fragment, absl::StrCat("ranking_", name),
      design.Text("scores.chart_title", {design.Label(name), absl::StrCat(ranked.latest_period)}),
      rv1::CHART_KIND_BAR);
  chart->set_x_label(design.Text("scores.score"));
  auto* series = chart->add_series();
  series->set_name(design.Label(name));
  for (int k : latest) {
    const int row = ranked.order[k];
    chart->add_categories(design.EntityName(row));
    series->add_values(ranked.scores[row]);
  }
  return chart;
}

void AddRankingSummary(const StudyDesign& design, const std::string& name, const RankedScores& ranked,
                       const std::vector<int>& latest, const rv1::Table& table, rv1::Section* section) {
  const int first = ranked.order[latest.front()];
  const int last = ranked.order[latest.back()];
  auto* sentence = section->add_summary();
  sentence->set_text(design.Text(
      "scores.summary", {design.Label(name), absl::StrCat(ranked.latest_period), design.EntityName(first),
                         Fixed(ranked.scores[first], kScoreDigits), design.EntityName(last),
                         Fixed(ranked.scores[last], kScoreDigits), absl::StrCat(latest.size())}));
  sentence->add_cell_refs(CellRef(table, latest.front(), 1));
  sentence->add_cell_refs(CellRef(table, latest.back(), 1));
}

absl::Status BuildScoreTables(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  bool any_index = false;
  for (const auto& index : design.indices) any_index = any_index || design.IsStudyVariable(index.name);
  if (!any_index) return absl::OkStatus();  // no index in the study: no section
  rv1::Section* section = AddSection(fragment, "scores", design.Text("scores.section"));
  for (const auto& index : design.indices) {
    if (!design.IsStudyVariable(index.name)) continue;
    auto response = responses.Get<index::v1::ComputeIndexResponse>(index.key);
    if (!response.ok()) return response.status();
    const RankedScores ranked = RankScores(design, **response);
    const rv1::Table* table = ScoreTable(design, index.name, **response, ranked, fragment);
    section->add_table_ids(table->id());
    if (!ranked.any_ranked) continue;
    const std::vector<int> latest = LatestRows(ranked);
    section->add_chart_ids(RankingChart(design, index.name, ranked, latest, fragment)->id());
    AddRankingSummary(design, index.name, ranked, latest, *table, section);
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status PlanScoresStep(const StudyDesign& design, RequestPlan& plan) {
  PlanCoupling(design, plan);
  return absl::OkStatus();
}

absl::Status BuildScoresStep(const StudyDesign& design, const ResponseSet& responses, ReportFragment& fragment) {
  if (auto status = BuildScoreTables(design, responses, fragment); !status.ok()) return status;
  return BuildCouplingSection(design, responses, fragment);
}

}  // namespace govmetrics::reporting
