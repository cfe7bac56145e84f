#ifndef GOVMETRICS_SERVICES_GATEWAY_BACKEND_CALLS_H_
#define GOVMETRICS_SERVICES_GATEWAY_BACKEND_CALLS_H_

// The gateway's side of gRPC: one channel per service area ("index", "modeling",
// "reporting", "workspace", ... from govmetrics.<area>.v1), and calls made with
// serialized messages, so that no generated stub, and no gateway code, is needed per RPC.

#include <map>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "grpcpp/grpcpp.h"

namespace govmetrics::gateway {

class Backends {
 public:
  // "index=127.0.0.1:50051,...,google.longrunning.Operations=..." (targets as gRPC
  // accepts them, e.g. dns:///govmetrics-index:50051): keys are areas or full service names.
  static absl::StatusOr<Backends> Parse(absl::string_view spec,
                                        std::shared_ptr<grpc::ChannelCredentials> credentials,
                                        int max_message_bytes);

  // The channel serving `service` (by full name, else by area), or nullptr when none.
  std::shared_ptr<grpc::Channel> ChannelFor(const google::protobuf::ServiceDescriptor* service) const;
  // The configured key for `service` (full name or area), or its area when none is.
  std::string KeyFor(const google::protobuf::ServiceDescriptor* service) const;

  // "index" from "govmetrics.index.v1.IndexService".
  static std::string AreaOf(const google::protobuf::ServiceDescriptor* service);

  const std::map<std::string, std::string>& targets() const { return targets_; }

 private:
  std::map<std::string, std::string> targets_;
  std::map<std::string, std::shared_ptr<grpc::Channel>> channels_;
};

// A unary call with serialized request and response.
grpc::Status CallUnary(grpc::Channel* channel, const std::string& grpc_path,
                       grpc::ClientContext* context, const std::string& request,
                       std::string* response);

// A server-streaming call with serialized messages: Read() each message, then Finish().
class StreamReader {
 public:
  StreamReader(grpc::Channel* channel, const std::string& grpc_path, grpc::ClientContext* context,
               const std::string& request);
  ~StreamReader();
  bool Read(std::string* message);
  grpc::Status Finish();

 private:
  std::unique_ptr<grpc::ClientReader<grpc::ByteBuffer>> reader_;
};

}  // namespace govmetrics::gateway

#endif  // GOVMETRICS_SERVICES_GATEWAY_BACKEND_CALLS_H_
