#ifndef GOVMETRICS_COMMON_RPC_BUILD_INFO_H_
#define GOVMETRICS_COMMON_RPC_BUILD_INFO_H_

// What `--version` prints for every govmetrics program (CLI and servers): our version
// and the gRPC / protobuf libraries the build linked, which is what a bug report needs.
// Header-only so the CLI can use it without linking the server runtime.

#include <string>

#include "google/protobuf/stubs/common.h"
#include "grpcpp/grpcpp.h"

namespace govmetrics::rpc {

// "govmetrics-index 0.1.0 (gRPC 1.51.1, protobuf 3.21.12)".
inline std::string VersionText(const std::string& program) {
  return program + " " + GOVMETRICS_VERSION + " (gRPC " + grpc::Version() + ", protobuf " +
         google::protobuf::internal::VersionString(GOOGLE_PROTOBUF_VERSION) + ")";
}

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_BUILD_INFO_H_
