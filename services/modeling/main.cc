// govmetrics-modeling: the ModelingService server. Flags: docs/operations.md.
#include <cstdio>
#include <string>

#include "common/memory/large_block_flags.h"
#include "common/rpc/server_command_line.h"
#include "common/rpc/server_runtime.h"
#include "common/workspace_client/workspace_flags.h"
#include "services/modeling/modeling_service.h"

int main(int argc, char** argv) {
  govmetrics::rpc::BlockTerminationSignals();
  govmetrics::rpc::ParseServerCommandLine(
      argc, argv, "govmetrics-modeling",
      "the ModelingService gRPC server (panel models, Hausman test, mediation, group comparisons, descriptive statistics).");
  // Large blocks (a dataset read by reference, the engine's arrays) are reused across
  // calls instead of faulted in anew: common/memory/large_block_pool.h.
  govmetrics::memory::ConfigureProcessLargeBlocksFromFlags();
  auto datasets = govmetrics::workspace_client::DatasetReaderFromFlags();
  if (!datasets.ok()) {
    std::fprintf(stderr, "govmetrics-modeling: %s\n", std::string(datasets.status().message()).c_str());
    return 1;
  }
  govmetrics::services::ModelingServiceImpl service(datasets->get());
  return govmetrics::rpc::RunServer({"govmetrics-modeling", "127.0.0.1:50052"},
                                    {{&service, govmetrics::services::kModelingServiceName}});
}
