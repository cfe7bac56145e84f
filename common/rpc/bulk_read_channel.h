#ifndef GOVMETRICS_COMMON_RPC_BULK_READ_CHANNEL_H_
#define GOVMETRICS_COMMON_RPC_BULK_READ_CHANNEL_H_

// Channel arguments of a channel that receives long streams of large messages: the
// compute services' channel to the workspace (a dataset read by reference is hundreds
// of MB to GB of ReadDataset messages), and the bench tool that measures that read
// alone (bench/workspace/read_columns_cpu.cc), so both receive the same way.

#include "grpcpp/support/channel_arguments.h"

namespace govmetrics::rpc {

grpc::ChannelArguments BulkReadChannelArguments();

}  // namespace govmetrics::rpc

#endif  // GOVMETRICS_COMMON_RPC_BULK_READ_CHANNEL_H_
