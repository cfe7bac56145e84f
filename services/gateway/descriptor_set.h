#ifndef GOVMETRICS_SERVICES_GATEWAY_DESCRIPTOR_SET_H_
#define GOVMETRICS_SERVICES_GATEWAY_DESCRIPTOR_SET_H_

// The compiled contracts as data. CMake runs protoc --descriptor_set_out over proto/ (every
// service, with imports and comments) and links the bytes into the gateway, so routes,
// JSON transcoding and the OpenAPI document all come from the annotated .proto files:
// a new annotated RPC needs a rebuild, not gateway code.

#include <memory>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"

namespace govmetrics::gateway {

// Every file of a serialized google.protobuf.FileDescriptorSet, built into one pool.
struct Contracts {
  std::unique_ptr<google::protobuf::DescriptorPool> pool;
  std::vector<const google::protobuf::FileDescriptor*> files;  // in the set's order
};
absl::StatusOr<Contracts> LoadContracts(absl::string_view serialized);

// The descriptor set linked into this binary (services/gateway/CMakeLists.txt).
absl::string_view EmbeddedDescriptorSet();

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_DESCRIPTOR_SET_H_
