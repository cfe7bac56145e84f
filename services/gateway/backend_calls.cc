#include "services/gateway/backend_calls.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/rpc/client_interceptor.h"
#include "grpcpp/impl/client_unary_call.h"
#include "grpcpp/impl/rpc_method.h"
#include "grpcpp/support/sync_stream.h"

namespace govmetrics::gateway {
namespace {

grpc::ByteBuffer ToByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes);
  return grpc::ByteBuffer(&slice, 1);
}

bool ToString(const grpc::ByteBuffer& buffer, std::string* out) {
  grpc::Slice slice;
  if (!buffer.DumpToSingleSlice(&slice).ok()) return false;
  out->assign(reinterpret_cast<const char*>(slice.begin()), slice.size());
  return true;
}

}  // namespace

absl::StatusOr<Backends> Backends::Parse(absl::string_view spec,
                                         std::shared_ptr<grpc::ChannelCredentials> credentials,
                                         int max_message_bytes) {
  Backends backends;
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(max_message_bytes);
  args.SetMaxSendMessageSize(max_message_bytes);
  // Same policy as reporting's downstream channels: spread over every resolved address.
  args.SetLoadBalancingPolicyName("round_robin");
  for (absl::string_view entry : absl::StrSplit(spec, ',', absl::SkipWhitespace())) {
    const std::vector<std::string> parts = absl::StrSplit(entry, absl::MaxSplits('=', 1));
    if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--backends entry '", entry, "' is not AREA=TARGET (e.g. index=127.0.0.1:50051)"));
    }
    backends.targets_[parts[0]] = parts[1];
    backends.channels_[parts[0]] = rpc::InstrumentedChannel(parts[1], credentials, args);
  }
  return backends;
}

std::string Backends::AreaOf(const google::protobuf::ServiceDescriptor* service) {
  const std::vector<std::string> parts = absl::StrSplit(service->full_name(), '.');
  return parts.size() >= 3 ? parts[1] : service->full_name();
}

std::string Backends::KeyFor(const google::protobuf::ServiceDescriptor* service) const {
  return channels_.count(service->full_name()) ? service->full_name() : AreaOf(service);
}

std::shared_ptr<grpc::Channel> Backends::ChannelFor(
    const google::protobuf::ServiceDescriptor* service) const {
  auto it = channels_.find(KeyFor(service));
  return it == channels_.end() ? nullptr : it->second;
}

grpc::Status CallUnary(grpc::Channel* channel, const std::string& grpc_path,
                       grpc::ClientContext* context, const std::string& request,
                       std::string* response) {
  const grpc::internal::RpcMethod method(grpc_path.c_str(), grpc::internal::RpcMethod::NORMAL_RPC);
  grpc::ByteBuffer reply;
  grpc::Status status = grpc::internal::BlockingUnaryCall<grpc::ByteBuffer, grpc::ByteBuffer>(
      channel, method, context, ToByteBuffer(request), &reply);
  if (status.ok() && !ToString(reply, response)) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "unreadable response buffer");
  }
  return status;
}

StreamReader::StreamReader(grpc::Channel* channel, const std::string& grpc_path,
                           grpc::ClientContext* context, const std::string& request) {
  const grpc::internal::RpcMethod method(grpc_path.c_str(),
                                         grpc::internal::RpcMethod::SERVER_STREAMING);
  reader_.reset(grpc::internal::ClientReaderFactory<grpc::ByteBuffer>::Create(
      channel, method, context, ToByteBuffer(request)));
}

StreamReader::~StreamReader() = default;

bool StreamReader::Read(std::string* message) {
  grpc::ByteBuffer buffer;
  return reader_->Read(&buffer) && ToString(buffer, message);
}

grpc::Status StreamReader::Finish() { return reader_->Finish(); }

}  // namespace govmetrics::gateway
