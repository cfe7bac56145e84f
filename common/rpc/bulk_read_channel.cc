#include "common/rpc/bulk_read_channel.h"

#include "grpc/grpc.h"

namespace govmetrics::rpc {
namespace {

// A receive window of a few messages lets the sender read and send the next ones while
// this process decodes one, where HTTP/2's default window (64 KiB, grown by BDP probes)
// makes the two take turns. Bounded: at most this many bytes wait in the transport.
constexpr int kReadWindowBytes = 32 << 20;

}  // namespace

grpc::ChannelArguments BulkReadChannelArguments() {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, kReadWindowBytes);
  return args;
}

}  // namespace govmetrics::rpc
