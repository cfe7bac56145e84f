#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_RENDER_DOCUMENTS_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_RENDER_DOCUMENTS_H_

// Entry point of the renderers: a structured Report -> the documents asked for.

#include <vector>

#include "absl/status/statusor.h"
#include "govmetrics/reporting/v1/report.pb.h"
#include "govmetrics/reporting/v1/study_spec.pb.h"

namespace govmetrics::reporting {

// Documents for the formats, in the order asked (duplicates and FORMAT_UNSPECIFIED
// ignored): HTML "report.html", Markdown "report.md", JSON "report.json"; LaTeX
// "report.tex" plus its figures "figures/figure-N-K.pdf"; Excel "tables.xlsx", Word
// "report.docx" and PDF "report.pdf" (bytes in binary_content); CSV one document per
// table, "tables/<table id>.csv" (ids made file-name safe: characters outside
// [A-Za-z0-9_-] become '-'). Only PDF can fail: it needs the TeX toolchain
// (latex_compiler.h: FAILED_PRECONDITION, DEADLINE_EXCEEDED or INTERNAL).
absl::StatusOr<std::vector<reporting::v1::Document>> RenderDocuments(
    const reporting::v1::Report& report, const std::vector<reporting::v1::Format>& formats);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_RENDER_DOCUMENTS_H_
