#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_HTML_RENDERER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_HTML_RENDERER_H_

// The report as ONE self-contained HTML file: inline CSS, inline SVG charts, no script,
// no external font, image or link, so it opens offline, survives e-mail and prints.

#include <string>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

std::string RenderHtml(const reporting::v1::Report& report);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_HTML_RENDERER_H_
