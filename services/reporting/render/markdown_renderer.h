#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_MARKDOWN_RENDERER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_MARKDOWN_RENDERER_H_

// The report as GitHub-flavoured Markdown: headings, summaries, pipe tables with notes;
// charts as their data tables (Markdown cannot draw; the HTML report has the figures).

#include <string>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

std::string RenderMarkdown(const reporting::v1::Report& report);

// One table as a GFM pipe table (no caption, no notes).
std::string MarkdownTable(const reporting::v1::Table& table);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_MARKDOWN_RENDERER_H_
