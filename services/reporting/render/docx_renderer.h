#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_RENDERER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_RENDERER_H_

// Report -> Word document (.docx, Office Open XML written directly and zipped with
// libzip): title, key results, the sections in reading order with their summaries,
// numbered three-line tables with their notes, numbered figures (the HTML report's
// charts as PNG pictures, with alternative text), and the report's notes, in the
// report's language. Same layout as every other renderer (report_layout.h). Never fails:
// a document that cannot be zipped gives empty bytes.

#include <string>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

std::string RenderDocx(const reporting::v1::Report& report);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_DOCX_RENDERER_H_
