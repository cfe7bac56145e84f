#ifndef GOVMETRICS_SERVICES_REPORTING_TABLE_CELLS_H_
#define GOVMETRICS_SERVICES_REPORTING_TABLE_CELLS_H_

// Cells as papers print them: "0.123***" over "(0.045)", "Yes"/"No", counts; each
// cell keeps the number behind its text. Also cell references for summary sentences.

#include <string>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

std::string Fixed(double value, int digits = 3);
// Significance wording for summaries: "p < 0.01", "p = 0.034".
std::string PText(double p_value);

reporting::v1::Cell CoefficientCell(double estimate, double p_value, int digits = 3);
reporting::v1::Cell StdErrorCell(double std_error, int digits = 3);
reporting::v1::Cell NumberCell(double value, int digits = 3);
reporting::v1::Cell TextCell(const std::string& text);
reporting::v1::Cell CountCell(long long value);

// Adds a row and returns its index.
int AddRow(reporting::v1::Table* table, const std::string& label, reporting::v1::RowKind kind);
// "table/row/col"
std::string CellRef(const reporting::v1::Table& table, int row, int col);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_TABLE_CELLS_H_
