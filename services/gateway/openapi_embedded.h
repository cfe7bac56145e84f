#ifndef GOVMETRICS_SERVICES_GATEWAY_OPENAPI_EMBEDDED_H_
#define GOVMETRICS_SERVICES_GATEWAY_OPENAPI_EMBEDDED_H_

// The OpenAPI document govmetrics-openapi generated at build time, linked into the
// gateway binary (served at /openapi.json).

#include "absl/strings/string_view.h"

namespace govmetrics::gateway {

absl::string_view EmbeddedOpenApiDocument();

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_OPENAPI_EMBEDDED_H_
