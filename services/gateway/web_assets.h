#ifndef GOVMETRICS_SERVICES_GATEWAY_WEB_ASSETS_H_
#define GOVMETRICS_SERVICES_GATEWAY_WEB_ASSETS_H_

// The browser pages the gateway serves (the workbench at /workbench/, the API page at
// /api/): built from web/workbench at build time into one bundle embedded in the binary,
// so a deployment has nothing to copy and nothing is fetched from elsewhere at run time.

#include <map>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace govmetrics::gateway {

struct WebAsset {
  absl::string_view content;  // points into the embedded bundle
  std::string media_type;
};

// Request path ("/workbench/app.js") -> asset.
using WebAssets = std::map<std::string, WebAsset, std::less<>>;

// Parses a bundle: per file "<path>\n<byte length>\n<bytes>" (web/workbench/build.mjs).
absl::StatusOr<WebAssets> ParseWebBundle(absl::string_view bundle);

// The bundle linked into this binary (empty when the build had no node/npm).
absl::string_view EmbeddedWebBundle();

// Content type of a file name by extension ("application/octet-stream" if unknown).
std::string MediaTypeOf(absl::string_view path);

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_WEB_ASSETS_H_
