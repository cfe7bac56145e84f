#ifndef GOVMETRICS_SERVICES_GATEWAY_OPENAPI_DOCUMENT_H_
#define GOVMETRICS_SERVICES_GATEWAY_OPENAPI_DOCUMENT_H_

// The OpenAPI 3 document of the HTTP/JSON API, derived from the same descriptors and
// routes the gateway serves: one operation per binding, a schema per message and enum
// (canonical JSON mapping), descriptions from the .proto comments, and the AIP-193
// error body. Generated at build time by govmetrics-openapi (openapi_main.cc).

#include <string>

#include "services/gateway/descriptor_set.h"
#include "services/gateway/route_table.h"

namespace govmetrics::gateway {

std::string OpenApiDocument(const RouteTable& routes, const std::string& version);

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_OPENAPI_DOCUMENT_H_
