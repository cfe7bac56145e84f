#ifndef GOVMETRICS_SERVICES_WORKSPACE_RESOURCE_ERRORS_H_
#define GOVMETRICS_SERVICES_WORKSPACE_RESOURCE_ERRORS_H_

// The workspace's access errors, following AIP-193 / AIP-211, each with a
// google.rpc.ResourceInfo detail naming the resource:
// - NOT_FOUND when the caller may not even know the resource exists: it does not exist,
//   is still uploading, or belongs to another agency that did not share it (the same
//   answer in all three cases, so names cannot be probed);
// - PERMISSION_DENIED when the caller can see the resource but not do this to it (a
//   reader deleting or re-sharing another agency's dataset).

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace govmetrics::workspace {

absl::Status ResourceNotFound(absl::string_view type, absl::string_view name,
                              absl::string_view agency);
absl::Status ResourcePermissionDenied(absl::string_view type, absl::string_view name,
                                      absl::string_view agency, absl::string_view owner,
                                      absl::string_view action);

// The id in "datasets/{id}" / "operations/{id}", or INVALID_ARGUMENT naming `field`.
absl::StatusOr<std::string> IdOfName(absl::string_view name, absl::string_view collection,
                                     absl::string_view field);

}  // namespace govmetrics::workspace

#endif  // GOVMETRICS_SERVICES_WORKSPACE_RESOURCE_ERRORS_H_
