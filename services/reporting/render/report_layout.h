#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_REPORT_LAYOUT_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_REPORT_LAYOUT_H_

// What every renderer prints, in which order, with which numbers: sections in reading
// order with their tables and charts resolved by id, tables and figures numbered by
// first appearance, and anything no section lists gathered at the end so that no table
// or chart of the Report is ever silently left out of a document.

#include <map>
#include <string>
#include <vector>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

struct LaidOutSection {
  std::string anchor;  // HTML id / LaTeX label stem, e.g. "sec-baseline"
  std::string number;  // "1" / "一、"; empty for the appendix-like sections
  std::string title;
  const reporting::v1::Section* section = nullptr;  // nullptr for gathered leftovers
  std::vector<const reporting::v1::Table*> tables;
  std::vector<const reporting::v1::Chart*> charts;
};

struct ReportLayout {
  std::vector<LaidOutSection> sections;
  std::map<std::string, int> table_number;   // by table id, 1-based
  std::map<std::string, int> figure_number;  // by chart id, 1-based
};

ReportLayout LayOutReport(const reporting::v1::Report& report);

// Every chart of the layout in reading order (the order of the figure numbers).
std::vector<const reporting::v1::Chart*> ChartsInReadingOrder(const ReportLayout& layout);

// Notes printed under a table: its own notes, plus the significance legend when the
// table has starred coefficient rows and no note already explains the stars.
std::vector<std::string> TableNotes(const reporting::v1::Table& table,
                                    reporting::v1::Language language);

// Index of the first ROW_KIND_INFO row that follows a non-info row (where a rule goes),
// or -1.
int FirstInfoRow(const reporting::v1::Table& table);

// Number of data columns: the wider of the header and the longest row (rows may be
// ragged; short rows and headers are padded, nothing is cut).
int ColumnCount(const reporting::v1::Table& table);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_REPORT_LAYOUT_H_
