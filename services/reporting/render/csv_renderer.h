#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_CSV_RENDERER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_CSV_RENDERER_H_

// One table as CSV (RFC 4180, CRLF): header = stub header + column headers, then one
// line per row: label + cell texts as displayed ("0.123***", "(0.045)"). Full-precision
// numbers are in the JSON document.
//
// Encoding: UTF-8. A byte-order mark is written when the table holds any non-ASCII
// character (Chinese labels, but also "R²" in English tables): Excel opens BOM-less CSV
// in the legacy ANSI code page and garbles such text, while pandas
// (encoding="utf-8-sig"), R (fileEncoding="UTF-8-BOM") and LibreOffice handle the BOM.
// Pure-ASCII tables get no BOM, so they stay byte-identical to plain ASCII.

#include <string>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

std::string RenderCsv(const reporting::v1::Table& table);

// The UTF-8 byte-order mark.
inline constexpr const char kUtf8Bom[] = "\xEF\xBB\xBF";

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_CSV_RENDERER_H_
