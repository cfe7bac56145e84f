#include "services/gateway/openapi_embedded.h"

// GOVMETRICS_OPENAPI_DOCUMENT is the generated file's path (services/gateway/CMakeLists.txt).
__asm__(".section .rodata\n"
        ".global govmetrics_openapi_begin\n"
        "govmetrics_openapi_begin:\n"
        ".incbin \"" GOVMETRICS_OPENAPI_DOCUMENT "\"\n"
        ".global govmetrics_openapi_end\n"
        "govmetrics_openapi_end:\n"
        ".previous\n");
extern "C" const char govmetrics_openapi_begin[];
extern "C" const char govmetrics_openapi_end[];

namespace govmetrics::gateway {

absl::string_view EmbeddedOpenApiDocument() {
  return absl::string_view(govmetrics_openapi_begin, govmetrics_openapi_end - govmetrics_openapi_begin);
}

}  // namespace govmetrics::gateway
