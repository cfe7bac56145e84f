#ifndef GOVMETRICS_SERVICES_REPORTING_RENDER_MEDIA_TYPES_H_
#define GOVMETRICS_SERVICES_REPORTING_RENDER_MEDIA_TYPES_H_

// File extension and MIME type of each output format.

#include "govmetrics/reporting/v1/study_spec.pb.h"

namespace govmetrics::reporting {

const char* FileExtension(reporting::v1::Format format);
const char* MediaType(reporting::v1::Format format);

}  // namespace govmetrics::reporting

#endif  // GOVMETRICS_SERVICES_REPORTING_RENDER_MEDIA_TYPES_H_
