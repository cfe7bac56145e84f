#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_CHART_DATA_TABLE_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_CHART_DATA_TABLE_H_

// A chart's data as a small table, for formats that cannot draw (Markdown): line and
// bar charts give categories x series, coefficient plots "estimate*** [lower, upper]",
// path diagrams one row per mediator with a, b, c, c', a×b and their stars.

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

reporting::v1::Table ChartDataTable(const reporting::v1::Chart& chart,
                                    reporting::v1::Language language);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_CHART_DATA_TABLE_H_
