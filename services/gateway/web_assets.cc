#include "services/gateway/web_assets.h"

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace govmetrics::gateway {

std::string MediaTypeOf(absl::string_view path) {
  static constexpr std::pair<absl::string_view, absl::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},   {".json", "application/json"},
      {".map", "application/json"},          {".svg", "image/svg+xml"},
      {".png", "image/png"},                 {".ico", "image/x-icon"},
  };
  for (const auto& [extension, type] : kTypes) {
    if (absl::EndsWith(path, extension)) return std::string(type);
  }
  return "application/octet-stream";
}

absl::StatusOr<WebAssets> ParseWebBundle(absl::string_view bundle) {
  WebAssets assets;
  size_t at = 0;
  while (at < bundle.size()) {
    const size_t path_end = bundle.find('\n', at);
    const size_t size_end = path_end == absl::string_view::npos ? path_end : bundle.find('\n', path_end + 1);
    size_t size = 0;
    if (size_end == absl::string_view::npos ||
        !absl::SimpleAtoi(bundle.substr(path_end + 1, size_end - path_end - 1), &size) ||
        size > bundle.size() - size_end - 1) {
      return absl::DataLossError(absl::StrCat("web bundle truncated or malformed at byte ", at));
    }
    const std::string path(bundle.substr(at, path_end - at));
    assets[path] = WebAsset{bundle.substr(size_end + 1, size), MediaTypeOf(path)};
    at = size_end + 1 + size;
  }
  return assets;
}

}  // namespace govmetrics::gateway
