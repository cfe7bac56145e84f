#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_RENDER_DOCUMENTS_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_RENDER_DOCUMENTS_H_

// Entry point of the renderers: a structured Report -> the documents asked for.

#include <vector>

#include "govmetrics/reporting/v1/report.pb.h"
#include "govmetrics/reporting/v1/study_spec.pb.h"

namespace govmetrics::reporting {

// One Document per format, in the order asked (duplicates and FORMAT_UNSPECIFIED
// ignored): HTML "report.html", Markdown "report.md", LaTeX "report.tex", JSON
// "report.json", Excel "tables.xlsx" and Word "report.docx" (bytes in binary_content); CSV gives one document per table, "tables/<table id>.csv" (ids made
// file-name safe: characters outside [A-Za-z0-9_-] become '-'). Never fails.
std::vector<reporting::v1::Document> RenderDocuments(
    const reporting::v1::Report& report, const std::vector<reporting::v1::Format>& formats);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_RENDER_DOCUMENTS_H_
