#include "services/reporting/render/report_layout.h"

#include <algorithm>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/reporting/render/render_i18n.h"
#include "services/reporting/render/text_escape.h"

namespace govmetrics::reporting {

namespace rv1 = govmetrics::reporting::v1;

ReportLayout LayOutReport(const rv1::Report& report) {
  ReportLayout layout;
  std::map<std::string, const rv1::Table*> tables;
  std::map<std::string, const rv1::Chart*> charts;
  for (const auto& t : report.tables()) tables.emplace(t.id(), &t);
  for (const auto& c : report.charts()) charts.emplace(c.id(), &c);

  std::set<std::string> anchors;
  auto unique_anchor = [&](const std::string& stem) {
    std::string anchor = stem;
    for (int k = 2; anchors.count(anchor) > 0; ++k) anchor = absl::StrCat(stem, "-", k);
    anchors.insert(anchor);
    return anchor;
  };
  int section_number = 0;
  for (int i = 0; i < report.sections_size(); ++i) {
    const rv1::Section& s = report.sections(i);
    LaidOutSection out;
    out.section = &s;
    out.title = s.title();
    out.number = SectionNumber(report.language(), ++section_number);
    out.anchor =
        unique_anchor(absl::StrCat("sec-", SafeId(s.id().empty() ? absl::StrCat(i + 1) : s.id())));
    // A table or chart listed twice is shown where it first appears.
    for (const auto& id : s.table_ids()) {
      auto it = tables.find(id);
      if (it == tables.end() || layout.table_number.count(id) > 0) continue;
      layout.table_number[id] = static_cast<int>(layout.table_number.size()) + 1;
      out.tables.push_back(it->second);
    }
    for (const auto& id : s.chart_ids()) {
      auto it = charts.find(id);
      if (it == charts.end() || layout.figure_number.count(id) > 0) continue;
      layout.figure_number[id] = static_cast<int>(layout.figure_number.size()) + 1;
      out.charts.push_back(it->second);
    }
    layout.sections.push_back(std::move(out));
  }
  const RenderStrings& words = StringsFor(report.language());
  LaidOutSection other_tables;
  other_tables.title = words.other_tables;
  other_tables.anchor = unique_anchor("sec-other-tables");
  for (const auto& t : report.tables()) {
    if (layout.table_number.count(t.id()) > 0) continue;
    layout.table_number[t.id()] = static_cast<int>(layout.table_number.size()) + 1;
    other_tables.tables.push_back(&t);
  }
  if (!other_tables.tables.empty()) layout.sections.push_back(std::move(other_tables));
  LaidOutSection other_figures;
  other_figures.title = words.other_figures;
  other_figures.anchor = unique_anchor("sec-other-figures");
  for (const auto& c : report.charts()) {
    if (layout.figure_number.count(c.id()) > 0) continue;
    layout.figure_number[c.id()] = static_cast<int>(layout.figure_number.size()) + 1;
    other_figures.charts.push_back(&c);
  }
  if (!other_figures.charts.empty()) layout.sections.push_back(std::move(other_figures));
  return layout;
}

std::vector<std::string> TableNotes(const rv1::Table& table, rv1::Language language) {
  std::vector<std::string> notes(table.notes().begin(), table.notes().end());
  const bool starred =
      std::any_of(table.rows().begin(), table.rows().end(), [](const rv1::TableRow& row) {
        return row.kind() == rv1::ROW_KIND_COEFFICIENT &&
               std::any_of(row.cells().begin(), row.cells().end(),
                           [](const rv1::Cell& c) { return absl::StrContains(c.text(), "*"); });
      });
  const bool explained = std::any_of(notes.begin(), notes.end(), [](const std::string& note) {
    return absl::StrContains(note, "p<0.1") || absl::StrContains(note, "p < 0.1");
  });
  if (starred && !explained) notes.push_back(StringsFor(language).stars_legend);
  return notes;
}

int FirstInfoRow(const rv1::Table& table) {
  for (int i = 1; i < table.rows_size(); ++i) {
    if (table.rows(i).kind() == rv1::ROW_KIND_INFO &&
        table.rows(i - 1).kind() != rv1::ROW_KIND_INFO)
      return i;
  }
  return -1;
}

int ColumnCount(const rv1::Table& table) {
  int n = table.columns_size();
  for (const auto& row : table.rows()) n = std::max(n, row.cells_size());
  return n;
}

std::vector<const rv1::Chart*> ChartsInReadingOrder(const ReportLayout& layout) {
  std::vector<const rv1::Chart*> charts;
  for (const auto& section : layout.sections) charts.insert(charts.end(), section.charts.begin(), section.charts.end());
  return charts;
}

}  // namespace govmetrics::reporting
