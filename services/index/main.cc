// govmetrics-index: the IndexService server. Flags: docs/operations.md.
#include <cstdio>
#include <string>

#include "common/rpc/server_command_line.h"
#include "common/rpc/server_runtime.h"
#include "common/workspace_client/workspace_flags.h"
#include "services/index/index_service.h"

int main(int argc, char** argv) {
  govmetrics::rpc::BlockTerminationSignals();
  govmetrics::rpc::ParseServerCommandLine(
      argc, argv, "govmetrics-index",
      "the IndexService gRPC server (composite indices: entropy, CRITIC, CV, equal, entropy-TOPSIS weights; coupling coordination).");
  auto datasets = govmetrics::workspace_client::DatasetReaderFromFlags();
  if (!datasets.ok()) {
    std::fprintf(stderr, "govmetrics-index: %s\n", std::string(datasets.status().message()).c_str());
    return 1;
  }
  govmetrics::services::IndexServiceImpl service(datasets->get());
  return govmetrics::rpc::RunServer({"govmetrics-index", "127.0.0.1:50051"},
                                    {{&service, govmetrics::services::kIndexServiceName}});
}
