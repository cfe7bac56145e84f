// govmetrics-index: the IndexService server. Flags: docs/operations.md.
#include "common/rpc/server_command_line.h"
#include "common/rpc/server_runtime.h"
#include "services/index/index_service.h"

int main(int argc, char** argv) {
  govmetrics::rpc::BlockTerminationSignals();
  govmetrics::rpc::ParseServerCommandLine(
      argc, argv, "govmetrics-index",
      "the IndexService gRPC server (composite indices: entropy, CRITIC, CV, equal, entropy-TOPSIS weights; coupling coordination).");
  govmetrics::services::IndexServiceImpl service;
  return govmetrics::rpc::RunServer({"govmetrics-index", "127.0.0.1:50051"},
                                    {{&service, govmetrics::services::kIndexServiceName}});
}
