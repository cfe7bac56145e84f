// govmetrics-index: the IndexService server. Flags: docs/operations.md.
#include "absl/flags/parse.h"
#include "common/rpc/server_runtime.h"
#include "services/index/index_service.h"

int main(int argc, char** argv) {
  govmetrics::rpc::BlockTerminationSignals();
  absl::ParseCommandLine(argc, argv);
  govmetrics::services::IndexServiceImpl service;
  return govmetrics::rpc::RunServer({"govmetrics-index", "127.0.0.1:50051"},
                                    {{&service, govmetrics::services::kIndexServiceName}});
}
