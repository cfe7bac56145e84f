#include "common/rpc/status_mapping.h"

#include <string>

#include "absl/strings/cord.h"
#include "common/rpc/error_details_bound.h"
#include "google/rpc/status.pb.h"

namespace govmetrics::rpc {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  google::rpc::Status rpc_status;
  rpc_status.set_code(static_cast<int>(status.code()));
  rpc_status.set_message(std::string(status.message()));
  status.ForEachPayload([&](absl::string_view type_url, const absl::Cord& payload) {
    auto* any = rpc_status.add_details();
    any->set_type_url(std::string(type_url));
    any->set_value(std::string(payload));
  });
  // Whatever the input, the trailers must fit a default client's metadata limit.
  BoundStatusDetails(&rpc_status);
  // absl and gRPC share the canonical code numbering.
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()), rpc_status.message(),
                      rpc_status.SerializeAsString());
}

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  google::rpc::Status rpc_status;
  if (!status.error_details().empty() && rpc_status.ParseFromString(status.error_details())) {
    for (const auto& any : rpc_status.details()) {
      out.SetPayload(any.type_url(), absl::Cord(any.value()));
    }
  }
  return out;
}

}  // namespace govmetrics::rpc
