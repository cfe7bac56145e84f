#ifndef GOVMETRICS_SERVICES_WORKSPACE_PAGE_TOKEN_H_
#define GOVMETRICS_SERVICES_WORKSPACE_PAGE_TOKEN_H_

// List pagination (AIP-158): a page token is the opaque position after the last item
// returned (a sort key), so pages stay correct while items are added or deleted.

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace govmetrics::workspace {

// The effective page size: `requested` when in 1..max, `fallback` when 0, INVALID_ARGUMENT
// when negative.
absl::StatusOr<int> PageSize(int requested, int fallback, int max);

// A (time, id) position and its token (base64 of "time:id").
struct PagePosition {
  int64_t time = 0;
  std::string id;
};
std::string EncodePageToken(const PagePosition& position);
// Empty token -> nullopt-like default with time = INT64_MAX (start at the newest).
absl::StatusOr<PagePosition> DecodePageToken(absl::string_view token);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_PAGE_TOKEN_H_
