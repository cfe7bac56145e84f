#include "common/rpc/reflection.h"

#include "grpc/health/v1/health.pb.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"

namespace govmetrics::rpc {

void EnableReflection() {
  // Using a generated health message makes the linker keep health.pb.cc, whose static
  // initialiser registers grpc/health/v1/health.proto (the Health service included).
  static_cast<void>(grpc::health::v1::HealthCheckRequest::descriptor());
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
}

}  // namespace govmetrics::rpc
