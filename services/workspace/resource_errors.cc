#include "services/workspace/resource_errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/contracts/field_violations.h"
#include "google/rpc/error_details.pb.h"

namespace govmetrics::workspace {
namespace {

absl::Status WithResourceInfo(absl::Status status, absl::string_view type, absl::string_view name,
                              absl::string_view owner) {
  google::rpc::ResourceInfo info;
  info.set_resource_type(absl::StrCat("govmetrics.workspace.v1/", type));
  info.set_resource_name(std::string(name));
  info.set_owner(std::string(owner));
  info.set_description(std::string(status.message()));
  status.SetPayload("type.googleapis.com/google.rpc.ResourceInfo",
                    absl::Cord(info.SerializeAsString()));
  return status;
}

}  // namespace

absl::Status ResourceNotFound(absl::string_view type, absl::string_view name,
                              absl::string_view agency) {
  return WithResourceInfo(
      absl::NotFoundError(absl::StrCat(type, " '", name, "' not found for agency '", agency,
                                       "' (it does not exist, or its owner has not shared it)")),
      type, name, "");
}

absl::Status ResourcePermissionDenied(absl::string_view type, absl::string_view name,
                                      absl::string_view agency, absl::string_view owner,
                                      absl::string_view action) {
  return WithResourceInfo(
      absl::PermissionDeniedError(absl::StrCat("agency '", agency, "' may read ", type, " '", name,
                                               "' but only its owner '", owner, "' may ",
                                               action, " it")),
      type, name, owner);
}

absl::StatusOr<std::string> IdOfName(absl::string_view name, absl::string_view collection,
                                     absl::string_view field) {
  const std::string prefix = absl::StrCat(collection, "/");
  if (!absl::StartsWith(name, prefix) || name.size() == prefix.size() ||
      name.find('/', prefix.size()) != absl::string_view::npos) {
    return contracts::InvalidField(
        std::string(field), absl::StrCat("'", name, "' is not a resource name of the form '",
                                         collection, "/{id}'"));
  }
  return std::string(name.substr(prefix.size()));
}

}  // namespace govmetrics::workspace
