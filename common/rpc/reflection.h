#ifndef GOVMETRICS_COMMON_RPC_REFLECTION_H_
#define GOVMETRICS_COMMON_RPC_REFLECTION_H_

// Server reflection (--reflection) that can describe every service it lists, so
// grpcurl and `buf curl` work from reflection alone. Reflection answers from protobuf's
// generated descriptor pool; our services' descriptors are there, but gRPC's built-in
// grpc.health.v1.Health is not protobuf-generated, so its descriptor is linked in here.

namespace govmetrics::rpc {

// Call before building the server.
void EnableReflection();

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_REFLECTION_H_
