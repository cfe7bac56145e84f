#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_JSON_RENDERER_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_JSON_RENDERER_H_

// The Report message as JSON (protobuf's canonical mapping, proto field names such as
// "table_ids" and "cell_refs", indented). NaN and infinities appear as the strings
// "NaN" / "Infinity", as the proto3 JSON mapping specifies.

#include <string>

#include "govmetrics/reporting/v1/report.pb.h"

namespace govmetrics::reporting {

std::string RenderJson(const reporting::v1::Report& report);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_JSON_RENDERER_H_
