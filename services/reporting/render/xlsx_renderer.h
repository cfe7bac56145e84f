#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_XLSX_RENDERER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_XLSX_RENDERER_H_

// Report -> Excel workbook (libxlsxwriter): one sheet per table, named by its number
// ("Table 3" / "表 3"), in the report's table order. Row 1 is the caption, row 2 the
// header, then the rows; every cell that carries a number is a numeric cell (shown with
// the table's decimals; standard errors in parentheses through the number format, so
// "(0.045)" is still the number 0.045), and significance stars go into a column of their
// own right of each estimate, so the numbers can be used in formulas. Notes follow the
// table. Never fails: a workbook that cannot be written gives empty bytes.

#include <string>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

std::string RenderXlsx(const reporting::v1::Report& report);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_XLSX_RENDERER_H_
