#include "services/gateway/descriptor_set.h"

#include "absl/strings/str_cat.h"
#include "google/api/annotations.pb.h"
#include "google/protobuf/descriptor.pb.h"

// The bytes of the descriptor set, placed in .rodata by the assembler (GOVMETRICS_
// DESCRIPTOR_SET is its path in the build tree; CMake makes this object depend on it).
__asm__(".section .rodata\n"
        ".global govmetrics_descriptor_set_begin\n"
        ".balign 16\n"
        "govmetrics_descriptor_set_begin:\n"
        ".incbin \"" GOVMETRICS_DESCRIPTOR_SET "\"\n"
        ".global govmetrics_descriptor_set_end\n"
        "govmetrics_descriptor_set_end:\n"
        ".previous\n");
extern "C" const char govmetrics_descriptor_set_begin[];
extern "C" const char govmetrics_descriptor_set_end[];

namespace govmetrics::gateway {

absl::StatusOr<Contracts> LoadContracts(absl::string_view serialized) {
  // Linking the google.api.http extension makes the parser keep it in MethodOptions
  // (otherwise it would stay an unknown field and no route would be found).
  (void)google::api::http;
  google::protobuf::FileDescriptorSet set;
  if (!set.ParseFromArray(serialized.data(), static_cast<int>(serialized.size()))) {
    return absl::InvalidArgumentError("descriptor set does not parse");
  }
  Contracts contracts;
  contracts.pool = std::make_unique<google::protobuf::DescriptorPool>();
  // protoc --include_imports writes files in dependency order.
  for (const auto& file : set.file()) {
    const google::protobuf::FileDescriptor* built = contracts.pool->BuildFile(file);
    if (built == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat("descriptor of ", file.name(), " does not build"));
    }
    contracts.files.push_back(built);
  }
  return contracts;
}

absl::string_view EmbeddedDescriptorSet() {
  return absl::string_view(govmetrics_descriptor_set_begin,
                           govmetrics_descriptor_set_end - govmetrics_descriptor_set_begin);
}

}  // namespace govmetrics::gateway
