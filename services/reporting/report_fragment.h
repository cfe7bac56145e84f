#ifndef GOVMETRICS_SERVICES_REPORTING_REPORT_FRAGMENT_H_
#define GOVMETRICS_SERVICES_REPORTING_REPORT_FRAGMENT_H_

// A step's part of the report: its sections, tables, charts and headlines, held in a
// Report message of their own, appended to the study's report in step order.

#include <string>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

using ReportFragment = reporting::v1::Report;

reporting::v1::Table* AddTable(ReportFragment& fragment, const std::string& id, const std::string& title);
reporting::v1::Chart* AddChart(ReportFragment& fragment, const std::string& id, const std::string& title,
                               reporting::v1::ChartKind kind);
reporting::v1::Section* AddSection(ReportFragment& fragment, const std::string& id, const std::string& title);

// Appends the fragment's sections, tables, charts and headlines to `report`.
void AppendFragment(ReportFragment&& fragment, reporting::v1::Report& report);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_REPORT_FRAGMENT_H_
