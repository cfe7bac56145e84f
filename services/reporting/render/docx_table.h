#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_TABLE_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_TABLE_H_

// A report table as a Word three-line table (三线表), as Chinese journals print them: a
// heavy rule above the header, a light rule under it and a heavy rule under the last
// row, no vertical rules; like the HTML and LaTeX tables, a light rule also sets the
// model-information rows (FE, N, R²) apart. The header row repeats on every page.

#include <string>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

// <w:tbl> filling `text_width_twips`: the label column takes a third, the data columns
// share the rest. Cell text is the report's text (stars as a superscript).
std::string DocxThreeLineTable(const reporting::v1::Table& table, int text_width_twips);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_TABLE_H_
