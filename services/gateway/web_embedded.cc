#include "services/gateway/web_assets.h"

// GOVMETRICS_WEB_BUNDLE is the built bundle's path (web/CMakeLists.txt).
__asm__(".section .rodata\n"
        ".global govmetrics_web_begin\n"
        "govmetrics_web_begin:\n"
        ".incbin \"" GOVMETRICS_WEB_BUNDLE "\"\n"
        ".global govmetrics_web_end\n"
        "govmetrics_web_end:\n"
        ".previous\n");
extern "C" const char govmetrics_web_begin[];
extern "C" const char govmetrics_web_end[];

namespace govmetrics::gateway {

absl::string_view EmbeddedWebBundle() {
  return absl::string_view(govmetrics_web_begin, govmetrics_web_end - govmetrics_web_begin);
}

}  // namespace govmetrics::gateway
